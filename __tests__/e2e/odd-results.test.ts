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
