// Events of odd shape (a null cost, errors as a string, a duration as text, a message that is not an
// object): every field is read for its type, a field of the wrong type counts as absent, and no
// handler throws. The stream log prints every CLI value on one line, so none can act as a command.
import type { Attempt } from '../../../src/claude/failover.js'
import { Progress, readResult, type StreamEvent } from '../../../src/claude/result.js'
import { StreamLog } from '../../../src/claude/stream-log.js'
import { inert } from '../../../src/platform/platform.js'
import { renderTable } from '../../../src/report/render.js'
import { buildRunReport } from '../../../src/report/run-report.js'
import { printed } from '../../support/printed.js'

const ODD_RESULT = {
  type: 'result',
  subtype: 'error_max_turns',
  is_error: true,
  result: null,
  session_id: 's-1',
  num_turns: '3',
  duration_ms: '5',
  total_cost_usd: null,
  errors: 'Reached maximum number of turns (3)',
  usage: { input_tokens: '10', output_tokens: 5 },
  modelUsage: { m: null, 'claude-x': { outputTokens: 'many', costUSD: 1 } },
  api_error_status: 'x'
} as unknown as StreamEvent

function attemptOf(events: StreamEvent[]): Attempt {
  const progress = new Progress()
  for (const event of events) progress.observe(event)
  return {
    outcome: {
      exitCode: 1,
      signal: null,
      timedOut: false,
      cancelled: false,
      progress,
      stderrTail: '',
      nonJsonLines: 0,
      oversizedEvents: 0,
      maxBufferedBytes: 0
    }
  }
}

test('a result with fields of the wrong type reads them as absent, and errors as a string becomes a list', () => {
  expect(readResult(ODD_RESULT as unknown as Record<string, unknown>)).toEqual({
    type: 'result',
    subtype: 'error_max_turns',
    is_error: true,
    session_id: 's-1',
    errors: ['Reached maximum number of turns (3)'],
    usage: { input_tokens: '10', output_tokens: 5 },
    modelUsage: { 'claude-x': { outputTokens: undefined, costUSD: 1 } }
  })
})

test("the report of an odd result names the CLI's error, and no figure is garbled", () => {
  const report = buildRunReport([attemptOf([ODD_RESULT])], { provider: 'anthropic', executionFile: '/x', executable: 'claude' })
  expect(report).toMatchObject({
    subtype: 'error_max_turns',
    failureMessage: 'Reached maximum number of turns (3)',
    durationMs: 0,
    numTurns: 0,
    costUsd: undefined
  })
  expect(report.usage).toEqual({ inputTokens: 0, outputTokens: 5, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 })
  expect(renderTable(report)).toContain('| – | 0 | 0.0 s |')
})

test('the stream log never throws on odd events, and prints the odd result plainly', () => {
  const log = new StreamLog()
  const odd = [
    { type: 'assistant', message: 'not an object' },
    { type: 'assistant', message: { id: 7, content: [null, 5, { type: 'text', text: 42 }, { type: 'tool_use', id: 1, name: null, input: 'x' }] } },
    { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: null, content: { a: 1 } }] } },
    { type: 'system', subtype: 'init', model: { evil: true }, tools: 'all' },
    ODD_RESULT
  ] as unknown as StreamEvent[]
  const out = printed(() => {
    for (const event of odd) log.write(event)
    log.end()
  })
  expect(out).toContain('✗ error_max_turns · 0 turns\n')
})

test('values from the CLI cannot start a log line: the init line stays one line', () => {
  const model = 'claude-x\n::error title=Security scan passed::All clear\r\n::add-mask::ghp_x\u2028'
  const out = printed(() =>
    new StreamLog().write({ type: 'system', subtype: 'init', model, session_id: 's\n::warning::y', tools: [] } as unknown as StreamEvent)
  )
  expect(out).toBe(
    'Claude Code  · model claude-x\\n::error title=Security scan passed::All clear\\r\\n::add-mask::ghp_x\\u2028 · 0 tools · session s\\n::warning::y\n'
  )
  expect(out.split('\n').filter(line => line.startsWith('::'))).toEqual([])
  expect(inert('a\u0000b\u001b[31m')).toBe('a\\u0000b\\u001b[31m')
})

test('a tool name with a line break cannot start a line in a group title', () => {
  const log = new StreamLog(true)
  const out = printed(() => {
    log.write({
      type: 'assistant',
      message: { id: 'm1', content: [{ type: 'tool_use', id: 't1', name: 'Read\n::add-mask::x', input: {} }] }
    } as unknown as StreamEvent)
    log.write({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] } } as unknown as StreamEvent)
  })
  // Only the folded body holds the raw name, between stop-commands markers, where the runner reads no command.
  const commandsOn = out.replace(/^::stop-commands::(\S+)\n[\s\S]*?^::\1::\n/gm, '')
  expect(commandsOn).toContain('::group::  ↳ Read\\n::add-mask::x returned')
  expect(commandsOn.split('\n').filter(line => line.startsWith('::add-mask::'))).toEqual([])
})
