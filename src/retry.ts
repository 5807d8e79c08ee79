// Bounded retries with full-jitter exponential backoff, for calls that can heal (throttling, 5xx,
// connection resets). Anything else fails at once: retrying a bad trust policy only wastes minutes.

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Epoch ms after which no further attempt starts. */
  deadline?: number
  isRetryable: (error: unknown) => boolean
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, baseDelayMs = 250, maxDelayMs = 8000, deadline = Infinity } = options
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      const delayMs = Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)))
      if (attempt >= attempts || !options.isRetryable(error) || Date.now() + delayMs >= deadline) throw error
      options.onRetry?.(error, attempt, delayMs)
      await new Promise(resolve => setTimeout(resolve, delayMs))
    }
  }
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET'])

/** True for errors a later attempt may not meet: throttling, server errors, dropped connections. */
export function isTransient(status: number | undefined, code?: string, name?: string): boolean {
  if (status !== undefined && (status === 429 || status >= 500)) return true
  if (code && RETRYABLE_CODES.has(code)) return true
  return /throttl|toomanyrequests|requestlimitexceeded|serviceunavailable|internalfailure|timeout/i.test(`${name ?? ''} ${code ?? ''}`)
}
