// Runs `claude -p` once: argv only (no shell), stdin closed (an open pipe makes it wait 3 s) or holding a
// prompt too long for argv, written and then closed, stdout parsed line by line into the log and the
// execution file, a deadline enforced with SIGTERM then SIGKILL.
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import { log } from '../platform/platform.js'
import type { ExecutionFile } from './execution-file.js'
import { LineSplitter } from './line-splitter.js'
import { Progress, type StreamEvent } from './result.js'

/** One event larger than this is kept in the execution file but not parsed or logged. */
export const MAX_EVENT_BYTES = 8 * 1024 * 1024
const STDERR_TAIL_CHARS = 4000
/**
 * After a timeout, SIGTERM gives the CLI this long to end its tools before SIGKILL. A cancelled job
 * gets much less: the runner sends SIGTERM 7.5 s after its SIGINT and SIGKILL 2.5 s after that, and
 * by then the CLI's process group must be gone and the outputs and summary written.
 */
const KILL_GRACE_MS = 10_000
export const CANCEL_GRACE_MS = 2_500

export interface RunOptions {
  executable: string
  args: string[]
  env: NodeJS.ProcessEnv
  cwd: string
  /** Written to the CLI's stdin, which is then closed (a prompt too long for argv); else stdin is closed from the start. */
  stdin?: string
  executionFile: ExecutionFile
  /** Epoch ms; past it the CLI gets SIGTERM, and SIGKILL after `killGraceMs`. */
  deadline?: number
  killGraceMs?: number
  onEvent?: (event: StreamEvent) => void
  /** Aborting (job cancelled) stops the CLI: SIGTERM, then SIGKILL after CANCEL_GRACE_MS. */
  signal?: AbortSignal
  /** Aborting (the action gave up on the run, e.g. a refused key) stops it the same way; the outcome says `stopped`. */
  stop?: AbortSignal
  /** Resolves when the log has room again; default the platform's log (see Log.drain). */
  logDrained?: () => Promise<void> | undefined
  /** Aborting (the runner's second signal) kills the CLI's process group at once. */
  killNow?: AbortSignal
}

export interface CliOutcome {
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  cancelled: boolean
  /** The action stopped it (RunOptions.stop). */
  stopped?: boolean
  spawnError?: Error
  progress: Progress
  stderrTail: string
  /** Lines that were not JSON: a sign of a broken or foreign CLI. */
  nonJsonLines: number
  oversizedEvents: number
  /** The size of a `result` event too large to read, when there was one. */
  oversizedResultBytes?: number
  maxBufferedBytes: number
}

export function runClaude(options: RunOptions): Promise<CliOutcome> {
  const progress = new Progress()
  const outcome: CliOutcome = {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    progress,
    stderrTail: '',
    nonJsonLines: 0,
    oversizedEvents: 0,
    maxBufferedBytes: 0
  }
  const splitter = new LineSplitter(MAX_EVENT_BYTES, line => {
    if (!Buffer.isBuffer(line)) {
      outcome.oversizedEvents++
      // The CLI writes `type` first; the final result is the one event the report cannot do without.
      if (/^\{\s*"type"\s*:\s*"result"/.test(line.head.toString('utf8'))) outcome.oversizedResultBytes = line.oversizedBytes
      return
    }
    const event = parseEvent(line)
    if (!event) {
      if (line.length > 0) outcome.nonJsonLines++
      return
    }
    // An event handler never throws: an event it cannot read must not cost the run its report.
    try {
      progress.observe(event)
      options.onEvent?.(event)
    } catch (error) {
      log.warning(`Could not read a stream-json event of type ${JSON.stringify(String(event.type)).slice(0, 40)}: ${(error as Error).message}`)
    }
  })

  return new Promise(resolve => {
    let child: ChildProcessByStdio<Writable | null, Readable, Readable>
    try {
      child = spawn(options.executable, options.args, {
        cwd: options.cwd,
        env: options.env,
        stdio: [stdinMode(options), 'pipe', 'pipe'],
        // Its own process group, so a timeout also stops the tools it started.
        detached: process.platform !== 'win32'
      }) as ChildProcessByStdio<Writable | null, Readable, Readable>
    } catch (error) {
      // Node refuses some argv or env values before spawning; its message would quote them.
      outcome.spawnError = new Error(describeSpawnRefusal(error))
      return resolve(outcome)
    }

    if (options.stdin !== undefined && child.stdin) {
      // A CLI that exits before reading it all (a crash, a bad flag) closes the pipe: EPIPE is not our failure.
      child.stdin.on('error', () => undefined)
      child.stdin.end(options.stdin)
    }

    let terminating = false
    const stop = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal)
        else child.kill(signal)
      } catch {
        // Already gone.
      }
    }
    const timers: NodeJS.Timeout[] = []
    const terminate = (graceMs: number): void => {
      terminating = true
      stop('SIGTERM')
      timers.push(setTimeout(() => stop('SIGKILL'), graceMs))
    }
    if (options.deadline !== undefined) {
      timers.push(
        setTimeout(
          () => {
            outcome.timedOut = true
            terminate(options.killGraceMs ?? KILL_GRACE_MS)
          },
          Math.max(0, options.deadline - Date.now())
        )
      )
    }
    const onAbort = (): void => {
      outcome.cancelled = true
      terminate(CANCEL_GRACE_MS)
    }
    const onStop = (): void => {
      outcome.stopped = true
      terminate(CANCEL_GRACE_MS)
    }
    const onKillNow = (): void => {
      outcome.cancelled = true
      terminating = true
      stop('SIGKILL')
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    options.stop?.addEventListener('abort', onStop, { once: true })
    options.killNow?.addEventListener('abort', onKillNow, { once: true })
    if (options.signal?.aborted) onAbort()
    if (options.killNow?.aborted) onKillNow()

    const logDrained = options.logDrained ?? (() => log.drain?.())
    child.stdout.on('data', (chunk: Buffer) => {
      splitter.push(chunk)
      const waits: Promise<void>[] = []
      if (!options.executionFile.write(chunk)) waits.push(options.executionFile.drained())
      const logWait = logDrained()
      if (logWait) waits.push(logWait)
      if (waits.length === 0) return
      // Backpressure: the CLI waits while the file or the log's reader catches up, instead of the
      // stream piling up in memory.
      child.stdout.pause()
      void Promise.all(waits).then(() => child.stdout.resume())
    })
    child.stderr.on('data', (chunk: Buffer) => {
      outcome.stderrTail = (outcome.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS)
    })
    let finished = false
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return
      finished = true
      for (const timer of timers) clearTimeout(timer)
      // A stopped CLI's tools that outlived it (ignoring SIGTERM, holding stdout) go with it.
      if (terminating) stop('SIGKILL')
      options.signal?.removeEventListener('abort', onAbort)
      options.stop?.removeEventListener('abort', onStop)
      options.killNow?.removeEventListener('abort', onKillNow)
      splitter.end()
      options.executionFile.flush()
      outcome.exitCode = code
      outcome.signal = signal
      outcome.maxBufferedBytes = splitter.maxBufferedBytes
      resolve(outcome)
    }
    child.on('error', error => {
      outcome.spawnError = error
      if (child.pid === undefined) finish(null, null)
    })
    child.on('exit', () => {
      if (terminating) stop('SIGKILL')
      // A grandchild that inherited stdout must not keep the step waiting for 'close'.
      const timer = setTimeout(() => {
        child.stdout.destroy()
        child.stderr.destroy()
      }, 5000)
      timer.unref()
      timers.push(timer)
    })
    child.on('close', finish)
  })
}

/** Why Node refused to spawn, without the value it refused (a prompt, an env variable). */
function describeSpawnRefusal(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE') {
    return 'an argument or environment variable cannot be passed to a process (it holds a NUL byte)'
  }
  return `the process could not be created (${code ?? (error as Error).name})`
}

/** Closed (ignored) unless there is something to write: an open pipe makes the CLI wait 3 s for input. */
function stdinMode(options: RunOptions): 'ignore' | 'pipe' {
  return options.stdin === undefined ? 'ignore' : 'pipe'
}

function parseEvent(line: Buffer): StreamEvent | undefined {
  // Cheap check first: a non-JSON line is not worth a thrown exception per line.
  if (line.length === 0 || line[0] !== 0x7b) return undefined
  try {
    const event: unknown = JSON.parse(line.toString('utf8'))
    return event && typeof event === 'object' ? (event as StreamEvent) : undefined
  } catch {
    return undefined
  }
}
