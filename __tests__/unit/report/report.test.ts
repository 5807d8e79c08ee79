// From the CLI's events to the step's outputs and summary, through the GitHub platform,
// which writes GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Attempt } from '../../../src/claude/failover.js'
import { isCapacityError, Progress, type ResultEvent, type StreamEvent } from '../../../src/claude/result.js'
import type { CliOutcome } from '../../../src/claude/run.js'
import { setOutputs, setupFailureReport, writeSummary } from '../../../src/report/publish.js'
import { buildRunReport } from '../../../src/report/run-report.js'
import { addSecret } from '../../../src/platform/secrets.js'
import { parseFileCommands } from '../../support/runner.js'

const fixtures = path.join(import.meta.dirname, '..', '..', 'fixtures')
const stream = readFileSync(path.join(fixtures, 'sample-stream.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map(l => JSON.parse(l) as StreamEvent)
const sampleResult = JSON.parse(readFileSync(path.join(fixtures, 'sample-result.json'), 'utf8')) as ResultEvent

function attempt(events: StreamEvent[], outcome: Partial<CliOutcome> = {}, region?: string): Attempt {
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
      maxBufferedBytes: 0,
      ...outcome
    }
  }
}

// One directory for every test's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-report-'))

const context = { provider: 'bedrock' as const, executionFile: '/tmp/x.jsonl', executable: 'claude', awsAccountId: '123456789012' }

test('the sample stream becomes a successful report', () => {
  const report = buildRunReport([attempt(stream, {}, 'us-east-1')], context)
  expect(report).toMatchObject({
    conclusion: 'success',
    isError: false,
    subtype: 'success',
    result: 'Hi! How can I help you today?',
    numTurns: 1,
    costUsd: 0.000188,
    usage: { inputTokens: 12, outputTokens: 7, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    model: 'claude-opus-5-5',
    region: 'us-east-1',
    failureMessage: undefined
  })
})

test('an API error keeps the CLI words, and subtype says error_api instead of success', () => {
  const apiError = {
    ...sampleResult,
    is_error: true,
    result: 'API Error: Request rejected (429) · slow down',
    api_error_status: 429,
    terminal_reason: 'api_error'
  }
  const report = buildRunReport([attempt([stream[0], apiError as StreamEvent], { exitCode: 1 })], context)
  expect(report).toMatchObject({ conclusion: 'failure', subtype: 'error_api', failureMessage: 'API Error: Request rejected (429) · slow down' })
  expect(isCapacityError(apiError)).toBe(true)
  expect(isCapacityError({ ...apiError, api_error_status: 400, result: 'API Error: 400 bad model' })).toBe(false)
})

test('max turns: the CLI gives no result text, its errors explain', () => {
  const maxTurns = { type: 'result', subtype: 'error_max_turns', is_error: true, result: null, errors: ['Reached maximum number of turns (2)'], num_turns: 2 }
  const report = buildRunReport([attempt([stream[0], maxTurns as StreamEvent], { exitCode: 1 })], context)
  expect(report).toMatchObject({ subtype: 'error_max_turns', result: '', numTurns: 2, failureMessage: 'Reached maximum number of turns (2)' })
})

test('failover attempts add up their cost and turns; the last region and session stand', () => {
  const throttled = { ...sampleResult, is_error: true, result: 'API Error: 429', api_error_status: 429, total_cost_usd: 0.01, num_turns: 1 }
  const report = buildRunReport([attempt([throttled as StreamEvent], { exitCode: 1 }, 'us-east-1'), attempt(stream, {}, 'us-west-2')], context)
  expect(report).toMatchObject({ conclusion: 'success', region: 'us-west-2', numTurns: 2, usage: { inputTokens: 24 } })
  expect(report.costUsd).toBeCloseTo(0.010188)
  expect(report.attempts.map(a => [a.region, a.isError])).toEqual([
    ['us-east-1', true],
    ['us-west-2', false]
  ])
})

test("the result event's structured_output becomes structuredOutput as JSON text, with secrets redacted", () => {
  addSecret('sk-ant-leaked-into-output-0000')
  const structured = { verdict: 'approve', issues: [], note: 'key sk-ant-leaked-into-output-0000' }
  const withOutput = { ...sampleResult, result: JSON.stringify(structured), structured_output: structured }
  const report = buildRunReport([attempt([stream[0], withOutput as StreamEvent])], context)
  expect(report.conclusion).toBe('success')
  expect(JSON.parse(report.structuredOutput ?? '')).toEqual({ ...structured, note: 'key ***' })
  // Without --json-schema the CLI sends no structured_output (or null): no output at all.
  for (const absent of [undefined, null]) {
    const plain = buildRunReport([attempt([stream[0], { ...sampleResult, structured_output: absent } as StreamEvent])], context)
    expect(plain.structuredOutput).toBeUndefined()
  }
})

test('with json-schema, a result without structured_output is a failure that says so', () => {
  const report = buildRunReport([attempt(stream)], { ...context, expectsStructuredOutput: true })
  expect(report).toMatchObject({ conclusion: 'failure', isError: true, subtype: 'error_no_structured_output', result: sampleResult.result })
  expect(report.failureMessage).toMatch(/^json-schema was given, but Claude Code ended without structured output/)
  // Without json-schema the same result is a success.
  expect(buildRunReport([attempt(stream)], context).conclusion).toBe('success')
})

test('an attempt without a result leaves the cost unknown, not 0, while its tokens and turns still count', () => {
  const throttled = { ...sampleResult, is_error: true, result: 'API Error: 429', api_error_status: 429, total_cost_usd: 0.01, num_turns: 1 }
  const timedOut = attempt(
    [stream[0], { type: 'assistant', message: { id: 'msg_1', usage: { input_tokens: 7, output_tokens: 3 } } }],
    { timedOut: true, exitCode: null },
    'us-west-2'
  )
  const report = buildRunReport([attempt([throttled as StreamEvent], { exitCode: 1 }, 'us-east-1'), timedOut], context)
  expect(report).toMatchObject({ subtype: 'timeout', numTurns: 2, usage: { inputTokens: 19, outputTokens: 10 } })
  expect(report.costUsd).toBeUndefined()
  expect(report.attempts.map(a => a.costUsd)).toEqual([0.01, undefined])
})

test('setOutputs and writeSummary write the runner files through the GitHub platform', async () => {
  process.env.GITHUB_OUTPUT = path.join(dir, 'output')
  process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary')
  writeFileSync(process.env.GITHUB_OUTPUT, '')
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '')
  const report = buildRunReport([attempt(stream, {}, 'us-east-1')], context)

  setOutputs({ ...report, result: 'line one\nline two', structuredOutput: '{"ok":true}', costUsd: 0.1 + 0.2 })
  await writeSummary(report)

  expect(parseFileCommands(readFileSync(process.env.GITHUB_OUTPUT, 'utf8'))).toEqual({
    conclusion: 'success',
    result: 'line one\nline two',
    'structured-output': '{"ok":true}',
    'session-id': report.sessionId,
    'is-error': 'false',
    subtype: 'success',
    'num-turns': '1',
    'duration-ms': String(stream[2].duration_ms),
    'cost-usd': '0.3',
    'input-tokens': '12',
    'output-tokens': '7',
    'cache-read-input-tokens': '0',
    'cache-creation-input-tokens': '0',
    'api-retries': '0',
    throttled: 'false',
    'permission-denials': '0',
    model: 'claude-opus-5-5',
    provider: 'bedrock',
    region: 'us-east-1',
    'aws-account-id': '123456789012',
    'execution-file': '/tmp/x.jsonl'
  })
  const summary = readFileSync(process.env.GITHUB_STEP_SUMMARY, 'utf8')
  expect(summary).toContain('## ✓ Claude Code succeeded')
  expect(summary).toContain('| $0.0002 | 1 | 0.2 s | `claude-opus-5-5` | bedrock | `us-east-1` | 12 in / 7 out / 0 cache read / 0 cache creation |')
  expect(summary).toContain('Hi! How can I help you today?')
})

test('a failure before Claude Code ran gets a summary with the headline and every line of the message, no empty table', async () => {
  process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary')
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '')
  const secret = 'ghs_setupFailureSecret0123456789'
  addSecret(secret)
  const report = setupFailureReport(
    `2 inputs are invalid:\nInput 'region': 'moon-1' is not valid; expected the form us-east-1.\nInput 'max-turns': 'x' is not a whole number (${secret})`
  )
  expect(report).toMatchObject({ conclusion: 'failure', isError: true, attempts: [], provider: 'anthropic', region: undefined })

  await writeSummary(report)
  const summary = readFileSync(process.env.GITHUB_STEP_SUMMARY, 'utf8')
  expect(summary).toBe(
    "## ✗ Claude Code did not run\n\n```text\n2 inputs are invalid:\nInput 'region': 'moon-1' is not valid; expected the form us-east-1.\nInput 'max-turns': 'x' is not a whole number (***)\n```\n\n"
  )
  expect(setupFailureReport('AccessDenied', { name: 'bedrock', region: 'eu-west-1', auth: { kind: 'ambient' } })).toMatchObject({
    provider: 'bedrock',
    region: 'eu-west-1'
  })
})
