// Workflow-command injection through values the CLI reports: a workspace .claude/settings.json whose
// model holds line breaks reaches the real CLI's init event, and from there the log and the summary.
// Neither may start a line the runner reads as a command, nor add a table row. And the runner's
// legacy form `##[name]data`, which it reads anywhere in a line, from the model's text or a file
// name in the PR, acts on nothing.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { runnerCommands } from '../support/runner-commands.js'
import { FAKE_GITHUB_TOKEN, runAction } from '../support/runner.js'

const API_KEY = 'sk-ant-api03-e2e-injection-key-0123456789'
const MODEL = 'claude-sonnet-4-5\n::error title=Security scan passed::No issues found\n::add-mask::claude\n| $0.00 | 1 | forged |'

let model: Awaited<ReturnType<typeof startModel>>

afterEach(async () => {
  await model?.close()
})

test('a model with line breaks from the repository settings cannot print workflow commands or forge a table row', async () => {
  model = await startModel({ text: 'Reviewed.' })
  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, prompt: 'hi' },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' },
    prepare: workspace => {
      mkdirSync(path.join(workspace, '.claude'))
      writeFileSync(path.join(workspace, '.claude', 'settings.json'), JSON.stringify({ model: MODEL }))
    }
  })

  // The CLI passed the value on (this is the CLI's parsing, hence the real one).
  expect(run.stdout).toContain('· model claude-sonnet-4-5\\n::error title=Security scan passed::No issues found\\n::add-mask::claude')
  const lines = run.stdout.split('\n')
  expect(lines.filter(line => line.startsWith('::error title=Security scan passed'))).toEqual([])
  expect(lines.filter(line => line === '::add-mask::claude')).toEqual([])
  // The summary's table is still its header, its rule and one row.
  const table = run.summary.split('\n').filter(line => line.startsWith('|'))
  expect(table).toHaveLength(3)
  expect(table[2]).not.toMatch(/^\| \$0\.00 \| 1 \| forged/)
})

const FORGED_TURN = 'Turn 2: ##[error title=Security scan passed]pwned'
const FORGED_FILE = '##[add-mask]a'

test.each([
  ['the default log', {}],
  ['show-full-output', { 'show-full-output': 'true' }]
])('##[ from the model or a file name in the PR acts on nothing (%s), and the log still reads it', async (_name, extra) => {
  let workspace = ''
  model = await startModel({
    turns: [() => ({ toolUse: { name: 'Read', input: { file_path: path.join(workspace, 'pr', FORGED_FILE) } } }), { text: FORGED_TURN }]
  })
  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, prompt: 'hi', ...extra },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' },
    prepare: dir => {
      workspace = dir
      mkdirSync(path.join(dir, 'pr'))
      writeFileSync(path.join(dir, 'pr', FORGED_FILE), 'x ##[save-state name=isPost]false\n##[stop-commands]quiet\n')
    }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe(FORGED_TURN)
  // The lines were printed, readable, with the bracket escaped.
  expect(run.stdout).toContain(`→ Read ${path.join(workspace, 'pr', '##\\[add-mask]a')}`)
  expect(run.stdout).toContain('Turn 2: ##\\[error title=Security scan passed]pwned')
  // Read as the runner reads it: no command in the legacy form, no annotation, no mask but the action's own:
  // the token, the key and the model gateway's secret (32 random bytes, base64url), masked as it is made.
  const commands = runnerCommands(run.stdout)
  expect(commands.filter(c => c.form === '##[')).toEqual([])
  expect(commands.filter(c => c.command === 'error')).toEqual([])
  const masks = commands.filter(c => c.command === 'add-mask').map(c => c.data)
  expect(masks).toEqual([FAKE_GITHUB_TOKEN, API_KEY, expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)])
  expect(run.stdout).toContain(`::add-mask::${masks[2]}\nModel gateway: Claude Code reaches anthropic through `)
})
