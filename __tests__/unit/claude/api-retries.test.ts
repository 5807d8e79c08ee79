// Counting the CLI's api_retry events: by status, with the time waited, across failover attempts; what
// `throttled` means; the summary row; and the notice when waiting took over a quarter of the run.
import { jest } from '@jest/globals'
import { ApiRetries, describeRetries } from '../../../src/claude/api-retries.js'
import type { Attempt } from '../../../src/claude/failover.js'
import { Progress, type StreamEvent } from '../../../src/claude/result.js'
import { publish } from '../../../src/report/publish.js'
import { renderRetries } from '../../../src/report/render.js'
import { buildRunReport } from '../../../src/report/run-report.js'
import type { Settings } from '../../../src/settings/settings.js'

const retry = (status: unknown, delay: unknown): StreamEvent => ({
  type: 'system',
  subtype: 'api_retry',
  attempt: 1,
  max_retries: 3,
  retry_delay_ms: delay,
  error_status: status,
  error: 'rate_limit'
})

function attempt(events: StreamEvent[], region = 'us-east-1'): Attempt {
  const progress = new Progress()
  for (const event of events) progress.observe(event)
  return {
    region,
    outcome: {
      exitCode: 0,
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

const result = (extra: Record<string, unknown> = {}): StreamEvent => ({
  type: 'result',
  subtype: 'success',
  is_error: false,
  result: 'ok',
  session_id: 's',
  num_turns: 1,
  duration_ms: 4000,
  total_cost_usd: 0,
  ...extra
})
const context = { provider: 'bedrock' as const, executionFile: '/tmp/x.jsonl', executable: 'claude' }

test('retries are counted by status with their delays; odd fields count without a status or a delay', () => {
  const retries = new ApiRetries()
  for (const event of [retry(429, 1110), retry(429, 2200), retry(500, 900), retry('529', 'soon'), { type: 'system', subtype: 'init' }]) retries.observe(event)
  expect(retries.stats).toEqual({ count: 4, byStatus: { '429': 2, '500': 1, other: 1 }, waitMs: 4210, authWaitMs: 0 })
  expect(describeRetries(retries.stats)).toBe('HTTP 429 × 2, HTTP 500 × 1, other × 1')
})

test('throttled: a 429 or 529 retried, or one that ended an attempt; a 500 alone is not', () => {
  expect(buildRunReport([attempt([retry(429, 1000), result()])], context)).toMatchObject({ apiRetries: { count: 1 }, throttled: true })
  expect(buildRunReport([attempt([retry(500, 1000), result()])], context)).toMatchObject({ apiRetries: { count: 1 }, throttled: false })
  const ended = attempt([result({ is_error: true, api_error_status: 529, result: 'API Error: overloaded' })])
  const report = buildRunReport([ended, attempt([retry(500, 100), result()], 'us-west-2')], context)
  expect(report).toMatchObject({ apiRetries: { count: 1, byStatus: { '500': 1 } }, throttled: true })
})

test('the summary row shows the retries by status and the seconds waited', () => {
  const report = buildRunReport([attempt([retry(429, 1110), result()]), attempt([retry(429, 2000), result()], 'us-west-2')], context)
  expect(renderRetries(report)).toBe('| API retries | Waiting | Throttled |\n|---|---|---|\n| 2 (HTTP 429 × 2) | 3.1 s | yes |')
  expect(renderRetries(buildRunReport([attempt([result()])], context))).toBe('')
})

test('a notice with the fix when more than a quarter of the run went on waiting, and none otherwise', async () => {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (written.push(String(chunk)), true))
  const settings = { comment: { enabled: false, tag: '', token: '' } } as unknown as Settings
  try {
    await publish(buildRunReport([attempt([retry(429, 1100), result({ duration_ms: 4000 })])], context), settings)
    await publish(buildRunReport([attempt([retry(429, 900), result({ duration_ms: 4000 })])], context), settings)
  } finally {
    spy.mockRestore()
  }
  const notices = written.filter(line => line.startsWith('::notice::'))
  expect(notices).toEqual([
    "::notice::Claude Code waited 1.1 s of its 4.0 s run on API retries (HTTP 429 × 1); raise the model's quota in us-east-1, or add fallback-regions.\n"
  ])
})

test('retries of 401 and 403 are counted, and their wait is kept apart: a refused credential is not a quota problem', async () => {
  const retries = new ApiRetries()
  for (const event of [retry(401, 514), retry(403, 1000), retry(429, 700)]) retries.observe(event)
  expect(retries.stats).toEqual({ count: 3, byStatus: { '401': 1, '403': 1, '429': 1 }, waitMs: 2214, authWaitMs: 1514 })

  // Three minutes of 401 retries in a three-minute run: no word about quotas or fallbacks.
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (written.push(String(chunk)), true))
  const settings = { comment: { enabled: false, tag: '', token: '' } } as unknown as Settings
  const refused = Array.from({ length: 10 }, () => retry(401, 17_000))
  try {
    await publish(buildRunReport([attempt([...refused, result({ duration_ms: 177_000 })])], context), settings)
  } finally {
    spy.mockRestore()
  }
  expect(written.filter(line => line.startsWith('::notice::'))).toEqual([])
})
