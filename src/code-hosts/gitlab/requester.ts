// The HTTP layer under @gitbeaker/rest, in place of its own: gitbeaker 43.8 retries 429 and 502 ten
// times within about 250 ms, ignoring Retry-After (upstream gitbeaker#3805), so a 2-second rate limit
// lost the review. Here a 429 waits what GitLab's Retry-After (or RateLimit-Reset) says, within a
// bounded total; a 502, 503 or 504 is retried with a pause only where sending twice is harmless (not
// on a POST, which may have taken effect: comments.ts looks for the note instead). Everything else is
// gitbeaker's: options, headers, timeouts, errors (GitbeakerRequestError with the response, as
// statusOf() reads it).
import {
  createRequesterFn,
  getMatchingRateLimiter,
  GitbeakerRequestError,
  GitbeakerTimeoutError,
  type FormattedResponse,
  type RateLimiterFn
} from '@gitbeaker/requester-utils'
import { log } from '../../platform/platform.js'

export interface RetryPolicy {
  /** Requests in all, the first included. */
  tries: number
  /** The most all pauses of one call may add up to; a Retry-After that would pass it ends the call. */
  maxTotalWaitMs: number
  /** The first pause after a 5xx (doubled each time), and after a 429 that says nothing. */
  baseDelayMs: number
}

/** Within the 60 s query timeout that covers the whole call, pauses included. */
export const RETRY_POLICY: RetryPolicy = { tries: 6, maxTotalWaitMs: 40_000, baseDelayMs: 1000 }

const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']

/** A requesterFn for `new Gitlab({ requesterFn })`. */
export function gitLabRequester(policy: RetryPolicy = RETRY_POLICY): ReturnType<typeof createRequesterFn> {
  return createRequesterFn(
    async (_, options) => options,
    (endpoint, options) => request(endpoint, (options ?? {}) as RequestOptions, policy)
  )
}

interface RequestOptions {
  rateLimiters?: Record<string, RateLimiterFn>
  agent?: unknown
  asStream?: boolean
  prefixUrl?: string
  searchParams?: string
  method?: string
  signal?: AbortSignal
  headers?: Record<string, string>
  body?: string | FormData
}

async function request(endpoint: string, options: RequestOptions, policy: RetryPolicy): Promise<FormattedResponse> {
  const { rateLimiters, agent, asStream, prefixUrl, searchParams, method = 'GET', ...init } = options
  const rateLimit = getMatchingRateLimiter(endpoint, rateLimiters, method)
  const url = new URL(endpoint, prefixUrl ? (prefixUrl.endsWith('/') ? prefixUrl : `${prefixUrl}/`) : undefined)
  url.search = searchParams ?? ''
  let waitedMs = 0
  for (let attempt = 1; ; attempt++) {
    const sent = new Request(url, { ...init, method })
    await rateLimit()
    const response = await fetch(sent, ...(agent ? [{ dispatcher: agent } as RequestInit] : [])).catch((error: Error) => {
      if (error.name === 'TimeoutError' || error.name === 'AbortError') throw new GitbeakerTimeoutError('Query timeout was reached')
      throw error
    })
    if (response.ok) return parseResponse(response, asStream)
    const pauseMs = attempt < policy.tries ? retryPause(response, method, attempt, policy) : undefined
    if (pauseMs === undefined || waitedMs + pauseMs > policy.maxTotalWaitMs) return failed(sent, response)
    await response.body?.cancel()
    log.info(`GitLab answered HTTP ${response.status} to ${method} ${url.pathname}; retrying in ${(pauseMs / 1000).toFixed(1)} s.`)
    waitedMs += pauseMs
    await sleep(pauseMs, init.signal)
  }
}

/** How long to wait before sending it again, or undefined when it must not be. */
export function retryPause(response: Response, method: string, attempt: number, policy: RetryPolicy): number | undefined {
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1)
  if (response.status === 429) return retryAfterMs(response.headers) ?? backoff
  if ([502, 503, 504].includes(response.status) && IDEMPOTENT.includes(method.toUpperCase())) return retryAfterMs(response.headers) ?? backoff
  return undefined
}

/** Retry-After in seconds or as an HTTP date, else GitLab's RateLimit-Reset (epoch seconds). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000)
    const at = Date.parse(retryAfter)
    if (!Number.isNaN(at)) return Math.max(0, at - now)
  }
  const reset = Number(headers.get('ratelimit-reset'))
  return reset > 0 ? Math.max(0, reset * 1000 - now) : undefined
}

async function parseResponse(response: Response, asStream = false): Promise<FormattedResponse> {
  const headers = Object.fromEntries(response.headers.entries())
  if (asStream) return { body: response.body as FormattedResponse['body'], headers, status: response.status }
  if (response.status === 204) return { body: null, headers, status: response.status }
  const type = (response.headers.get('content-type') ?? '').split(';')[0].trim()
  const body = type === 'application/json' ? ((await response.json()) ?? {}) : type.startsWith('text/') ? await response.text() : await response.blob()
  return { body: body as FormattedResponse['body'], headers, status: response.status }
}

/** The error gitbeaker's own handler throws, so describeGitLabError and statusOf read it the same. */
async function failed(sent: Request, response: Response): Promise<never> {
  const content = await response.text()
  let description = content
  if (response.headers.get('content-type')?.includes('application/json')) {
    try {
      const output = JSON.parse(content) as { error?: unknown; message?: unknown }
      const property = output?.error ?? output?.message ?? ''
      description = typeof property === 'string' ? property : JSON.stringify(property)
    } catch {
      // Not JSON after all: the text says it.
    }
  }
  throw new GitbeakerRequestError(description, { cause: { description, request: sent, response } })
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(new GitbeakerTimeoutError('Query timeout was reached'))
      },
      { once: true }
    )
  })
}
