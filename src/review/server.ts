// The review tool's logic: check a comment against the PR's diff hunks, then append it to the buffer
// file; keep the verdict in a file of its own. It holds no token and talks to no API; the main step
// posts the buffer as one review and the verdict as a check.
import { appendFileSync, writeFileSync } from 'node:fs'
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

export function handleComment(files: DiffFile[], bufferFile: string, args: Record<string, unknown> | undefined, words?: ChangeWords): CallToolResult {
  const comment = parseComment(args)
  const problem = typeof comment === 'string' ? comment : checkComment(files, comment, words)
  if (problem !== undefined) return { isError: true, content: [{ type: 'text', text: problem }] }
  const accepted = comment as LineComment
  appendFileSync(bufferFile, `${JSON.stringify(accepted)}\n`, { mode: 0o600 })
  const lines = accepted.startLine ? `lines ${accepted.startLine}-${accepted.line}` : `line ${accepted.line}`
  return {
    content: [{ type: 'text', text: `Recorded a comment on ${accepted.path} ${lines} (${accepted.side}); it is posted with the review when the run ends.` }]
  }
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
  if (typeof verdict === 'string') return { isError: true, content: [{ type: 'text', text: verdict }] }
  writeFileSync(verdictFile, JSON.stringify(verdict), { mode: 0o600 })
  return { content: [{ type: 'text', text: `Recorded the verdict ${verdict.verdict}; it is posted with the review when the run ends.` }] }
}
