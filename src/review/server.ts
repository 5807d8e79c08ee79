// The review tool's logic: check a comment against the PR's diff hunks, then append it to the buffer
// file; keep the verdict in a file of its own. It holds no token and talks to no API; the main step
// posts the buffer as one review and the verdict as a check.
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { describeWriteError } from '../lib/write-errors.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { checkComment, type ChangeWords, type DiffFile, type LineComment } from './hunks.js'

const MAX_BODY_CHARS = 60_000

export const INPUT_SCHEMA = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'File path as the pull request shows it, relative to the repository root.' },
    line: { type: 'integer', minimum: 1, description: 'The line the comment is on; with start_line, the last line of the range.' },
    start_line: { type: 'integer', minimum: 1, description: 'First line of a multi-line range (inside the same diff hunk as line).' },
    side: {
      type: 'string',
      enum: ['RIGHT', 'LEFT'],
      description: 'RIGHT (default): the new version, added or unchanged lines. LEFT: the old version, removed lines.'
    },
    body: {
      type: 'string',
      description: 'The comment in Markdown. To propose a fix, include a ```suggestion block holding the replacement for the commented lines (RIGHT side only).'
    }
  },
  required: ['path', 'line', 'body'],
  additionalProperties: false
} as const

export function parseComment(args: Record<string, unknown> | undefined): LineComment | string {
  const { path, line, start_line: startLine, side = 'RIGHT', body } = args ?? {}
  if (typeof path !== 'string' || path.trim() === '') return 'path must be the file path as the pull request shows it.'
  if (!Number.isInteger(line) || (line as number) < 1) return 'line must be a line number (an integer of at least 1).'
  if (startLine !== undefined && (!Number.isInteger(startLine) || (startLine as number) < 1 || (startLine as number) >= (line as number))) {
    return 'start_line must be a line number below line; leave it out for a single-line comment.'
  }
  if (side !== 'RIGHT' && side !== 'LEFT') return 'side must be RIGHT (new version) or LEFT (old version).'
  if (typeof body !== 'string' || body.trim() === '') return 'body must hold the comment text.'
  if (body.length > MAX_BODY_CHARS) return `body is longer than ${MAX_BODY_CHARS} characters; shorten it.`
  if (side === 'LEFT' && /^ {0,3}(`{3,}|~{3,})\s*suggestion\b/m.test(body)) {
    return 'A suggestion replaces lines of the new version; comment on side RIGHT to suggest a change.'
  }
  return { path: path.replace(/^\.?\//, ''), line: line as number, startLine: startLine as number | undefined, side, body }
}

/**
 * What the review can hold: `maxComments` findings go on their lines (max-review-comments); the
 * ones after are listed in the review body, as long as they fit its `bodyChars`.
 */
export interface ReviewLimits {
  maxComments: number
  bodyChars?: number
  /** Why the files stop short of the change's (it changes more than 1,000): a file past them is not "unchanged". */
  filesCut?: string
}

/** The room the review body keeps for findings past max-review-comments (GitHub takes 65,536 characters in all). */
export const OVERFLOW_BODY_CHARS = 60_000

/**
 * Checks a finding and buffers it. The answer says where it will be: on its line, in the review body
 * (past max-review-comments), or nowhere (the body is full), which is an error telling the model to
 * put it in its final answer: a finding is never "recorded" when it would be dropped.
 */
export function handleComment(
  files: DiffFile[],
  bufferFile: string,
  args: Record<string, unknown> | undefined,
  words?: ChangeWords,
  limits?: ReviewLimits
): CallToolResult {
  const comment = parseComment(args)
  const problem = typeof comment === 'string' ? comment : checkComment(files, comment, words, limits?.filesCut)
  if (problem !== undefined) return answer(problem, true)
  const accepted = comment as LineComment
  const lines = accepted.startLine ? `lines ${accepted.startLine}-${accepted.line}` : `line ${accepted.line}`
  const where = `${accepted.path} ${lines} (${accepted.side})`
  const max = limits?.maxComments ?? Infinity
  const buffered = readBuffered(bufferFile, max)
  if (buffered.keys.has(commentKey(accepted))) return answer(`This comment on ${where} is already recorded; it is posted once.`)
  const inline = buffered.count < max
  const bodyChars = limits?.bodyChars ?? OVERFLOW_BODY_CHARS
  if (!inline && buffered.overflowChars + listedChars(accepted) > bodyChars) {
    return answer(
      `Not recorded: the review already has its ${max} line comments (max-review-comments) and its body has no room for more findings. Put this finding, and any further ones, in your final answer instead.`,
      true
    )
  }
  try {
    appendFileSync(bufferFile, `${JSON.stringify(accepted)}\n`, { mode: 0o600 })
  } catch (error) {
    return answer(`Not recorded: ${describeWriteError(error, bufferFile)}. Put this finding in your final answer instead.`, true)
  }
  if (inline) {
    const last = buffered.count + 1 === max
    return answer(
      `Recorded a comment on ${where}; it is posted with the review when the run ends.` +
        (last
          ? ` That is the last of the ${max} line comments max-review-comments allows: further findings are listed in the review body, not on their lines.`
          : '')
    )
  }
  return answer(
    `Recorded a finding on ${where}, but not as a line comment: the review already has its ${max} line comments (max-review-comments), so it is listed in the review body. About ${Math.max(0, bodyChars - buffered.overflowChars - listedChars(accepted))} characters of room are left there.`
  )
}

function answer(text: string, isError = false): CallToolResult {
  return { ...(isError ? { isError: true } : {}), content: [{ type: 'text', text }] }
}

/** The key readBuffer (review.ts) drops repeats by. */
function commentKey(c: LineComment): string {
  return JSON.stringify([c.path, c.side, c.startLine, c.line, c.body])
}

/** About what one finding takes in the review body's list: its heading line and its body. */
function listedChars(c: LineComment): number {
  return c.path.length + c.body.trim().length + 64
}

/**
 * What the buffer holds, each finding once (a failover attempt's server finds the earlier attempt's
 * there): how many, and what those past the first `max` take in the review body.
 */
function readBuffered(bufferFile: string, max: number): { count: number; overflowChars: number; keys: Set<string> } {
  const keys = new Set<string>()
  let overflowChars = 0
  let text = ''
  try {
    // Only a regular file is read (the buffer always is one).
    if (statSync(bufferFile).isFile()) text = readFileSync(bufferFile, 'utf8')
  } catch {
    // Nothing recorded yet.
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      const comment = JSON.parse(line) as LineComment
      const key = commentKey(comment)
      if (keys.has(key)) continue
      keys.add(key)
      if (keys.size > max) overflowChars += listedChars(comment)
    } catch {
      // A line cut short when a CLI was stopped; readBuffer skips it too.
    }
  }
  return { count: keys.size, overflowChars, keys }
}

const MAX_SUMMARY_CHARS = 20_000

export const VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    verdict: {
      type: 'string',
      enum: ['pass', 'fail'],
      description: 'pass: nothing you found has to be fixed before this is merged. fail: something does.'
    },
    summary: { type: 'string', description: 'Why, in a few sentences of Markdown; the check shows it as its summary.' }
  },
  required: ['verdict', 'summary'],
  additionalProperties: false
} as const

export interface Verdict {
  verdict: 'pass' | 'fail'
  summary: string
}

export function parseVerdict(args: Record<string, unknown> | undefined): Verdict | string {
  const { verdict, summary } = args ?? {}
  if (verdict !== 'pass' && verdict !== 'fail') return 'verdict must be pass or fail.'
  if (typeof summary !== 'string' || summary.trim() === '') return 'summary must say in a few sentences why.'
  if (summary.length > MAX_SUMMARY_CHARS) return `summary is longer than ${MAX_SUMMARY_CHARS} characters; shorten it.`
  return { verdict, summary: summary.trim() }
}

/** The verdict replaces any earlier one: the last call is the one that counts. */
export function handleVerdict(verdictFile: string, args: Record<string, unknown> | undefined): CallToolResult {
  const verdict = parseVerdict(args)
  if (typeof verdict === 'string') return answer(verdict, true)
  try {
    writeFileSync(verdictFile, JSON.stringify(verdict), { mode: 0o600 })
  } catch (error) {
    return answer(`Not recorded: ${describeWriteError(error, verdictFile)}. Give your verdict in your final answer instead.`, true)
  }
  return answer(`Recorded the verdict ${verdict.verdict}; it is posted with the review when the run ends.`)
}
