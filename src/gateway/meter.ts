// What the gateway records of each model call, and the summary of a run's calls. The token counts
// come from usage.ts, which reads them from the answers as they stream through.
import type { UpstreamName } from './upstream.js'

export interface MeterRecord {
  upstream: UpstreamName
  /** The region of the last attempt; null when none was made. */
  region: string | null
  model: string | null
  /** When the call arrived, in epoch milliseconds. */
  startedAt: number
  /** The path the CLI called, without the query. */
  path: string
  /** The status the CLI got (from upstream, or the gateway's own). */
  status: number
  /** From the request's arrival to its answer's end. */
  latencyMs: number
  /** From the request's arrival to the answer's headers; null when none came. */
  headersMs: number | null
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheCreationTokens: number
  /** The session id from the body's `metadata.user_id`, when the CLI sent one. */
  sessionId: string | null
  /** Regions tried first and left (throttled or unreachable), in order. */
  retriedFrom?: string[]
  /** Why each of those was left: the HTTP status, or 'connection-error'. */
  retryReasons?: (number | 'connection-error')[]
  /** The CLI went away before the answer was complete (status 499 when before any answer). */
  clientAborted?: boolean
  /** The upstream's answer broke off part way. */
  upstreamBroke?: boolean
}

export interface MeterSummary {
  requests: number
  /** Requests by the region that answered them. */
  requestsByRegion: Record<string, number>
  /** Throttling answers (429, 503, 529) seen, the retried ones and the ones passed through. */
  throttled: number
  /** Attempts moved on to another region. */
  retries: number
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheCreationTokens: number
}

export const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 529])

export function summarizeMeter(records: readonly MeterRecord[]): MeterSummary {
  const summary: MeterSummary = {
    requests: records.length,
    requestsByRegion: {},
    throttled: 0,
    retries: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0
  }
  for (const record of records) {
    const region = record.region ?? 'none'
    summary.requestsByRegion[region] = (summary.requestsByRegion[region] ?? 0) + 1
    summary.retries += record.retriedFrom?.length ?? 0
    summary.throttled += (record.retryReasons ?? []).filter(reason => typeof reason === 'number').length
    if (THROTTLE_STATUSES.has(record.status)) summary.throttled++
    summary.inputTokens += record.inputTokens
    summary.outputTokens += record.outputTokens
    summary.cacheReadTokens += record.cacheReadTokens
    summary.cacheCreationTokens += record.cacheCreationTokens
  }
  return summary
}
