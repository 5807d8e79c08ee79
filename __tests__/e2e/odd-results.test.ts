// A result event of odd shape from the CLI does not crash the step: the outputs, the summary and
// the post step's cleanup all still happen, and no output is garbled.
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'
import { runAction } from '../support/runner.js'

const KEY = { 'anthropic-api-key': 'sk-ant-stub-0000000000' }

test('total_cost_usd null, errors as a string and duration_ms as text still give every output and the summary', async () => {
  const odd = resultEvent('', {
    subtype: 'error_max_turns',
    is_error: true,
    result: null,
    total_cost_usd: null,
    errors: 'Reached maximum number of turns (1)',
    duration_ms: '5'
  })
  const stub = writeStub(`${printEvents(INIT_EVENT, odd)}\nexit 1`)
  const run = await runAction({ inputs: { prompt: 'hi', 'claude-path': stub, ...KEY } })

  expect(run.exitCode).toBe(1)
  expect(run.stderr).not.toMatch(/TypeError|Cannot read properties/)
  expect(run.stdout).toContain('✗ error_max_turns · 1 turns')
  expect(run.outputs).toMatchObject({ conclusion: 'failure', subtype: 'error_max_turns', 'duration-ms': '0', 'num-turns': '1' })
  expect(run.outputs).not.toHaveProperty('cost-usd')
  expect(run.stdout).toContain('::error::Reached maximum number of turns (1)')
  expect(run.summary).toContain('## ✗ Claude Code failed (error_max_turns)')
  expect(run.post?.exitCode).toBe(0)
})

test('a result event over 8 MiB: the step says the result was too large to read, not that there was none', async () => {
  // The CLI's final event, 9 MiB of answer; it exits 0.
  const big = writeStub(
    `${printEvents(INIT_EVENT)}\nnode -e "process.stdout.write(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'z'.repeat(9 * 1024 * 1024), num_turns: 1, session_id: 's' }) + '\\\\n')"`
  )
  const run = await runAction({ inputs: { prompt: 'hi', 'claude-path': big, ...KEY } })

  expect(run.exitCode).toBe(1)
  expect(run.stdout).not.toContain('without a result')
  expect(run.stdout).toMatch(
    /::error::Claude Code exited with code 0, but its result event was 9\.0 MiB, more than the 8\.0 MiB the action reads, so the run's result, cost and outcome are unknown to it\. The event is in the execution file \(\S+execution\.jsonl\)/
  )
  expect(run.outputs).toMatchObject({ conclusion: 'failure', subtype: 'error_result_too_large', 'is-error': 'true' })
  // The event itself is kept whole in the execution file.
  expect(run.executionLog.length).toBeGreaterThan(9 * 1024 * 1024)
})
