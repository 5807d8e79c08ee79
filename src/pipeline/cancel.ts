// A cancelled job while Claude Code runs: stop it, then report what it did.
import { log } from '../platform/platform.js'
import { CANCEL_GRACE_MS } from '../claude/run.js'

/**
 * From the CLI's start until the run is reported, a cancelled job's signals stop the CLI and the run
 * still reports what it did. The runner sends SIGINT, SIGTERM 7.5 s later and SIGKILL 2.5 s after
 * that: the first signal stops the CLI with a short grace, a second kills its process group at once,
 * and neither ends the step before its outputs and summary are written. Outside that window Node's
 * default applies: the step ends and the post step cleans up.
 */
export function cancelOnSignals(): { signal: AbortSignal; killNow: AbortSignal; dispose(): void } {
  const stop = new AbortController()
  const kill = new AbortController()
  const onSignal = (name: NodeJS.Signals): void => {
    if (!stop.signal.aborted) {
      log.info(`Received ${name}: the job is cancelled; stopping Claude Code (SIGTERM now, SIGKILL in ${CANCEL_GRACE_MS / 1000} s) and reporting`)
      stop.abort()
    } else if (!kill.signal.aborted) {
      log.info(`Received ${name} again: killing Claude Code's process group now`)
      kill.abort()
    }
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: stop.signal,
    killNow: kill.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
