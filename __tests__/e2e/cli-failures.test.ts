// A CLI that hangs, crashes, is killed, prints garbage or nothing: the step fails with what is known,
// the outputs are still set, and the action neither hangs nor leaves an unhandled rejection.
import { assistantEvent, INIT_EVENT, printEvents, writeStub } from '../support/stub-claude.js'
import { listFiles, runAction, visibleLog } from '../support/runner.js'

const KEY = { 'anthropic-api-key': 'sk-ant-stub-0000000000' }

function stubRun(stub: string, inputs: Record<string, string> = {}) {
  return runAction({ inputs: { prompt: 'hi', 'claude-path': stub, ...KEY, ...inputs } })
}

function expectCleanFailure(run: Awaited<ReturnType<typeof stubRun>>) {
  expect(run.exitCode).toBe(1)
  expect(run.stderr).not.toMatch(/Unhandled|UnhandledPromiseRejection|TypeError/)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  expect(run.outputs['execution-file']).toBeTruthy()
}

test('past timeout-minutes the CLI is stopped, and the turns it reported are still in the outputs', async () => {
  const stub = writeStub(`${printEvents(INIT_EVENT, assistantEvent('Looking at the code.'))}\nsleep 600`)
  const run = await stubRun(stub, { 'timeout-minutes': '0.05' })

  expectCleanFailure(run)
  expect(run.outputs).toMatchObject({ subtype: 'timeout', 'num-turns': '1', 'session-id': INIT_EVENT.session_id, 'input-tokens': '10', 'output-tokens': '5' })
  // Stream events carry tokens, not cost: with no result event the cost is unknown, not $0.
  expect(run.outputs).not.toHaveProperty('cost-usd')
  expect(visibleLog(run)).toContain('::error::Claude Code did not finish within timeout-minutes (0.05); it was stopped after 1 turns.')
  expect(run.executionLog).toContain('Looking at the code.')
  expect(run.summary).toContain('Claude Code failed (timeout)')
  expect(run.summary).toMatch(/\| – \| 1 \| \d+\.\d s \| `claude-stub-1` \| anthropic \| – \| 10 in \/ 5 out \/ 0 cache read \/ 0 cache creation \|/)
})

test('a CLI that ignores SIGTERM is killed after the grace period', async () => {
  const stub = writeStub(`trap '' TERM\n${printEvents(INIT_EVENT)}\nsleep 600`)
  const run = await stubRun(stub, { 'timeout-minutes': '0.02' })

  expectCleanFailure(run)
  expect(run.outputs.subtype).toBe('timeout')
})

test('a CLI killed by a signal fails the step with the signal and the end of its stderr', async () => {
  const stub = writeStub(`${printEvents(INIT_EVENT)}\necho 'fatal: out of memory' >&2\nkill -9 $$`)
  const run = await stubRun(stub)

  expectCleanFailure(run)
  expect(run.outputs.subtype).toBe('error_no_result')
  expect(visibleLog(run)).toMatch(/::error::Claude Code was killed by SIGKILL without a result\.%0ALast stderr:%0Afatal: out of memory/)
})

test('a CLI that crashes fails the step with its exit code and stderr tail', async () => {
  const stub = writeStub(`echo 'Error: Cannot find module ./cli.js' >&2\nexit 3`)
  const run = await stubRun(stub)

  expectCleanFailure(run)
  expect(visibleLog(run)).toMatch(/::error::Claude Code exited with code 3 without a result\.%0ALast stderr:%0AError: Cannot find module/)
})

test('a CLI that prints garbage fails the step and says the output is not stream-json', async () => {
  const stub = writeStub(`echo 'Usage: claude [options]'\necho '{"half": '\necho 'not json either'`)
  const run = await stubRun(stub)

  expectCleanFailure(run)
  expect(visibleLog(run)).toContain('It printed 3 lines that are not stream-json; is this Claude Code?')
})

test('a CLI that prints nothing fails the step', async () => {
  const run = await stubRun(writeStub('exit 0'))

  expectCleanFailure(run)
  expect(visibleLog(run)).toContain('::error::Claude Code exited with code 0 without a result.')
})

test('a background child that keeps stdout open does not hang the step', async () => {
  const stub = writeStub(`${printEvents(INIT_EVENT)}\nsleep 30 &\nexit 0`)
  const run = await stubRun(stub)

  expectCleanFailure(run)
  expect(visibleLog(run)).toContain('without a result')
})

test('a cancelled job stops the CLI, still reports, and the post step removes the run directory', async () => {
  // A tool result completes the turn, so its log line is printed while the CLI still runs.
  const toolResult = { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_stub_1', content: 'ok' }] } }
  const stub = writeStub(`${printEvents(INIT_EVENT, assistantEvent('Working on it.'), toolResult)}\nsleep 600`)
  const run = await runAction({
    inputs: { prompt: 'hi', 'claude-path': stub, ...KEY },
    cancel: { when: 'Turn 1: Working on it.', signal: 'SIGINT' }
  })

  expectCleanFailure(run)
  expect(run.outputs).toMatchObject({ subtype: 'cancelled', 'num-turns': '1' })
  expect(visibleLog(run)).toContain('::error::The job was cancelled; Claude Code was stopped.')
  expect(run.post?.exitCode).toBe(0)
  expect(listFiles(run.runnerTemp)).toEqual([])
})
