// One report of the whole run, across failover attempts: what the outputs, the summary and the PR
// comment all show. A run succeeds only when the CLI exited 0 with a result that is not an error.
import { sumRetryStats, THROTTLE_STATUSES, type RetryStats } from '../claude/api-retries.js'
import type { Attempt } from '../claude/failover.js'
import { readPermissionDenials, type PermissionDenial } from '../claude/permission-denials.js'
import { mainModel, sumUsage, toUsage, type Usage } from '../claude/result.js'
import { explainKeyRefusal, isKeyRefusal, type ApiKeySource } from '../providers/api-key.js'
import { explainFoundryStatus } from '../providers/foundry-errors.js'
import { explainModelError, withoutCliModelAdvice } from '../providers/model-errors.js'
import { redact } from '../platform/secrets.js'
import type { ProviderName, ProviderSettings } from '../settings/settings.js'
import type { MeterRecord } from '../gateway/meter.js'
import { gatewayReport, type GatewayReport } from './gateway-report.js'

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
  /** The model gateway's calls, when it served the provider. */
  gateway?: GatewayReport
  /** Tool calls Claude Code refused because nothing allowed them; undefined when it never ran. */
  permissionDenials?: PermissionDenial[]
  /** Why the run failed, in the CLI's own words where it gave any. */
  failureMessage?: string
  /** With review-comments on a pull or merge request: the verdict and the cost of its reviews so far. */
  review?: ReviewOutcome
}

/** What a review adds to the summary and the sticky comment; set by review/review.ts after the run. */
export interface ReviewOutcome {
  /** e.g. `pull request #7`, `merge request !12`. */
  change: string
  /** Claude Code ran, so there is a verdict or the lack of one to show; false after a setup failure. */
  ran: boolean
  verdict?: 'pass' | 'fail'
  /** Claude's summary with the verdict. */
  summary?: string
  /** What Claude's diff file held, e.g. `the changes since 1a2b3c4d5e6f`; undefined: the whole change. */
  scope?: string
  lineComments: number
  /** What the change's reviews have cost, this run included, over how many runs. */
  costUsd: number
  runs: number
  maxCostUsd?: number
  /** The hidden line the next run reads back; it ends the sticky comment. */
  record?: string
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
  /** The model gateway's meter; `regional` for providers with regions. */
  gateway?: { records: readonly MeterRecord[]; regional: boolean }
  /** The provider's settings, for the fix of a model error (its auth, region, project). */
  providerSettings?: ProviderSettings
  /** The fixed key the CLI used, which a 401 or 403 names. */
  apiKey?: ApiKeySource
  /** Where Claude Code ran, for refused file writes outside it; default the current directory. */
  workingDirectory?: string
  /** fail-on-permission-denials: a refused tool call fails a run that otherwise succeeded. */
  failOnPermissionDenials?: boolean
}

export function buildRunReport(attempts: Attempt[], context: ReportContext): RunReport {
  const last = attempts[attempts.length - 1]
  const { outcome } = last
  const result = outcome.progress.result
  const attemptReports = attempts.map(attempt => describeAttempt(attempt, context))
  const lastReport = attemptReports[attemptReports.length - 1]
  const denials = readPermissionDenials(
    attempts.flatMap(a => a.outcome.progress.result?.permission_denials ?? []),
    context.workingDirectory ?? process.cwd()
  ).map(denial => ({ ...denial, asked: redact(denial.asked) }))
  if (!lastReport.isError && context.failOnPermissionDenials && denials.length > 0) {
    Object.assign(lastReport, { isError: true, subtype: 'error_permission_denials', message: deniedMessage(denials) })
  }
  const succeeded = !lastReport.isError
  const structured = result?.structured_output
  const gateway = context.gateway && gatewayReport(context.gateway.records, context.gateway.regional)
  return {
    conclusion: succeeded ? 'success' : 'failure',
    isError: !succeeded,
    subtype: lastReport.subtype,
    // An API error's text is the CLI's, advice for its own flags included; that advice goes.
    result: redact(succeeded ? (result?.result ?? '') : withoutCliModelAdvice(result?.result ?? '')),
    structuredOutput: structured === undefined || structured === null ? undefined : redact(JSON.stringify(structured)),
    sessionId: result?.session_id ?? outcome.progress.sessionId,
    numTurns: attempts.reduce((sum, a) => sum + (a.outcome.progress.result?.num_turns ?? a.outcome.progress.turns), 0),
    durationMs: attemptReports.reduce((sum, a) => sum + a.durationMs, 0),
    costUsd: totalCost(attemptReports),
    usage: sumUsage(attempts.map(({ outcome: o }) => (o.progress.result ? toUsage(o.progress.result.usage) : o.progress.usage))),
    model: mainModel(result, outcome.progress.model),
    provider: context.provider,
    providerLabel: context.providerLabel,
    // With the gateway a call moves between regions by itself: the region that finished is the last answer's.
    region: (gateway?.regional ? gateway.lastServedRegion : undefined) ?? last.region,
    awsAccountId: context.awsAccountId,
    executionFile: context.executionFile,
    attempts: attemptReports,
    ...retryReport(attempts, gateway),
    gateway,
    permissionDenials: denials,
    failureMessage: succeeded ? undefined : (lastReport.message ?? `Claude Code exited with code ${outcome.exitCode}`)
  }
}

function describeAttempt({ region, model, outcome, keyRefused }: Attempt, context: ReportContext): AttemptReport {
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
  if (keyRefused && context.apiKey) {
    return { ...base, subtype: 'error_api', isError: true, message: explainKeyRefusal(context.apiKey, keyRefused, true) }
  }
  if (outcome.spawnError) {
    return {
      ...base,
      subtype: 'error_no_result',
      isError: true,
      message: `Could not start Claude Code at ${context.executable}: ${outcome.spawnError.message}`
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
    const text = withoutCliModelAdvice(result.result || (result.errors ?? []).join('; ') || `Claude Code ended with ${subtype}`)
    return { ...base, subtype, isError: true, message: redact(withHint(text, result.api_error_status, context, region, model ?? outcome.progress.model)) }
  }
  if (context.expectsStructuredOutput && (result.structured_output === undefined || result.structured_output === null)) {
    // The CLI ends such a run with "success" when the model never calls its StructuredOutput tool.
    const message =
      'json-schema was given, but Claude Code ended without structured output: the model answered in text instead of calling its StructuredOutput tool.'
    return { ...base, subtype: 'error_no_structured_output', isError: true, message }
  }
  return { ...base, subtype, isError: false }
}

/** The CLI's error text with the action's fix: the key input to check, or what a model error means on this provider. */
function withHint(text: string, status: number | null | undefined, context: ReportContext, region: string | undefined, model: string | undefined): string {
  let hint: string | undefined
  if (context.apiKey && isKeyRefusal(status)) hint = explainKeyRefusal(context.apiKey, status, false)
  else if (typeof status === 'number' && context.providerSettings) hint = explainModelError(status, text, { provider: context.providerSettings, region, model })
  else if (context.provider === 'foundry') hint = explainFoundryStatus(status)
  return hint ? `${text}\n${hint}` : text
}

function deniedMessage(denials: PermissionDenial[]): string {
  const entries = [...new Set(denials.map(d => d.allow))].join('; ')
  return `Claude Code refused ${denials.length} tool call${denials.length === 1 ? '' : 's'} that nothing allowed, and fail-on-permission-denials is true; allow them (${entries}), or set it to false.`
}

/** The CLI's retries, and the gateway's moves to another region (the CLI never saw those). */
function retryReport(attempts: Attempt[], gateway: GatewayReport | undefined): { apiRetries: RetryStats; throttled: boolean } {
  const apiRetries = sumRetryStats([...attempts.map(a => a.outcome.progress.retries.stats), ...(gateway ? [gateway.regionRetries] : [])])
  const retriedThrottle = THROTTLE_STATUSES.some(status => (apiRetries.byStatus[String(status)] ?? 0) > 0)
  const endedThrottled = attempts.some(a => THROTTLE_STATUSES.includes(Number(a.outcome.progress.result?.api_error_status)))
  return { apiRetries, throttled: retriedThrottle || endedThrottled || gateway?.throttled === true }
}

function totalCost(attempts: AttemptReport[]): number | undefined {
  let sum = 0
  for (const { costUsd } of attempts) {
    if (costUsd === undefined) return undefined
    sum += costUsd
  }
  return sum
}
