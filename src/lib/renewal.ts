// Renews a short-lived credential at half its remaining life while Claude Code runs, so runs of
// any length keep working. A failed renewal is retried sooner; the old credential stays in place.
import { log } from '../platform/platform.js'

export interface Renewable {
  /** What is renewed, for the log. */
  name: string
  /**
   * Fetches and stores a fresh credential; returns its expiry (epoch ms). `abandoned` aborts when
   * renewing has stopped without it: it must then store nothing.
   */
  renew(abandoned: AbortSignal): Promise<number>
}

const MIN_DELAY_MS = 1000
const RETRY_DELAY_MS = 15_000
/** Each renewal's own deadline: it runs while the CLI works, long after the credential phase's. */
export const RENEWAL_DEADLINE_MS = 60_000
/** How long stopping waits for a renewal in flight once the CLI is done; the step must not hang on it. */
export const STOP_WAIT_MS = 10_000

/** Stops renewing (see keepRenewing); `renewNow()` renews at once, when the credential was used up early. */
export interface Renewal {
  (): Promise<void>
  renewNow(): void
}

/** Starts renewing; the returned function stops it and waits (a while) for a renewal in flight. */
export function keepRenewing(renewable: Renewable, expiresAt: number): Renewal {
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()
  let renewing = false
  let stopped = false
  let current = expiresAt
  const abandon = new AbortController()

  const schedule = (delayMs: number): void => {
    if (stopped) return
    timer = setTimeout(() => {
      renewing = true
      inFlight = renewable
        .renew(abandon.signal)
        .finally(() => (renewing = false))
        .then(
          next => {
            if (abandon.signal.aborted) return
            current = next
            log.info(`Renewed the ${renewable.name}; it now expires at ${new Date(next).toISOString()}`)
            schedule(halfLife(next))
          },
          (error: unknown) => {
            if (!abandon.signal.aborted) log.warning(`Could not renew the ${renewable.name}: ${(error as Error).message}`)
            schedule(Math.min(RETRY_DELAY_MS, halfLife(current)))
          }
        )
    }, delayMs)
    // The CLI keeps the process alive; a pending renewal alone must not.
    timer.unref()
  }

  schedule(halfLife(expiresAt))
  const stop = async (): Promise<void> => {
    stopped = true
    clearTimeout(timer)
    if (await settlesWithin(inFlight, STOP_WAIT_MS)) return
    abandon.abort()
    log.warning(
      `Renewing the ${renewable.name} did not finish within ${STOP_WAIT_MS / 1000} s of the end of the run; it was abandoned ` + '(the CLI no longer needs it).'
    )
  }
  return Object.assign(stop, {
    // A renewal already in flight fetches a credential that is newer than the one used up.
    renewNow: () => {
      if (stopped || renewing) return
      clearTimeout(timer)
      schedule(0)
    }
  })
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>(resolve => (timer = setTimeout(() => resolve(false), ms)))
  try {
    return await Promise.race([promise.then(() => true), late])
  } finally {
    clearTimeout(timer)
  }
}

function halfLife(expiresAt: number): number {
  return Math.max(MIN_DELAY_MS, (expiresAt - Date.now()) / 2)
}

/**
 * Renewal of a credential the run holds as a value: each fresh one is stored (a file the CLI reads),
 * and when renewal stops, later steps get the latest one through `reexport` if it is not the first,
 * which the run exported before the CLI started (GITHUB_ENV's last value is the one they get).
 */
export function renewingAndReexporting<T extends { expiresAt: number }>(options: {
  name: string
  first: T
  fetch: (deadline: number) => Promise<T>
  store: (next: T) => void
  /** Set with export-credentials: hands the renewed credential to later steps. */
  reexport?: (latest: T) => void
}): () => () => Promise<void> {
  return () => {
    let current = options.first
    const stop = keepRenewing(
      {
        name: options.name,
        renew: async abandoned => {
          const next = await options.fetch(Date.now() + RENEWAL_DEADLINE_MS)
          if (abandoned.aborted) return next.expiresAt
          options.store(next)
          current = next
          return next.expiresAt
        }
      },
      options.first.expiresAt
    )
    return async () => {
      await stop()
      if (options.reexport && current !== options.first) options.reexport(current)
    }
  }
}
