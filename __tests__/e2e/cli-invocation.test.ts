// What the CLI process receives: argv exactly as built (no shell anywhere), stdin closed, the
// workflow's env kept, and the runner's tokens and the action's inputs removed.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startOidc } from '../stand-ins/index.js'
import { runAction } from '../support/runner.js'
import { writeStub } from '../support/stub-claude.js'

const STUB = `exec node --input-type=module -e '
import { writeFileSync, fstatSync, readFileSync } from "node:fs"
// An open pipe makes the real CLI wait 3 s; /dev/null (or no fd at all) ends at once.
let stdin = "at EOF"
try { if (fstatSync(0).isFIFO() || fstatSync(0).isSocket() || readFileSync(0).length > 0) stdin = "a pipe" } catch {}
writeFileSync(process.env.STUB_REPORT, JSON.stringify({ argv: process.argv.slice(1), env: process.env, cwd: process.cwd(), stdin }))
// As the real CLI does, a --json-schema run ends with structured output.
const structured = process.argv.includes("--json-schema") ? { structured_output: {} } : {}
console.log(JSON.stringify({ type: "result", subtype: "success", is_error: false, result: "ok", num_turns: 1, session_id: "s", ...structured }))
' -- "$@"`

async function invoke(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-report-')), 'report.json')
  const run = await runAction({
    inputs: { 'anthropic-api-key': 'sk-ant-invocation-0000', 'claude-path': writeStub(STUB), ...inputs },
    env: { STUB_REPORT: report, ...env },
    prepare: workspace => void mkdtempSync(path.join(workspace, 'sub-'))
  })
  expect(run.exitCode).toBe(0)
  return { run, seen: JSON.parse(readFileSync(report, 'utf8')) as { argv: string[]; env: Record<string, string>; cwd: string; stdin: string } }
}

test('inputs become flags, claude-args are split like words, and the prompt comes last and verbatim', async () => {
  const prompt = 'Review $(touch /tmp/pwned) `id`; echo "done" && exit 1 | tee x'
  const { seen } = await invoke({
    prompt,
    model: 'claude-sonnet-4-5',
    'max-turns': '7',
    'max-budget-usd': '1.5',
    'allowed-tools': 'Read, Grep\nBash(git diff:*)',
    'disallowed-tools': 'Write,Edit',
    'append-system-prompt': 'Be terse.',
    'json-schema': '{"type":"object"}',
    settings: '{"permissions":{"deny":["WebFetch"]}}',
    // --mcp-config takes several values, as in the CLI; the action merges them into one config.
    'claude-args': `--add-dir "docs dir" $HOME --mcp-config '{"mcpServers": {"docs": {"command": "docs-mcp"}}}'`
  })

  expect(seen.argv).toEqual([
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--model',
    'claude-sonnet-4-5',
    '--max-turns',
    '7',
    '--max-budget-usd',
    '1.5',
    '--allowedTools',
    'Read',
    'Grep',
    'Bash(git diff:*)',
    '--disallowedTools',
    'Write',
    'Edit',
    '--append-system-prompt',
    'Be terse.',
    '--json-schema',
    '{"type":"object"}',
    '--settings',
    expect.any(String),
    '--mcp-config',
    '{"mcpServers":{"docs":{"command":"docs-mcp"}}}',
    '--add-dir',
    'docs dir',
    '$HOME',
    '--',
    prompt
  ])
  expect(seen.stdin).toBe('at EOF')
  // The settings input, with the instruction files above the workspace excluded (the run's dir, /tmp, /).
  const settings = JSON.parse(seen.argv[seen.argv.indexOf('--settings') + 1])
  expect(settings.permissions).toEqual({ deny: ['WebFetch'] })
  expect(settings.claudeMdExcludes).toEqual(expect.arrayContaining(['/CLAUDE.md', '/.claude/rules/**', `${path.dirname(seen.cwd)}/CLAUDE.local.md`]))
  // Bash is allowed, so Claude Code runs isolated.
  expect(seen.env.CLAUDE_CODE_SUBPROCESS_ENV_SCRUB).toBe('1')
})

test('the CLI keeps the workflow env but never sees the runner tokens or the action inputs', async () => {
  const oidc = await startOidc()
  try {
    const { run, seen } = await invoke(
      { prompt: 'hi' },
      {
        ANTHROPIC_CUSTOM_HEADERS: 'x-gateway: ci',
        ANTHROPIC_BEDROCK_BASE_URL: 'https://gateway.example.com',
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-0000000000',
        ACTIONS_CACHE_URL: 'https://cache.example.com/'
      }
    )
    expect(seen.env).toMatchObject({
      // The job's header stays; the model gateway's secret header follows it on its own line.
      ANTHROPIC_CUSTOM_HEADERS: expect.stringMatching(/^x-gateway: ci\nx-claude-gateway-secret: \S+$/),
      ANTHROPIC_BEDROCK_BASE_URL: 'https://gateway.example.com',
      // The key stays in the action: the CLI holds a placeholder and the model gateway's URL.
      ANTHROPIC_API_KEY: 'placeholder-the-model-gateway-holds-the-key',
      ANTHROPIC_BASE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      GITHUB_REPOSITORY: 'octo-org/octo-repo'
    })
    const names = Object.keys(seen.env)
    for (const hidden of [
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_CACHE_URL',
      'GITHUB_ENV',
      'GITHUB_PATH',
      'GITHUB_OUTPUT',
      'GITHUB_STATE'
    ]) {
      expect(names).not.toContain(hidden)
    }
    expect(names.filter(n => n.startsWith('INPUT_') || n.startsWith('STATE_'))).toEqual([])
    expect(JSON.stringify(seen.env)).not.toContain('sk-ant-invocation-0000')
    expect(seen.cwd).toBe(run.workspace)
  } finally {
    await oidc.close()
  }
})

test('working-directory and a prompt file are read relative to the workspace', async () => {
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-report-')), 'report.json')
  const run = await runAction({
    inputs: { 'anthropic-api-key': 'sk-ant-invocation-0000', 'claude-path': writeStub(STUB), 'prompt-file': '.github/task.md', 'working-directory': 'pkg' },
    env: { STUB_REPORT: report },
    prepare: workspace => {
      mkdirSync(path.join(workspace, '.github'))
      mkdirSync(path.join(workspace, 'pkg'))
      writeFileSync(path.join(workspace, '.github', 'task.md'), 'Task from a file.\nSecond line.')
    }
  })
  expect(run.exitCode).toBe(0)
  const seen = JSON.parse(readFileSync(report, 'utf8'))
  expect(seen.argv[seen.argv.length - 1]).toBe('Task from a file.\nSecond line.')
  expect(seen.cwd).toBe(path.join(run.workspace, 'pkg'))
})
