// Bounded retries with full-jitter exponential backoff, for calls that can heal (throttling, 5xx,
// dropped connections, an attempt that hung). Anything else fails at once: retrying a bad trust
// policy or a mistyped endpoint only wastes minutes. A deadline bounds the whole: no attempt starts
// after it, and one still waiting for an answer then is abandoned.

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Epoch ms: no attempt starts after it, and the one in flight is abandoned at it. */
  deadline?: number
  /** Longest one attempt may wait; it is then abandoned and, while the deadline allows, retried. */
  attemptTimeoutMs?: number
  isRetryable: (error: unknown) => boolean
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

/** An attempt abandoned because it took too long; `atDeadline` when no time was left for another. */
export class AttemptTimeoutError extends Error {
  readonly code = 'ETIMEDOUT'
  constructor(
    readonly waitedMs: number,
    readonly atDeadline: boolean
  ) {
    super(`no answer ${atDeadline ? 'before the deadline' : 'in time'} (waited ${(waitedMs / 1000).toFixed(1)} s)`)
    this.name = 'AttemptTimeoutError'
  }

  get waitedSeconds(): string {
    return (this.waitedMs / 1000).toFixed(1)
  }
}

/**
 * Runs `fn` until it succeeds, fails for good or runs out of attempts or time. Each attempt gets a
 * signal that aborts when it is abandoned; an attempt that ignores the signal is abandoned all the same.
 */
export async function withRetry<T>(fn: (attempt: number, signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, baseDelayMs = 250, maxDelayMs = 8000, deadline = Infinity, attemptTimeoutMs = Infinity } = options
  for (let attempt = 1; ; attempt++) {
    try {
      const remainingMs = deadline - Date.now()
      return await bounded(signal => fn(attempt, signal), Math.min(attemptTimeoutMs, remainingMs), remainingMs <= attemptTimeoutMs)
    } catch (error) {
      const delayMs = Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)))
      // A hung attempt may meet a healthy connection next time; the caller cannot judge that from the error.
      const retryable = error instanceof AttemptTimeoutError ? !error.atDeadline : options.isRetryable(error)
      if (attempt >= attempts || !retryable || Date.now() + delayMs >= deadline) throw error
      options.onRetry?.(error, attempt, delayMs)
      await new Promise(resolve => setTimeout(resolve, delayMs))
    }
  }
}

async function bounded<T>(fn: (signal: AbortSignal) => Promise<T>, limitMs: number, atDeadline: boolean): Promise<T> {
  const controller = new AbortController()
  if (limitMs === Infinity) return fn(controller.signal)
  const waitMs = Math.max(0, limitMs)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptTimeoutError(waitMs, atDeadline)
      reject(error)
      controller.abort(error)
    }, waitMs)
  })
  try {
    return await Promise.race([fn(controller.signal), timeout])
  } finally {
    clearTimeout(timer)
  }
}

// Not here, on purpose: ENOTFOUND (the host does not resolve: a typo, not an outage; EAI_AGAIN is the
// resolver's "try again") and ECONNREFUSED (nothing listens at that host and port: a wrong port or a
// stopped proxy; the real endpoints sit behind load balancers and shed load with 5xx, throttling or
// resets, not refusals). Retrying either only delays the error that names the endpoint to fix.
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET'])

/** True for errors a later attempt may not meet: throttling, server errors, dropped connections. */
export function isTransient(status: number | undefined, code?: string, name?: string): boolean {
  if (status !== undefined && (status === 429 || status >= 500)) return true
  if (code && RETRYABLE_CODES.has(code)) return true
  return /throttl|toomanyrequests|requestlimitexceeded|serviceunavailable|internalfailure|timeout/i.test(`${name ?? ''} ${code ?? ''}`)
}
