// What is retried and for how long: the classification of errors, and the deadline that bounds a
// call which never answers. Fake timers, so nothing here waits for real.
import { jest } from '@jest/globals'
import { explain } from '../../../src/providers/aws-role.js'
import { AttemptTimeoutError, isTransient, withRetry } from '../../../src/lib/retry.js'

afterEach(() => {
  jest.useRealTimers()
})

test.each([
  ['HTTP 500', [500]],
  ['HTTP 503', [503]],
  ['HTTP 429', [429]],
  ['a reset connection', [undefined, 'ECONNRESET']],
  ['a socket timeout', [undefined, 'ETIMEDOUT']],
  ["the resolver's try-again", [undefined, 'EAI_AGAIN']],
  ['STS Throttling', [400, 'Throttling', 'Throttling']],
  ["the SDK's TimeoutError", [undefined, undefined, 'TimeoutError']]
] as [string, Parameters<typeof isTransient>][])('%s is retried', (_name, args) => {
  expect(isTransient(...args)).toBe(true)
})

test.each([
  ['a host that does not resolve (a typo)', [undefined, 'ENOTFOUND']],
  ['a refused port', [undefined, 'ECONNREFUSED']],
  ['HTTP 400', [400, 'ValidationError', 'ValidationError']],
  ['HTTP 403', [403, 'AccessDenied', 'AccessDenied']]
] as [string, Parameters<typeof isTransient>][])('%s is not retried', (_name, args) => {
  expect(isTransient(...args)).toBe(false)
})

test('a call that never answers is abandoned at the deadline, its signal aborted, and not retried', async () => {
  jest.useFakeTimers()
  const signals: AbortSignal[] = []
  const outcome = withRetry(
    (_attempt, signal) => {
      signals.push(signal)
      return new Promise<never>(() => {})
    },
    { attempts: 5, deadline: Date.now() + 3000, isRetryable: () => true }
  ).catch((error: unknown) => error)

  await jest.advanceTimersByTimeAsync(3000)
  const error = await outcome
  expect(error).toBeInstanceOf(AttemptTimeoutError)
  expect(error).toMatchObject({ atDeadline: true, code: 'ETIMEDOUT', message: 'no answer before the deadline (waited 3.0 s)' })
  expect(signals).toHaveLength(1)
  expect(signals[0].aborted).toBe(true)
})

test('an attempt that hangs past attemptTimeoutMs is retried while the deadline allows', async () => {
  jest.useFakeTimers()
  let calls = 0
  const outcome = withRetry(
    async () => {
      calls++
      if (calls === 1) return new Promise<string>(() => {})
      return 'answered'
    },
    { attempts: 3, deadline: Date.now() + 60_000, attemptTimeoutMs: 1000, baseDelayMs: 10, isRetryable: () => false }
  )
  await jest.advanceTimersByTimeAsync(1100)
  await expect(outcome).resolves.toBe('answered')
  expect(calls).toBe(2)
})

test('an error the caller calls permanent fails after one attempt', async () => {
  let calls = 0
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
  await expect(
    withRetry(
      () => {
        calls++
        return Promise.reject(refused)
      },
      { attempts: 6, isRetryable: error => isTransient(undefined, (error as { code?: string }).code) }
    )
  ).rejects.toBe(refused)
  expect(calls).toBe(1)
})

describe('the STS explanation of an endpoint that cannot heal', () => {
  const auth = {
    kind: 'role' as const,
    roleArn: 'arn:aws:iam::123456789012:role/ci',
    sessionName: 's',
    durationSeconds: 3600,
    audience: 'sts.amazonaws.com',
    stsEndpoint: 'https://sts.us-esat-1.amazonaws.com'
  }
  const token = { jwt: 'x' }

  test('ENOTFOUND names the host, sts-endpoint and DNS', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND sts.us-esat-1.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'sts.us-esat-1.amazonaws.com' })
    expect(explain(error, auth, token)).toBe(
      'STS AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role/ci: the host sts.us-esat-1.amazonaws.com does not resolve (ENOTFOUND).\n' +
        "Check sts-endpoint (or AWS_ENDPOINT_URL_STS) for a typo, and the runner's DNS."
    )
  })

  test('ECONNREFUSED names the address, sts-endpoint and the proxy variables', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:8443'), { code: 'ECONNREFUSED', address: '10.0.0.1', port: 8443 })
    expect(explain(error, auth, token)).toMatch(
      /: nothing accepts connections at 10\.0\.0\.1:8443 \(ECONNREFUSED\)\.\nCheck the host and port of sts-endpoint .*HTTPS_PROXY \/ NO_PROXY/
    )
  })

  test('a hang names STS, the endpoint and the credential deadline', () => {
    expect(explain(new AttemptTimeoutError(3000, true), auth, token)).toMatch(
      /^STS AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role\/ci got no answer from https:\/\/sts\.us-esat-1\.amazonaws\.com before the credential deadline \(waited 3\.0 s\)\.\nCheck sts-endpoint/
    )
  })
})
