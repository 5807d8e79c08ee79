// Tool calls nothing allowed, with the real CLI: the scripted model asks for `npm test` and for a
// redirection outside the workspace, both refused. The run says so in one warning (with what would
// allow each), the permission-denials output and the summary; fail-on-permission-denials fails it; and
// the suggested allowed-tools entry really lets the command through.
import { startModel } from '../stand-ins/index.js'
import { runAction, visibleLog } from '../support/runner.js'

type Model = Awaited<ReturnType<typeof startModel>>
let model: Model | undefined

afterEach(async () => {
  await model?.close()
  model = undefined
})

const NPM_TEST = { toolUse: { name: 'Bash', input: { command: 'npm test', description: 'Run the tests' } } }
const REDIRECT = { toolUse: { name: 'Bash', input: { command: 'echo done > /tmp/cca-outside-marker' } } }

async function deniedRun(inputs: Record<string, string> = {}) {
  model = await startModel({ turns: [NPM_TEST, REDIRECT, { text: 'I could not run the tests.' }] })
  return runAction({
    inputs: { prompt: 'Run the tests.', 'anthropic-api-key': 'sk-ant-denials-0000000000', model: 'claude-sonnet-4-5', 'allowed-tools': 'Read', ...inputs },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
  })
}

test('each refused command is in one warning with the allowed-tools entry, in the output and in the summary; the step stays green', async () => {
  const run = await deniedRun()

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', 'permission-denials': '2', result: 'I could not run the tests.' })
  const warnings = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
  expect(warnings).toEqual([
    '::warning::Claude Code refused 2 tool calls that nothing allowed, so the task may be incomplete:' +
      '%0A- Bash: npm test → allowed-tools: Bash(npm test:*)' +
      '%0A- Bash: echo done > /tmp/cca-outside-marker → claude-args: --permission-mode acceptEdits (it writes /tmp/cca-outside-marker through a redirection; outside the working directory add --add-dir too)'
  ])
  expect(run.summary).toContain('| Permission denials (2) | Asked | Would be allowed by |')
  expect(run.summary).toContain('| Bash | `npm test` | `allowed-tools: Bash(npm test:*)` |')
  expect(run.summary).toContain('| Bash | `echo done > /tmp/cca-outside-marker` | `claude-args: --permission-mode acceptEdits')
})

test('fail-on-permission-denials fails the step, naming what to allow', async () => {
  const run = await deniedRun({ 'fail-on-permission-denials': 'true' })

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', subtype: 'error_permission_denials', 'permission-denials': '2' })
  expect(visibleLog(run)).toContain(
    '::error::Claude Code refused 2 tool calls that nothing allowed, and fail-on-permission-denials is true; allow them (Bash(npm test:*); claude-args: --permission-mode acceptEdits'
  )
  expect(run.summary).toContain('## ✗ Claude Code failed (error_permission_denials)')
})

test('the suggested entry lets the command run: only the redirection is refused then', async () => {
  const run = await deniedRun({ 'allowed-tools': 'Read,Bash(npm test:*)' })

  expect(run.exitCode).toBe(0)
  expect(run.outputs['permission-denials']).toBe('1')
  expect(
    visibleLog(run)
      .split('\n')
      .filter(line => line.startsWith('::warning::'))
  ).toEqual([
    '::warning::Claude Code refused 1 tool call that nothing allowed, so the task may be incomplete:' +
      '%0A- Bash: echo done > /tmp/cca-outside-marker → claude-args: --permission-mode acceptEdits (it writes /tmp/cca-outside-marker through a redirection; outside the working directory add --add-dir too)'
  ])
  // npm test ran (and failed: there is no package.json); its result is not a refusal.
  const toolResults = JSON.stringify(model?.requests.filter(r => r.main).map(r => r.body.messages))
  expect(toolResults).toContain('package.json')
  expect(toolResults.match(/requires approval/g) ?? []).toHaveLength(0)
})

test('a run without refusals has permission-denials 0, no warning and no summary table', async () => {
  model = await startModel({ text: 'Nothing to run.' })
  const run = await runAction({
    inputs: { prompt: 'Say hi.', 'anthropic-api-key': 'sk-ant-denials-0000000000', model: 'claude-sonnet-4-5', 'fail-on-permission-denials': 'true' },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs['permission-denials']).toBe('0')
  expect(visibleLog(run)).not.toContain('::warning::')
  expect(run.summary).not.toContain('Permission denials')
})
