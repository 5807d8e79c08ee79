// What a dead install left in the tool cache is told from a live one's by the PID and host in its
// name: this host's dead PIDs go at once; another host's (a container sharing the cache) only once
// untouched for long; a lock is broken on the same terms.
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { installTurn, owner, removeStaleLeftovers, sha256, STALE_AFTER_MS, verifiedCacheHit, writeRecord } from '../../../src/claude/tool-cache.js'

let dir: string
let root: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-tool-cache-'))
  root = path.join(dir, 'claude-code', '2.1.331', 'x64')
  mkdirSync(path.dirname(root), { recursive: true })
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  jest.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

/** A PID that was this host's and is gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

const here = owner().slice(owner().indexOf('@') + 1)

function leftover(name: string, ageMs = 0): string {
  const file = path.join(path.dirname(root), name)
  mkdirSync(file)
  writeFileSync(path.join(file, 'claude'), 'partial binary')
  const at = (Date.now() - ageMs) / 1000
  utimesSync(file, at, at)
  return name
}

test("this host's dead installs go, live ones and another host's recent ones stay", () => {
  const dead = deadPid()
  const gone = [leftover(`x64.partial-${dead}@${here}`), leftover(`x64.partial-${dead}`), leftover(`x64.discard-${dead}@${here}`)]
  const kept = [
    leftover(`x64.partial-${process.pid}@${here}`),
    leftover(`x64.partial-${dead}@other-host`, STALE_AFTER_MS / 2),
    leftover('x64-musl.partial-1@elsewhere'),
    leftover('x64')
  ]
  const old = leftover(`x64.partial-${dead}@other-host-2`, STALE_AFTER_MS + 60_000)

  removeStaleLeftovers(root)

  const left = readdirSync(path.dirname(root))
  expect(left.sort()).toEqual([...kept].sort())
  expect([...gone, old].filter(name => left.includes(name))).toEqual([])
})

test("a lock whose owner is gone is broken and taken; a live owner's lock is waited on until it goes", async () => {
  writeFileSync(`${root}.lock`, `${deadPid()}@${here} ${Date.now()}`)
  const turn = await installTurn(dir, root, new AbortController().signal)
  expect(turn.installedByOther).toBeUndefined()
  expect(existsSync(`${root}.lock`)).toBe(true)
  turn.release()
  expect(existsSync(`${root}.lock`)).toBe(false)

  // A live job's lock: this one waits, and gives up when its signal says so.
  writeFileSync(`${root}.lock`, `${process.pid}@${here} ${Date.now()}`)
  const stop = new AbortController()
  const waiting = installTurn(dir, root, stop.signal)
  setTimeout(() => stop.abort(new Error('the install deadline passed')), 600)
  await expect(waiting).rejects.toThrow('the install deadline passed')
  expect(existsSync(`${root}.lock`)).toBe(true)
})

test('a job that waited trusts the entry while its file is the one hashed (inode, size, ctime); a changed one is hashed and refused', async () => {
  const binary = path.join(root, 'node_modules', 'claude')
  mkdirSync(path.dirname(binary), { recursive: true })
  writeFileSync(binary, '#!/bin/sh\necho "2.1.331 (Claude Code)"\n', { mode: 0o755 })
  const { size, ino, ctimeMs } = statSync(binary)
  writeRecord(root, { binary: 'node_modules/claude', sha256: await sha256(binary), fingerprint: { size, ino, ctimeMs } })
  expect(await verifiedCacheHit(dir, root, true, true)).toBe(binary)

  // Same size, other content: the ctime moved, so the hash is checked, and fails.
  writeFileSync(binary, '#!/bin/sh\necho "2.1.331 (Claude Cod3)"\n')
  expect(await verifiedCacheHit(dir, root, true, true)).toBeUndefined()
  expect(await verifiedCacheHit(dir, root, true)).toBeUndefined()
})
