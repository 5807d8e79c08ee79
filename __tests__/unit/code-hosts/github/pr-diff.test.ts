// The local diff (git, base...head) and its bound; an API answer read as a stream (the pull request's
// diff and the compare of an incremental re-review) and its bound; the API diff end to end is in the e2e test.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gitDiff, readDiffBody, writeDiffFile } from '../../../../src/code-hosts/github/diff.js'

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' })

/** A checkout like actions/checkout with fetch-depth 0: origin/main, and HEAD two commits past it. */
function checkout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pr-diff-'))
  git(dir, 'init', '-q', '-b', 'main')
  writeFileSync(path.join(dir, 'a.txt'), 'one\n')
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'base')
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD')
  git(dir, 'checkout', '-q', '-b', 'feature')
  writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo-from-the-pr\n')
  git(dir, 'commit', '-q', '-am', 'change')
  return dir
}

test('git gives base...head when the checkout has origin/BASE and the merge base', async () => {
  const dir = checkout()
  const diff = await gitDiff(dir, 'main')
  expect(diff?.text).toContain('+two-from-the-pr')
  expect(diff?.text).toMatch(/^diff --git a\/a.txt b\/a.txt/)
  expect(diff?.totalBytes).toBe(Buffer.byteLength(diff?.text ?? ''))
})

test('no such base branch, or no git repository, gives undefined (the API is asked instead)', async () => {
  expect(await gitDiff(checkout(), 'develop')).toBeUndefined()
  expect(await gitDiff(mkdtempSync(path.join(os.tmpdir(), 'pr-diff-none-')), 'main')).toBeUndefined()
})

test('a diff over the bound is cut at a line end, with a note saying how much it had', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pr-diff-out-'))
  const text = Array.from({ length: 100 }, (_, i) => `+line ${i}`).join('\n') + '\n'
  const file = writeDiffFile(dir, 'api', { text, totalBytes: Buffer.byteLength(text) }, 100)
  const written = readFileSync(file.path, 'utf8')
  expect(file.cutFrom).toBe(Buffer.byteLength(text))
  expect(written.startsWith('+line 0\n')).toBe(true)
  expect(written).toContain(`… diff cut here at 100 of ${Buffer.byteLength(text)} bytes`)
  const kept = written.split('\n… diff cut')[0]
  expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(101)
  expect(kept.endsWith('\n')).toBe(true)

  const small = writeDiffFile(dir, 'git', { text: '+x\n', totalBytes: 3 }, 100)
  expect(readFileSync(small.path, 'utf8')).toBe('+x\n')
  expect(small.cutFrom).toBeUndefined()
})

test('git output past the bound is counted but not kept', async () => {
  const dir = checkout()
  const diff = await gitDiff(dir, 'main', 20)
  expect(diff?.text).toHaveLength(20)
  expect(diff?.totalBytes).toBeGreaterThan(20)
})

test('an API diff answer is read no further than one byte past the bound, and its size comes from Content-Length when uncompressed', async () => {
  let pulled = 0
  // 64 chunks of 1 KiB, as slowly as the reader asks for them.
  const stream = () =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ === 64) return controller.close()
        controller.enqueue(new Uint8Array(1024).fill(0x2b))
      }
    })
  const cut = await readDiffBody(stream(), { 'content-length': String(64 * 1024) }, 4096)
  expect(Buffer.byteLength(cut.text)).toBe(4097)
  expect(cut.totalBytes).toBe(64 * 1024)
  expect(pulled).toBeLessThan(10)

  pulled = 0
  expect((await readDiffBody(stream(), { 'content-encoding': 'gzip', 'content-length': '900' }, 4096)).totalBytes).toBeUndefined()
  pulled = 0
  const whole = await readDiffBody(stream(), {}, 1024 * 1024)
  expect(whole.totalBytes).toBe(64 * 1024)
  expect(await readDiffBody('+x\n', {})).toEqual({ text: '+x\n', totalBytes: 3 })
})
