// Quota monitoring: the CLI's `system/api_retry` stream events, counted by HTTP status with the time
// they made the run wait. Fields are read defensively: a newer CLI may change them.
import type { StreamEvent } from './stream-event.js'

export interface RetryStats {
  count: number
  /** Retries per HTTP status ('other' when the event named none). */
  byStatus: Record<string, number>
  /** Sum of the CLI's announced retry delays. */
  waitMs: number
  /** The part of waitMs spent on 401 and 403: a refused credential, not a shortage of capacity. */
  authWaitMs: number
}

/** 429 (throttled, over quota) and 529 (overloaded): capacity, not a fault. */
export const THROTTLE_STATUSES = [429, 529]
/** 401 and 403: the credential, which no quota fixes. */
export const AUTH_STATUSES = ['401', '403']

export class ApiRetries {
  readonly stats: RetryStats = { count: 0, byStatus: {}, waitMs: 0, authWaitMs: 0 }

  observe(event: StreamEvent): void {
    if (event.type !== 'system' || event.subtype !== 'api_retry') return
    const status = typeof event.error_status === 'number' ? String(event.error_status) : 'other'
    const delay = typeof event.retry_delay_ms === 'number' && Number.isFinite(event.retry_delay_ms) ? Math.max(0, event.retry_delay_ms) : 0
    this.stats.count++
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1
    this.stats.waitMs += delay
    if (AUTH_STATUSES.includes(status)) this.stats.authWaitMs += delay
  }
}

export function sumRetryStats(all: RetryStats[]): RetryStats {
  const sum: RetryStats = { count: 0, byStatus: {}, waitMs: 0, authWaitMs: 0 }
  for (const stats of all) {
    sum.count += stats.count
    sum.waitMs += stats.waitMs
    sum.authWaitMs += stats.authWaitMs ?? 0
    for (const [status, n] of Object.entries(stats.byStatus)) sum.byStatus[status] = (sum.byStatus[status] ?? 0) + n
  }
  return sum
}

/** `HTTP 429 × 2, HTTP 500 × 1`. */
export function describeRetries(stats: RetryStats): string {
  return Object.entries(stats.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status === 'other' ? 'other' : `HTTP ${status}`} × ${n}`)
    .join(', ')
}

/** More than this share of the run spent waiting on retries earns a notice. */
export const WAITING_SHARE_FOR_NOTICE = 0.25
