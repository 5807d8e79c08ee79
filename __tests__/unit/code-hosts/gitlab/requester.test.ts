// When the GitLab HTTP layer sends a request again, and after how long: a 429 after what GitLab says
// (Retry-After in seconds or as a date, else RateLimit-Reset), a 5xx only where sending twice is harmless.
import { retryAfterMs, retryPause, RETRY_POLICY } from '../../../../src/code-hosts/gitlab/requester.js'

const answer = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers })
const NOW = Date.parse('2026-12-07T12:00:00Z')

test('Retry-After in seconds or as an HTTP date, else RateLimit-Reset; nothing when neither is there', () => {
  expect(retryAfterMs(new Headers({ 'Retry-After': '2' }), NOW)).toBe(2000)
  expect(retryAfterMs(new Headers({ 'Retry-After': 'Mon, 07 Dec 2026 12:00:05 GMT' }), NOW)).toBe(5000)
  expect(retryAfterMs(new Headers({ 'RateLimit-Reset': String(NOW / 1000 + 3) }), NOW)).toBe(3000)
  expect(retryAfterMs(new Headers(), NOW)).toBeUndefined()
})

test('a 429 is retried after Retry-After (or a back-off); a 5xx only on requests that can be sent twice', () => {
  expect(retryPause(answer(429, { 'Retry-After': '2' }), 'POST', 1, RETRY_POLICY)).toBe(2000)
  expect(retryPause(answer(429), 'POST', 2, RETRY_POLICY)).toBe(RETRY_POLICY.baseDelayMs * 2)
  expect(retryPause(answer(502), 'GET', 1, RETRY_POLICY)).toBe(RETRY_POLICY.baseDelayMs)
  expect(retryPause(answer(503), 'PUT', 3, RETRY_POLICY)).toBe(RETRY_POLICY.baseDelayMs * 4)
  // GitLab may have made the note before a proxy answered 502: it is looked for instead (comments.ts).
  expect(retryPause(answer(502), 'POST', 1, RETRY_POLICY)).toBeUndefined()
  expect(retryPause(answer(500), 'GET', 1, RETRY_POLICY)).toBeUndefined()
  expect(retryPause(answer(404), 'GET', 1, RETRY_POLICY)).toBeUndefined()
})
