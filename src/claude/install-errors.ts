// Install failures that say what is wrong on the runner instead of how npm or the file system
// tripped over it: a tool cache it cannot write, a full disk, an install that took too long. They
// are final: neither npm nor a second attempt can fix them.
import { statfsSync, statSync } from 'node:fs'
import path from 'node:path'

/** About what the install writes: the 225 MB binary, or npm's copy of the 185 MB tarball and the package. */
export const NEEDED_BYTES = 400 * 1024 * 1024
/** The whole install, waiting for another job's included, when nothing says otherwise. */
export const INSTALL_DEADLINE_MS = 240_000

/** A cause no retry or fallback can help with; the message says what to change. */
export class InstallProblem extends Error {}

const NOT_WRITABLE = ['EACCES', 'EPERM', 'EROFS']
const NO_SPACE = ['ENOSPC', 'EDQUOT']

/**
 * CLAUDE_CLOUD_ACTION_INSTALL_DEADLINE_MS can only shorten the bound (tests of a stalled registry);
 * `limitMs` is the caller's own bound.
 */
export function installDeadlineMs(env: NodeJS.ProcessEnv, limitMs = INSTALL_DEADLINE_MS): number {
  const shorter = Number(env.CLAUDE_CLOUD_ACTION_INSTALL_DEADLINE_MS)
  return shorter > 0 ? Math.min(shorter, limitMs) : limitMs
}

/** The error `error` would be for the tool cache `dir`: a named cause when it is one, else itself. */
export function explainToolCacheError(error: unknown, dir: string, neededBytes = NEEDED_BYTES): unknown {
  if (error instanceof InstallProblem) return error
  const code = errorCode(error)
  if (code && NOT_WRITABLE.includes(code)) return notWritable(dir, code)
  if (code && NO_SPACE.includes(code))
    return noSpace(dir, neededBytes) ?? new InstallProblem(`No space left for Claude Code in the tool cache ${dir} (${code}).`)
  // npm's own ENOSPC may be about its cache on another disk: named only when the tool cache's is full too.
  if (/\((ENOSPC|EDQUOT)\)/.test((error as Error | undefined)?.message ?? '')) return noSpace(dir, neededBytes) ?? error
  return error
}

/** Throws when the file system of `dir` has less room than an install needs. */
export function checkFreeSpace(dir: string, neededBytes = NEEDED_BYTES): void {
  const problem = noSpace(dir, neededBytes)
  if (problem) throw problem
}

/** A full disk or a refused write, ours or npm's (`npm error code ENOSPC`): a second attempt would meet it again. */
export function isLocalWriteError(error: unknown): boolean {
  const code = errorCode(error) ?? /\((E[A-Z]+)\)/.exec((error as Error | undefined)?.message ?? '')?.[1]
  return code !== undefined && [...NOT_WRITABLE, ...NO_SPACE].includes(code)
}

function notWritable(dir: string, code: string): InstallProblem {
  return new InstallProblem(
    `The tool cache is not writable (${dir}: ${code}). Give the tool-cache input (or RUNNER_TOOL_CACHE) a directory the job can write, or install Claude Code yourself and pass claude-path.`
  )
}

/** Undefined when there is room (or the file system does not say). */
function noSpace(dir: string, neededBytes: number): InstallProblem | undefined {
  let free: number
  try {
    const stats = statfsSync(dir)
    free = stats.bavail * stats.bsize
  } catch {
    return undefined
  }
  if (free >= neededBytes) return undefined
  return new InstallProblem(
    `No space left on ${mountPoint(dir)} for Claude Code (needs about ${Math.round(neededBytes / 2 ** 20)} MB, ${Math.floor(free / 2 ** 20)} MB free) in the tool cache ${dir}. Free some space or point tool-cache at a larger disk.`
  )
}

/** The directory `dir`'s file system is mounted at: the highest ancestor on the same device. */
function mountPoint(dir: string): string {
  let at = path.resolve(dir)
  try {
    const device = statSync(at).dev
    for (let parent = path.dirname(at); parent !== at && statSync(parent).dev === device; parent = path.dirname(parent)) at = parent
  } catch {
    // A parent we may not stat: the deepest known one says enough.
  }
  return at
}

/** The errno code of a file-system error of ours (npm's are about its cache too, so they are not mapped). */
function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' ? code : undefined
}
