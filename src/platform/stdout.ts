// The log is the process's stdout on every platform, and its reader (the runner masks and uploads
// each line) can fall behind. Node then queues writes in memory, and process.exit() drops the queue.
// These two helpers let the run wait for the reader, and let an entry exit without losing the end.

/** Resolves once stdout has drained; undefined when it can take more now. */
export function stdoutDrained(stream: NodeJS.WriteStream = process.stdout): Promise<void> | undefined {
  if (!stream.writableNeedDrain) return undefined
  return new Promise(resolve => {
    const done = (): void => {
      stream.off('drain', done)
      stream.off('close', done)
      stream.off('error', done)
      resolve()
    }
    stream.once('drain', done)
    // A reader that went away never drains; the run must not wait for it.
    stream.once('close', done)
    stream.once('error', done)
  })
}

/**
 * Ends the process once everything written to stdout (and stderr) has reached its reader, and no
 * sooner than `lingerMs` if something else holds the process open (a socket abandoned at its
 * deadline), with process.exitCode. A process that ends by itself earlier still does: the timer is unref'd, and Node
 * waits for pending stdout writes before it exits on its own.
 */
export function exitOnceFlushed(lingerMs: number): void {
  setTimeout(() => {
    // process.exit() with no argument keeps process.exitCode (setFailed's); `exit(undefined)` would not.
    void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit())
  }, lingerMs).unref()
}

/** Ends the process with this code once stdout and stderr have reached their readers (the command's exit). */
export async function exitWhenFlushed(exitCode: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  return process.exit(exitCode)
}

/** An empty write completes after every write queued before it (writes to a stream stay in order). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed || !stream.writable) return Promise.resolve()
  return new Promise(resolve => {
    stream.once('error', () => resolve())
    stream.write('', () => resolve())
  })
}
