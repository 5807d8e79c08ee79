// A write that fails (a full RUNNER_TEMP or TMPDIR, a read-only directory) is reported as what
// happened and where, instead of Node's `ENOSPC: no space left on device, write`, which names neither
// the file nor what the action was writing.

/** Why writing `file` failed, in words: `the disk is full (file)`. */
export function describeWriteError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk is full (${file})`
  if (code === 'EFBIG') return `the file has reached the size this job may write (${file}; ulimit -f)`
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return `the directory is not writable (${file}: ${code})`
  return `${(error as Error | undefined)?.message ?? String(error)} (${file})`
}

/** A write of the action's that failed; the message names what was written and why it failed. */
export class WriteFailed extends Error {
  readonly code: string | undefined
  constructor(what: string, file: string, cause: unknown) {
    super(`Could not write ${what}: ${describeWriteError(cause, file)}`)
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code
  }
}

/** Runs a synchronous write of `what` to `file`; a failure is rethrown as a WriteFailed. */
export function writing<T>(what: string, file: string, write: () => T): T {
  try {
    return write()
  } catch (error) {
    throw error instanceof WriteFailed ? error : new WriteFailed(what, file, error)
  }
}
