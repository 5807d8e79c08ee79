// The pull request's diff (base...head) for Claude Code to Read: from git when the checkout has
// the history, else from GitHub's API. Bounded, with a note at the end when it was cut, so a huge
// PR cannot fill the disk or the model's context in one Read.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { GitHubClient } from './client.js'
import type { PullRequestEvent } from './event.js'
import { writing } from '../../lib/write-errors.js'

/** A review rarely needs more; Claude's Read tool pages through a file this size. */
export const MAX_DIFF_BYTES = 512 * 1024
const GIT_DEADLINE_MS = 30_000

export interface WrittenDiff {
  path: string
  /** Where the text came from, for the log. */
  source: 'git' | 'api'
  bytes: number
  /** The whole diff's size when it was cut to MAX_DIFF_BYTES (`more than …` when it was not read to the end). */
  cutFrom?: number | string
}

/**
 * `git diff origin/BASE...HEAD` in the checkout, or undefined when it cannot answer (no such ref,
 * a shallow clone without the merge base, no git). Only for `pull_request`, whose checkout is the
 * PR; under `pull_request_target` HEAD is the base branch. External diff drivers and textconv,
 * which a checkout's config could name, are turned off.
 */
export async function gitDiff(cwd: string, baseRef: string, maxBytes = MAX_DIFF_BYTES): Promise<{ text: string; totalBytes: number } | undefined> {
  const base = `origin/${baseRef}`
  const known = await git(cwd, ['merge-base', base, 'HEAD'], 4096)
  if (!known || known.code !== 0) return undefined
  const diff = await git(cwd, ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-textconv', `${base}...HEAD`], maxBytes)
  if (!diff || diff.code !== 0) return undefined
  return { text: diff.text, totalBytes: diff.totalBytes }
}

/**
 * The diff GitHub renders for the PR (`Accept: application/vnd.github.diff`), read as it arrives and
 * no further than `maxBytes`: a 55 MB diff is neither held whole nor downloaded whole. Its size is
 * GitHub's Content-Length when it sends one; `totalBytes` is undefined when the rest was not counted.
 */
export async function apiDiff(
  octokit: GitHubClient,
  pr: PullRequestEvent,
  signal: AbortSignal,
  maxBytes = MAX_DIFF_BYTES
): Promise<{ text: string; totalBytes: number | undefined }> {
  const { data, headers } = await octokit.rest.pulls.get({
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    mediaType: { format: 'diff' },
    request: { signal, parseSuccessResponseBody: false }
  })
  return readDiffBody(data, headers, maxBytes)
}

/**
 * A diff answer requested with `parseSuccessResponseBody: false`, read as it arrives and no further
 * than `maxBytes`. `totalBytes` is its Content-Length when uncompressed, undefined when the rest was not counted.
 */
export async function readDiffBody(
  data: unknown,
  headers: Record<string, string | number | undefined>,
  maxBytes = MAX_DIFF_BYTES
): Promise<{ text: string; totalBytes: number | undefined }> {
  const body = data as ReadableStream<Uint8Array> | string | null
  if (body === null || typeof body === 'string') {
    const text = body ?? ''
    return { text, totalBytes: Buffer.byteLength(text) }
  }
  const kept: Buffer[] = []
  let keptBytes = 0
  const reader = body.getReader()
  try {
    // One byte past the bound says there is more.
    while (keptBytes <= maxBytes) {
      const { done, value } = await reader.read()
      if (done) return { text: Buffer.concat(kept).toString('utf8'), totalBytes: keptBytes }
      const piece = Buffer.from(value.subarray(0, maxBytes + 1 - keptBytes))
      kept.push(piece)
      keptBytes += piece.length
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  // Content-Length counts the diff only when it came uncompressed.
  const encoded = headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity'
  const length = encoded ? NaN : Number(headers['content-length'])
  // Cut bytes may end inside a character; writeDiffFile cuts again at a line end.
  return { text: Buffer.concat(kept).toString('utf8'), totalBytes: Number.isInteger(length) && length > maxBytes ? length : undefined }
}

/**
 * Writes the diff (as `name` in `dir`, pr.diff by default), cut at a line end within MAX_DIFF_BYTES,
 * with a note saying how much is missing and, when known, what the changed-file list holds instead
 * (`filesNote`). `what` names it in a failed write's message.
 */
export function writeDiffFile(
  dir: string,
  source: WrittenDiff['source'],
  diff: { text: string; totalBytes: number | undefined },
  maxBytes = MAX_DIFF_BYTES,
  { name = 'pr.diff', filesNote, what = "the pull request's diff" }: { name?: string; filesNote?: string; what?: string } = {}
): WrittenDiff {
  const file = path.join(dir, name)
  let text = diff.text
  const cut = diff.totalBytes === undefined || diff.totalBytes > maxBytes || Buffer.byteLength(text) > maxBytes
  if (cut) {
    const head = Buffer.from(text).subarray(0, maxBytes).toString('utf8')
    const lineEnd = head.lastIndexOf('\n')
    const of = diff.totalBytes === undefined ? `of more than ${maxBytes}` : `of ${diff.totalBytes}`
    text = `${lineEnd > 0 ? head.slice(0, lineEnd + 1) : head}\n… diff cut here at ${maxBytes} ${of} bytes${filesNote ? `; ${filesNote}` : ''}.\n`
  }
  writing(what, file, () => writeFileSync(file, text, { mode: 0o600 }))
  return { path: file, source, bytes: Buffer.byteLength(text), ...(cut ? { cutFrom: diff.totalBytes ?? `more than ${maxBytes}` } : {}) }
}

/** Runs git with argv (no shell), keeping at most maxBytes of stdout but counting all of it. */
function git(cwd: string, args: string[], maxBytes: number): Promise<{ code: number | null; text: string; totalBytes: number } | undefined> {
  return new Promise(resolve => {
    const child = spawn('git', args, {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' },
      timeout: GIT_DEADLINE_MS
    })
    const chunks: Buffer[] = []
    let kept = 0
    let totalBytes = 0
    child.stdout.on('data', (chunk: Buffer) => {
      totalBytes += chunk.length
      if (kept >= maxBytes) return
      const piece = chunk.subarray(0, maxBytes - kept)
      chunks.push(piece)
      kept += piece.length
    })
    child.on('error', () => resolve(undefined))
    child.on('close', code => resolve({ code, text: Buffer.concat(chunks).toString('utf8'), totalBytes }))
  })
}
