// Renews a short-lived credential at half its remaining life while Claude Code runs, so runs of
// any length keep working. A failed renewal is retried sooner; the old credential stays in place.
import * as core from '@actions/core'

export interface Renewable {
  /** What is renewed, for the log. */
  name: string
  /** Fetches and stores a fresh credential; returns its expiry (epoch ms). */
  renew(): Promise<number>
}

const MIN_DELAY_MS = 1000
const RETRY_DELAY_MS = 15_000

/** Starts renewing; the returned function stops it and waits for a renewal in flight. */
export function keepRenewing(renewable: Renewable, expiresAt: number): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()
  let stopped = false
  let current = expiresAt

  const schedule = (delayMs: number): void => {
    if (stopped) return
    timer = setTimeout(() => {
      inFlight = renewable.renew().then(
        next => {
          current = next
          core.info(`Renewed the ${renewable.name}; it now expires at ${new Date(next).toISOString()}`)
          schedule(halfLife(next))
        },
        (error: unknown) => {
          core.warning(`Could not renew the ${renewable.name}: ${(error as Error).message}`)
          schedule(Math.min(RETRY_DELAY_MS, halfLife(current)))
        }
      )
    }, delayMs)
    // The CLI keeps the process alive; a pending renewal alone must not.
    timer.unref()
  }

  schedule(halfLife(expiresAt))
  return async () => {
    stopped = true
    clearTimeout(timer)
    await inFlight
  }
}

function halfLife(expiresAt: number): number {
  return Math.max(MIN_DELAY_MS, (expiresAt - Date.now()) / 2)
}
