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
  /** Where the text came from, for the log: git, the pull request's diff, a compare of the event's commits, the files' patches. */
  source: 'git' | 'api' | 'compare' | 'patches'
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

/** A diff as the API answered it, or what the answer was instead (a proxy's JSON or page), for the warning. */
export type ApiDiff = { text: string; totalBytes: number | undefined } | { notADiff: string }

/**
 * The diff GitHub renders for the PR (`Accept: application/vnd.github.diff`), its head now, read as it
 * arrives and no further than `maxBytes`: a 55 MB diff is neither held whole nor downloaded whole.
 */
export async function apiDiff(octokit: GitHubClient, pr: PullRequestEvent, signal: AbortSignal, maxBytes = MAX_DIFF_BYTES): Promise<ApiDiff> {
  const { data, headers } = await octokit.rest.pulls.get({
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    mediaType: { format: 'diff' },
    request: { signal, parseSuccessResponseBody: false }
  })
  return asDiff(await readDiffBody(data, headers, maxBytes), headers['content-type'])
}

/** The diff of the event's commits (`compare/{base}...{head}`, what the pull request showed then), whatever was pushed since. */
export async function compareDiff(octokit: GitHubClient, pr: EventCommits, signal: AbortSignal, maxBytes = MAX_DIFF_BYTES): Promise<ApiDiff> {
  const { data, headers } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner: pr.owner,
    repo: pr.repo,
    basehead: `${pr.baseSha}...${pr.headSha}`,
    mediaType: { format: 'diff' },
    request: { signal, parseSuccessResponseBody: false }
  })
  return asDiff(await readDiffBody(data, headers, maxBytes), headers['content-type'])
}

/** A pull request event that names its commits. */
export type EventCommits = PullRequestEvent & { baseSha: string; headSha: string }

/** A changed file as pulls/{n}/files and compare list it. */
export interface ChangedFile {
  filename: string
  status?: string
  previous_filename?: string
  patch?: string
  /** The patch's length when it was not kept (past MAX_DIFF_BYTES of patches): counted, not written. */
  patchLeftOut?: number
}

/** The event's changed files with their patches, from compare (GitHub lists at most 300 there). */
export async function compareFiles(octokit: GitHubClient, pr: EventCommits, signal: AbortSignal): Promise<ChangedFile[]> {
  // Files come whole on the first page; one commit a page keeps the answer small.
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner: pr.owner,
    repo: pr.repo,
    basehead: `${pr.baseSha}...${pr.headSha}`,
    per_page: 1,
    page: 1,
    request: { signal }
  })
  return (data.files ?? []) as ChangedFile[]
}

/**
 * The answer, when it is a diff (empty, or starting as git starts one). A proxy or gateway that drops
 * the media type answers JSON (the pull request itself) or a page of its own; that is not a diff.
 */
export function asDiff(answer: { text: string; totalBytes: number | undefined }, contentType: unknown = ''): ApiDiff {
  const { text } = answer
  if (text === '' || text.startsWith('diff --git ')) return answer
  const start = text.trimStart()
  const json = /json/i.test(String(contentType)) || /^[[{]/.test(start)
  const what = json
    ? start.startsWith('[')
      ? 'a JSON array'
      : start.startsWith('{')
        ? 'a JSON object'
        : `JSON starting ${JSON.stringify(start.slice(0, 40))}`
    : `text starting ${JSON.stringify(text.slice(0, 40))}`
  return { notADiff: what }
}

/** The files' patches as one diff: what stands in when the API gave no diff. Counted whole, kept up to maxBytes. */
export function patchesDiff(files: ChangedFile[], maxBytes = MAX_DIFF_BYTES): { text: string; totalBytes: number } {
  let text = ''
  let totalBytes = 0
  for (const file of files) {
    const from = file.previous_filename ?? file.filename
    const [before, after] = [file.status === 'added' ? '/dev/null' : `a/${from}`, file.status === 'removed' ? '/dev/null' : `b/${file.filename}`]
    const part = `diff --git a/${from} b/${file.filename}\n--- ${before}\n+++ ${after}\n${file.patch ? file.patch.replace(/\n?$/, '\n') : ''}`
    totalBytes += Buffer.byteLength(part) + (file.patchLeftOut ?? 0)
    if (text.length <= maxBytes) text += part
  }
  return { text, totalBytes }
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
