// The local diff (git, base...head) and its bound; an API answer read as a stream (the pull request's
// diff and the compare of an incremental re-review) and its bound; what counts as a diff from the API,
// and the files' patches that stand in when it gives none. The API diff end to end is in the e2e test.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asDiff, gitDiff, patchesDiff, readDiffBody, writeDiffFile } from '../../../../src/code-hosts/github/diff.js'

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

test("only a diff counts as one: a proxy's JSON or page is named for the warning instead", () => {
  const read = (text: string) => ({ text, totalBytes: Buffer.byteLength(text) })
  expect(asDiff(read('diff --git a/x b/x\n'))).toEqual({ text: 'diff --git a/x b/x\n', totalBytes: 19 })
  expect(asDiff(read(''))).toEqual({ text: '', totalBytes: 0 })
  expect(asDiff(read('{"number":7,"head":{"sha":"c"}}'), 'application/json; charset=utf-8')).toEqual({ notADiff: 'a JSON object' })
  expect(asDiff(read('  []'))).toEqual({ notADiff: 'a JSON array' })
  expect(asDiff(read('null'), 'application/json')).toEqual({ notADiff: 'JSON starting "null"' })
  expect(asDiff(read('<html><body>Proxy error</body></html>'), 'text/html')).toEqual({ notADiff: 'text starting "<html><body>Proxy error</body></html>"' })
})

test("the files' patches make a diff git-like enough to read: added, removed, renamed, and no patch", () => {
  const { text, totalBytes } = patchesDiff([
    { filename: 'new.ts', status: 'added', patch: '@@ -0,0 +1 @@\n+a' },
    { filename: 'gone.ts', status: 'removed', patch: '@@ -1 +0,0 @@\n-b' },
    { filename: 'to.ts', previous_filename: 'from.ts', status: 'renamed' },
    { filename: 'big.ts', status: 'modified', patchLeftOut: 1000 }
  ])
  expect(text).toBe(
    [
      'diff --git a/new.ts b/new.ts\n--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1 @@\n+a\n',
      'diff --git a/gone.ts b/gone.ts\n--- a/gone.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-b\n',
      'diff --git a/from.ts b/to.ts\n--- a/from.ts\n+++ b/to.ts\n',
      'diff --git a/big.ts b/big.ts\n--- a/big.ts\n+++ b/big.ts\n'
    ].join('')
  )
  // The patch left out counts, so a cut note says how much is missing.
  expect(totalBytes).toBe(Buffer.byteLength(text) + 1000)
})
