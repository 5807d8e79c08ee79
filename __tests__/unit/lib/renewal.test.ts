// Stopping renewal when the CLI is done: a renewal in flight is waited for, but a stuck one is
// abandoned after STOP_WAIT_MS with a warning, and what it fetches later is not stored. Fake timers.
import { jest } from '@jest/globals'
import { keepRenewing, STOP_WAIT_MS } from '../../../src/lib/renewal.js'

let written: string[]

beforeEach(() => {
  jest.useFakeTimers()
  written = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  jest.useRealTimers()
})

const warnings = () => written.filter(line => line.startsWith('::warning::'))

test('a renewal stuck when the run ends is abandoned after the stop time limit, with a warning', async () => {
  let abandoned: AbortSignal | undefined
  let answer: ((expiresAt: number) => void) | undefined
  const stop = keepRenewing(
    {
      name: 'test credentials',
      renew: signal => {
        abandoned = signal
        return new Promise<number>(resolve => (answer = resolve))
      }
    },
    Date.now() + 4000
  )
  await jest.advanceTimersByTimeAsync(2000)
  expect(abandoned?.aborted).toBe(false)

  let stopped = false
  const stopping = stop().then(() => (stopped = true))
  await jest.advanceTimersByTimeAsync(STOP_WAIT_MS - 1)
  expect(stopped).toBe(false)
  await jest.advanceTimersByTimeAsync(1)
  await stopping

  expect(abandoned?.aborted).toBe(true)
  expect(warnings()).toEqual([
    `::warning::Renewing the test credentials did not finish within ${STOP_WAIT_MS / 1000} s of the end of the run; it was abandoned (the CLI no longer needs it).\n`
  ])
  // Its late answer is neither logged as a renewal nor scheduled again.
  answer?.(Date.now() + 4000)
  await jest.advanceTimersByTimeAsync(10_000)
  expect(written.some(line => line.includes('Renewed the test credentials'))).toBe(false)
})

test('a renewal in flight that answers in time is waited for, and nothing is abandoned', async () => {
  const renewals: AbortSignal[] = []
  const stop = keepRenewing(
    {
      name: 'test credentials',
      renew: signal => {
        renewals.push(signal)
        return new Promise<number>(resolve => setTimeout(() => resolve(Date.now() + 60_000), 3000))
      }
    },
    Date.now() + 4000
  )
  await jest.advanceTimersByTimeAsync(2000)
  const stopping = stop()
  await jest.advanceTimersByTimeAsync(3000)
  await stopping

  expect(renewals).toHaveLength(1)
  expect(renewals[0].aborted).toBe(false)
  expect(written.some(line => line.startsWith('Renewed the test credentials; it now expires at'))).toBe(true)
  expect(warnings()).toEqual([])
  // Stopped: no further renewal is scheduled.
  await jest.advanceTimersByTimeAsync(120_000)
  expect(renewals).toHaveLength(1)
})

test('renewNow renews at once, not while a renewal is in flight, and not after stopping', async () => {
  const answers: ((expiresAt: number) => void)[] = []
  const renewal = keepRenewing({ name: 'test token', renew: () => new Promise<number>(resolve => answers.push(resolve)) }, Date.now() + 600_000)
  renewal.renewNow()
  await jest.advanceTimersByTimeAsync(0)
  expect(answers).toHaveLength(1)
  // In flight: the credential it fetches is newer than the one used up already.
  renewal.renewNow()
  await jest.advanceTimersByTimeAsync(0)
  expect(answers).toHaveLength(1)
  answers[0](Date.now() + 600_000)
  await jest.advanceTimersByTimeAsync(0)
  expect(written.some(line => line.includes('Renewed the test token'))).toBe(true)
  renewal.renewNow()
  await jest.advanceTimersByTimeAsync(0)
  expect(answers).toHaveLength(2)
  answers[1](Date.now() + 600_000)
  await renewal()
  renewal.renewNow()
  await jest.advanceTimersByTimeAsync(600_000)
  expect(answers).toHaveLength(2)
})
