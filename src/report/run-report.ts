// One report of the whole run, across failover attempts: what the outputs, the summary and the PR
// comment all show. A run succeeds only when the CLI exited 0 with a result that is not an error.
import { sumRetryStats, THROTTLE_STATUSES, type RetryStats } from '../claude/api-retries.js'
import type { Attempt } from '../claude/failover.js'
import { MAX_EVENT_BYTES } from '../claude/run.js'
import { mainModel, sumUsage, toUsage, type Usage } from '../claude/result.js'
import { explainFoundryStatus } from '../providers/foundry-errors.js'
import { redact } from '../platform/secrets.js'
import type { ProviderName } from '../settings/settings.js'

export interface AttemptReport {
  region?: string
  /** The model a model failover attempt ran with (fallback-models); undefined on region attempts. */
  model?: string
  subtype: string
  isError: boolean
  message?: string
  /** Undefined when the attempt ended without a result (a timeout, a crash): stream events carry tokens, not cost. */
  costUsd?: number
  durationMs: number
}

export interface RunReport {
  conclusion: 'success' | 'failure'
  isError: boolean
  subtype: string
  result: string
  structuredOutput?: string
  sessionId?: string
  numTurns: number
  durationMs: number
  /** Undefined unless every attempt reported its cost: a partial sum would read as the whole (or, at 0, as free). */
  costUsd?: number
  usage: Usage
  model?: string
  provider: ProviderName
  /** The provider as the summary and PR comment name it, when not by its name. */
  providerLabel?: string
  region?: string
  awsAccountId?: string
  executionFile: string
  attempts: AttemptReport[]
  /** The CLI's API retries over all attempts; undefined when Claude Code never ran. */
  apiRetries?: RetryStats
  /** A 429 or 529 was retried or ended an attempt. */
  throttled?: boolean
  /** Why the run failed, in the CLI's own words where it gave any. */
  failureMessage?: string
}

export interface ReportContext {
  provider: ProviderName
  providerLabel?: string
  awsAccountId?: string
  executionFile: string
  timeoutMinutes?: number
  executable: string
  /** json-schema was given: a run that ends without structured output has not done what was asked. */
  expectsStructuredOutput?: boolean
  /** A write the run needed failed (the execution file on a full disk): the run fails with this message. */
  writeFailure?: string
}

export function buildRunReport(attempts: Attempt[], context: ReportContext): RunReport {
  const last = attempts[attempts.length - 1]
  const { outcome } = last
  const result = outcome.progress.result
  const attemptReports = attempts.map(attempt => describeAttempt(attempt, context))
  const lastReport = attemptReports[attemptReports.length - 1]
  const succeeded = !lastReport.isError && !context.writeFailure
  const structured = result?.structured_output
  // Claude Code's own failure comes first; a lost write fails an otherwise good run.
  const failureMessage = lastReport.isError ? (lastReport.message ?? `Claude Code exited with code ${outcome.exitCode}`) : context.writeFailure
  return {
    conclusion: succeeded ? 'success' : 'failure',
    isError: !succeeded,
    subtype: lastReport.isError || !context.writeFailure ? lastReport.subtype : 'error_write',
    result: redact(result?.result ?? ''),
    structuredOutput: structured === undefined || structured === null ? undefined : redact(JSON.stringify(structured)),
    sessionId: result?.session_id ?? outcome.progress.sessionId,
    numTurns: attempts.reduce((sum, a) => sum + (a.outcome.progress.result?.num_turns ?? a.outcome.progress.turns), 0),
    durationMs: attemptReports.reduce((sum, a) => sum + a.durationMs, 0),
    costUsd: totalCost(attemptReports),
    usage: sumUsage(attempts.map(({ outcome: o }) => (o.progress.result ? toUsage(o.progress.result.usage) : o.progress.usage))),
    model: mainModel(result, outcome.progress.model),
    provider: context.provider,
    providerLabel: context.providerLabel,
    region: last.region,
    awsAccountId: context.awsAccountId,
    executionFile: context.executionFile,
    attempts: attemptReports,
    ...retryReport(attempts),
    failureMessage: succeeded ? undefined : failureMessage
  }
}

function describeAttempt({ region, model, outcome }: Attempt, context: ReportContext): AttemptReport {
  const result = outcome.progress.result
  const base = {
    region,
    ...(model !== undefined ? { model } : {}),
    costUsd: result?.total_cost_usd,
    durationMs: result?.duration_ms ?? 0
  }
  if (outcome.timedOut) {
    return {
      ...base,
      subtype: 'timeout',
      isError: true,
      message: `Claude Code did not finish within timeout-minutes (${context.timeoutMinutes}); it was stopped after ${outcome.progress.turns} turns.`
    }
  }
  if (outcome.cancelled) {
    return { ...base, subtype: 'cancelled', isError: true, message: 'The job was cancelled; Claude Code was stopped.' }
  }
  if (outcome.spawnError) {
    return {
      ...base,
      subtype: 'error_no_result',
      isError: true,
      message: `Could not start Claude Code at ${context.executable}: ${outcome.spawnError.message}`
    }
  }
  if (!result && outcome.oversizedResultBytes !== undefined) {
    const size = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`
    return {
      ...base,
      subtype: 'error_result_too_large',
      isError: true,
      message: `Claude Code ${how}, but its result event was ${size(outcome.oversizedResultBytes)}, more than the ${size(MAX_EVENT_BYTES)} the action reads, so the run's result, cost and outcome are unknown to it. The event is in the execution file (${context.executionFile}); ask for a shorter final answer or structured output.`
    }
  }
  if (!result) {
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`
    const garbage = outcome.nonJsonLines > 0 ? ` It printed ${outcome.nonJsonLines} lines that are not stream-json; is this Claude Code?` : ''
    const stderr = outcome.stderrTail.trim() ? `\nLast stderr:\n${redact(outcome.stderrTail.trim())}` : ''
    return { ...base, subtype: 'error_no_result', isError: true, message: `Claude Code ${how} without a result.${garbage}${stderr}` }
  }
  let subtype = result.subtype ?? 'unknown'
  if (result.is_error || outcome.exitCode !== 0) {
    // The CLI keeps subtype "success" after an API error; say what happened instead.
    if (subtype === 'success') subtype = result.terminal_reason === 'api_error' || result.api_error_status ? 'error_api' : 'error'
    const text = result.result || (result.errors ?? []).join('; ') || `Claude Code ended with ${subtype}`
    const hint = context.provider === 'foundry' ? explainFoundryStatus(result.api_error_status) : undefined
    return { ...base, subtype, isError: true, message: redact(hint ? `${text}\n${hint}` : text) }
  }
  if (context.expectsStructuredOutput && (result.structured_output === undefined || result.structured_output === null)) {
    // The CLI ends such a run with "success" when the model never calls its StructuredOutput tool.
    const message =
      'json-schema was given, but Claude Code ended without structured output: the model answered in text instead of calling its StructuredOutput tool.'
    return { ...base, subtype: 'error_no_structured_output', isError: true, message }
  }
  return { ...base, subtype, isError: false }
}

function retryReport(attempts: Attempt[]): { apiRetries: RetryStats; throttled: boolean } {
  const apiRetries = sumRetryStats(attempts.map(a => a.outcome.progress.retries.stats))
  const retriedThrottle = THROTTLE_STATUSES.some(status => (apiRetries.byStatus[String(status)] ?? 0) > 0)
  const endedThrottled = attempts.some(a => THROTTLE_STATUSES.includes(Number(a.outcome.progress.result?.api_error_status)))
  return { apiRetries, throttled: retriedThrottle || endedThrottled }
}

function totalCost(attempts: AttemptReport[]): number | undefined {
  let sum = 0
  for (const { costUsd } of attempts) {
    if (costUsd === undefined) return undefined
    sum += costUsd
  }
  return sum
}
