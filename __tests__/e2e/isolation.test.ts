// Claude Code's subprocess isolation (the isolation input), with the real CLI: a scripted model
// calls Bash to dump its environment and every /proc/<pid>/environ it can read, and the tool result
// the CLI sends back to the model must hold no secret of the run. .ci/run installs bubblewrap and
// socat, as a GitHub-hosted runner would have them (or the action would install them).
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { FAKE_GITHUB_TOKEN, runAction, visibleLog } from '../support/runner.js'
import { printEvents, resultEvent, INIT_EVENT, writeStub } from '../support/stub-claude.js'

const API_KEY = 'sk-ant-api03-isolation-test-key-0123456789'
const REQUEST_TOKEN = 'oidc-request-token-isolation-5f3a9c'
const DUMP = "env; echo '--- proc'; for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ; done 2>/dev/null; echo '--- end'"
/**
 * Names only, of the tool's environment and of each of its ancestors' (Claude Code, the action, …): where the
 * secrets are within reach, the transcript Claude Code keeps must not hold their values either.
 */
const DUMP_NAMES =
  "env | cut -d= -f1; echo '--- ancestors'; p=$$; while [ \"$p\" -gt 1 ]; do tr '\\0' '\\n' < /proc/$p/environ | cut -d= -f1; " +
  "p=$(awk '/^PPid/{print $2}' /proc/$p/status); done 2>/dev/null | sort -u; echo '--- end'"

type Model = Awaited<ReturnType<typeof startModel>>
let model: Model
afterEach(async () => {
  await model?.close()
})

/** A run whose model calls Bash once to dump every environment it can see, then ends. */
async function dumpRun(inputs: Record<string, string>, env: Record<string, string | undefined> = {}, command = DUMP) {
  model = await startModel({ turns: [{ toolUse: { name: 'Bash', input: { command } } }, { text: 'Dumped.' }] })
  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Show me the environment.', 'allowed-tools': 'Bash', ...inputs },
    env: {
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      // As with `id-token: write`: the action's own process gets them, whatever the provider.
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      ...env
    }
  })
  return { run, toolResult: toolResultText() }
}

/** What the CLI sent the model back as the Bash result. */
function toolResultText(): string {
  const last = model.requests.filter(r => r.main).at(-1)
  const blocks = (last?.body.messages ?? []).flatMap((m: { content: unknown }) => (Array.isArray(m.content) ? m.content : []))
  return JSON.stringify(blocks.filter((b: { type?: string }) => b.type === 'tool_result'))
}

test('with Bash allowed, isolation is on by default and no secret of the run reaches the model, not even through /proc', async () => {
  const { run, toolResult } = await dumpRun({})

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Dumped.')
  expect(visibleLog(run)).toContain('Subprocess isolation is on: Bash is allowed')
  // The dump ran: it holds the tool's own environment, the marker lines, and the isolation switch.
  expect(toolResult).toContain('--- proc')
  expect(toolResult).toContain('--- end')
  expect(toolResult).toContain('CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1')
  expect(toolResult).toContain('PATH=')
  for (const secret of [API_KEY, FAKE_GITHUB_TOKEN, REQUEST_TOKEN]) expect(toolResult).not.toContain(secret)
  // The action's inputs are in no environment the tool can read (its own process's included).
  expect(toolResult).not.toContain('INPUT_')
})

test('isolation: off leaves Claude Code as it was: its tools read the key and, through /proc, the inputs and the request token', async () => {
  const { run, toolResult } = await dumpRun({ isolation: 'off' }, {}, DUMP_NAMES)

  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).not.toContain('Subprocess isolation')
  expect(toolResult).toContain('--- end')
  // The tool's own environment.
  expect(toolResult.split('--- ancestors')[0]).not.toContain('CLAUDE_CODE_SUBPROCESS_ENV_SCRUB')
  // What isolation is for: the CLI's own key, and the action's process environment as the runner started it
  // (the action deletes the request token from its process.env, but /proc/<pid>/environ keeps the original).
  expect(toolResult).toContain('ANTHROPIC_API_KEY')
  expect(toolResult).toContain('ACTIONS_ID_TOKEN_REQUEST_TOKEN')
  expect(toolResult).toContain('INPUT_GITHUB-TOKEN')
})

/** A PATH with a shell and the few commands the dump needs, and no bwrap, socat, apt-get, sudo or unshare. */
function pathWithoutBubblewrap(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-path-'))
  for (const command of ['sh', 'bash', 'env', 'tr', 'cat', 'cut', 'sort', 'awk', 'ls']) {
    for (const from of ['/usr/bin', '/bin']) {
      try {
        symlinkSync(path.join(from, command), path.join(dir, command))
        break
      } catch {
        // Not in this folder (or already linked).
      }
    }
  }
  return dir
}

test('isolation: required fails the step with a clear message where bubblewrap is missing and cannot be installed; no model request', async () => {
  model = await startModel({ text: 'never' })
  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Hi.', 'allowed-tools': 'Bash', isolation: 'required' },
    env: { ANTHROPIC_BASE_URL: model.url, PATH: pathWithoutBubblewrap() }
  })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain(
    "::error::isolation is required, but Claude Code's subprocess isolation cannot run here: bwrap and socat are not installed, and the action cannot install bubblewrap and socat here (that takes apt-get, and root or passwordless sudo)."
  )
  expect(model.requests).toEqual([])
  expect(run.outputs.conclusion).toBe('failure')
})

test('isolation: auto where bubblewrap cannot be had warns once and runs without it', async () => {
  const { run, toolResult } = await dumpRun({}, { PATH: pathWithoutBubblewrap() }, DUMP_NAMES)

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Dumped.')
  const warnings = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
  expect(warnings).toEqual([
    '::warning::Claude Code runs without subprocess isolation (bwrap and socat are not installed, and the action cannot install bubblewrap and socat here (that takes apt-get, and root or passwordless sudo)): Bash is allowed, and its tools can read every credential in the environment of the CLI and of the action (see docs/security.md). Set isolation: off to accept this without a warning, or required to fail instead.'
  ])
  expect(toolResult).toContain('--- end')
  expect(toolResult.split('--- ancestors')[0]).not.toContain('CLAUDE_CODE_SUBPROCESS_ENV_SCRUB')
  expect(toolResult).toContain('ANTHROPIC_API_KEY')
})

test('a run that allows no Bash, hooks or MCP servers needs no isolation: nothing is checked or installed, and the CLI gets no switch', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-env-dump-'))
  const stub = writeStub(`env > '${dir}/env'\n${printEvents(INIT_EVENT, resultEvent('done'))}`)
  // Even with no way to install bubblewrap: auto does not look for it.
  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, prompt: 'Hi.', 'allowed-tools': 'Read,Grep', 'claude-path': stub },
    env: { PATH: pathWithoutBubblewrap() }
  })

  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).toContain('Subprocess isolation is not needed: this run allows Claude Code no Bash, hooks or MCP servers of its own.')
  expect(visibleLog(run)).not.toContain('::warning::')
  expect(readFileSync(path.join(dir, 'env'), 'utf8')).not.toContain('CLAUDE_CODE_SUBPROCESS_ENV_SCRUB')
})
