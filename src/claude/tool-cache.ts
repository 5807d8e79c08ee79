// The tool-cache entry of one CLI version, shared by every job on a runner (self-hosted runners run
// many at once against one RUNNER_TOOL_CACHE). Three rules keep jobs from breaking each other:
// - an entry appears only by renaming a complete, checked directory into place, and is never
//   deleted while its binary matches (a job may be about to start it);
// - one job at a time installs a version (a lock file beside the entry); the others wait for its
//   entry instead of downloading the same 185 MB again;
// - what a dead install left behind (its staging directory, its lock) is recognised by the PID and
//   host in its name and removed by the next install.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { log } from '../platform/platform.js'

/** What `<root>.complete` records about an install. */
export interface InstallRecord {
  /** The binary, relative to the install root. */
  binary: string
  sha256: string
  /** The binary's file as it was hashed; a change to it (content, mode, owner) moves ctime, which no user can set back. */
  fingerprint?: Fingerprint
}

export interface Fingerprint {
  size: number
  ino: number
  ctimeMs: number
}

export function fingerprint(file: string): Fingerprint | undefined {
  try {
    const { size, ino, ctimeMs } = statSync(file)
    return { size, ino, ctimeMs }
  } catch {
    return undefined
  }
}

/** How often a waiting job looks for the installing job's entry. */
const POLL_MS = 250
/** A lock or staging directory of another host (a container) untouched this long belongs to a dead install. */
export const STALE_AFTER_MS = 10 * 60_000

/** This process, as it names its lock and staging directories: `<pid>@<host>`. */
export function owner(): string {
  return `${process.pid}@${os.hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host'}`
}

/** The directory an install fills before it is renamed into place. */
export function stagingDir(root: string): string {
  return `${root}.partial-${owner()}`
}

/**
 * The cached binary, if the install completed and the binary still has the hash recorded then;
 * `quiet` logs nothing. `justRecorded`: a job that waited while another installed it trusts the file
 * unchanged since that job hashed it (same inode, size and ctime) instead of hashing 225 MB again,
 * as ten jobs at once would.
 */
export async function verifiedCacheHit(cache: string, root: string, quiet = false, justRecorded = false): Promise<string | undefined> {
  const marker = `${root}.complete`
  if (!existsSync(marker)) return undefined
  let record: Partial<InstallRecord> = {}
  try {
    record = JSON.parse(readFileSync(marker, 'utf8')) as Partial<InstallRecord>
  } catch {
    // An older release's empty marker: reinstall, which records the hash.
  }
  if (typeof record.binary !== 'string' || typeof record.sha256 !== 'string') {
    if (!quiet) log.info(`Claude Code: the tool cache entry ${root} has no recorded SHA-256; reinstalling`)
    return undefined
  }
  const binary = insideToolCache(cache, path.join(root, record.binary))
  if (!binary.startsWith(root + path.sep)) throw new Error(`Refusing the tool-cache path ${binary}: it is outside ${root}`)
  const recorded = record.fingerprint
  const now = justRecorded && recorded ? fingerprint(binary) : undefined
  if (now && recorded && now.size === recorded.size && now.ino === recorded.ino && now.ctimeMs === recorded.ctimeMs) return binary
  const actual = existsSync(binary) ? await sha256(binary) : 'missing'
  if (actual === record.sha256) return binary
  if (!quiet) log.warning(`The cached Claude Code binary ${binary} does not match the SHA-256 recorded when it was installed; reinstalling it`)
  return undefined
}

/** Every path under the tool cache is checked: a version or record must not lead out of it. */
export function insideToolCache(cache: string, candidate: string): string {
  const resolved = path.resolve(candidate)
  const relative = path.relative(cache, resolved)
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`Refusing the tool-cache path ${resolved}: it is outside the tool cache ${cache}`)
  }
  return resolved
}

/** Written beside the entry, atomically: a job reading it never sees half a record. */
export function writeRecord(root: string, record: InstallRecord): void {
  const marker = `${root}.complete`
  const partial = `${marker}.${owner()}`
  try {
    writeFileSync(partial, `${JSON.stringify(record)}\n`)
    renameSync(partial, marker)
  } finally {
    rmSync(partial, { force: true })
  }
}

export interface Swapped {
  binary: string
  /** The entry is this job's staging directory, renamed; else another job's, which matched it. */
  ours: boolean
  /** The binary's SHA-256, when comparing with another job's entry needed it. */
  sha256?: string
}

/**
 * Puts the checked staging directory in place as the entry `root`. An entry already there whose
 * binary is byte for byte the one just installed is kept (another job finished first, and may be
 * running it); one that differs (damaged, tampered) is renamed aside and removed, then replaced.
 */
export async function swapIn(staging: string, root: string, relative: string): Promise<Swapped> {
  for (let attempt = 1; ; attempt++) {
    try {
      renameSync(staging, root)
      return { binary: path.join(root, relative), ours: true }
    } catch (error) {
      // A directory cannot be renamed onto a non-empty one: another entry is in place.
      if (!['ENOTEMPTY', 'EEXIST', 'EPERM', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '') || attempt > 3) throw error
    }
    const theirs = path.join(root, relative)
    const ours = await sha256(path.join(staging, relative))
    if (existsSync(theirs) && statSync(theirs).size === statSync(path.join(staging, relative)).size && (await sha256(theirs)) === ours) {
      return { binary: theirs, ours: false, sha256: ours }
    }
    log.warning(`The tool cache entry ${root} does not hold the binary just installed; replacing it`)
    const aside = `${root}.discard-${owner()}`
    try {
      renameSync(root, aside)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    rmSync(`${root}.complete`, { force: true })
    rmSync(aside, { recursive: true, force: true })
  }
}

export interface InstallTurn {
  /** Another job installed it while this one waited: its binary. */
  installedByOther?: string
  /** Ends this job's turn (removes its lock); later calls do nothing. */
  release(): void
}

/**
 * Waits until this job may install `root`: it holds `<root>.lock`, or another job's entry has
 * appeared and checks out. A lock whose owner is gone (its PID on this host, or untouched for
 * STALE_AFTER_MS) is broken. Rejects when `signal` aborts, with its reason.
 */
export async function installTurn(cache: string, root: string, signal: AbortSignal, onWait?: (holder: string) => void): Promise<InstallTurn> {
  const lock = `${root}.lock`
  const mine = `${owner()} ${Date.now()}`
  let announced = false
  for (;;) {
    signal.throwIfAborted()
    if (tryCreate(lock, mine)) {
      const release = once(() => releaseLock(lock, mine))
      // The job that held the lock before may have just finished the entry.
      const hit = await verifiedCacheHit(cache, root, true, true).catch(error => {
        release()
        throw error
      })
      if (!hit) return { release }
      release()
      return { installedByOther: hit, release: () => undefined }
    }
    const holder = readLock(lock)
    if (holder !== undefined && isStale(holder, lock)) {
      log.info(`Claude Code: removing the install lock ${lock} of a job that is gone (${holder.owner || 'unknown'})`)
      breakLock(lock, holder.text)
      continue
    }
    const hit = await verifiedCacheHit(cache, root, true, true)
    if (hit) return { installedByOther: hit, release: () => undefined }
    if (!announced && holder) {
      announced = true
      log.info(`Claude Code: another job (${holder.owner}) is installing it into ${path.dirname(root)}; waiting for it`)
    }
    if (holder) onWait?.(holder.owner)
    await sleep(POLL_MS, signal)
  }
}

/**
 * Removes the staging and discarded directories (and temp records) that installs left behind when
 * they were killed or cancelled: their PID is gone on this host, or, from another host, they have
 * not changed for STALE_AFTER_MS. Never throws: a leftover that stays costs space, not the run.
 */
export function removeStaleLeftovers(root: string): void {
  const dir = path.dirname(root)
  const base = path.basename(root)
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return
  }
  for (const name of entries) {
    const m = /^\.(?:partial|discard)-(\d+)(?:@(.+))?$|^\.complete\.(\d+)@(.+)$/.exec(name.startsWith(base) ? name.slice(base.length) : '')
    if (!m) continue
    const leftover = path.join(dir, name)
    const pid = Number(m[1] ?? m[3])
    const host = m[2] ?? m[4]
    if (!isStale({ owner: `${pid}@${host ?? ''}`, pid, host, text: '' }, leftover)) continue
    try {
      rmSync(leftover, { recursive: true, force: true })
      log.info(`Claude Code: removed ${leftover}, left by an install that did not finish`)
    } catch (error) {
      log.debug(`Claude Code: could not remove ${leftover} (${(error as Error).message})`)
    }
  }
}

interface Holder {
  owner: string
  pid: number
  /** Undefined in names from releases before the host was added. */
  host: string | undefined
  text: string
}

function readLock(lock: string): Holder | undefined {
  let text: string
  try {
    text = readFileSync(lock, 'utf8')
  } catch {
    // Released between our attempt and this read.
    return undefined
  }
  const [who = ''] = text.split(' ')
  const at = who.indexOf('@')
  return { owner: who, pid: Number(who.slice(0, at)), host: at > 0 ? who.slice(at + 1) : undefined, text }
}

/** Gone on this host, or (another host's, or unreadable) not touched for STALE_AFTER_MS. */
function isStale(holder: Holder, file: string): boolean {
  const here = owner().slice(owner().indexOf('@') + 1)
  if (Number.isInteger(holder.pid) && holder.pid > 0 && (holder.host === undefined || holder.host === here)) return !isAlive(holder.pid)
  try {
    return Date.now() - statSync(file).mtimeMs > STALE_AFTER_MS
  } catch {
    return false
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function tryCreate(lock: string, content: string): boolean {
  let fd: number
  try {
    fd = openSync(lock, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, content)
  } finally {
    closeSync(fd)
  }
  return true
}

/** Moved aside first, so of two jobs breaking the same stale lock only one removes it. */
function breakLock(lock: string, text: string): void {
  const aside = `${lock}.broken-${owner()}`
  try {
    renameSync(lock, aside)
  } catch {
    return
  }
  // Another job took the lock between our read and the rename: put it back.
  if (readFileSync(aside, 'utf8') !== text && !existsSync(lock)) renameSync(aside, lock)
  else rmSync(aside, { force: true })
}

function releaseLock(lock: string, mine: string): void {
  try {
    if (readFileSync(lock, 'utf8') === mine) unlinkSync(lock)
  } catch {
    // Already gone (broken by a job that judged us dead).
  }
}

function once(fn: () => void): () => void {
  let done = false
  return () => {
    if (!done) fn()
    done = true
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Reads the file in a worker thread, in big reads into one buffer: the ~400 MB binary then hashes in
 * about 0.3 s (a read stream took three times that), and the main thread goes on with the credentials.
 */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { closeSync, openSync, readSync } = require('node:fs')
const hash = createHash('sha256')
const buffer = Buffer.allocUnsafe(4 << 20)
const fd = openSync(workerData, 'r')
try {
  for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n))
} finally {
  closeSync(fd)
}
parentPort.postMessage(hash.digest('hex'))
`

/** worker_threads is loaded here, not at start-up: a step with claude-path or a fresh install hashes nothing first. */
export async function sha256(file: string): Promise<string> {
  const { Worker } = await import('node:worker_threads')
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: file })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', code => reject(new Error(`hashing ${file} stopped (exit code ${code})`)))
  })
}
