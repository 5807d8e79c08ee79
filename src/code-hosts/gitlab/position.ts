// How a review comment becomes a GitLab diff note: its `position` (the merge request's diff_refs,
// both paths, and the line on each side it shows) and its body (GitLab's multi-line suggestion).
import { patchLines, type LineComment } from '../../review/hunks.js'

/** A merge request's diff_refs: the versions a position is made against. */
export interface DiffRefs {
  base_sha: string
  start_sha: string
  head_sha: string
}

/** The `position` of a text diff note, as GitLab's draft notes and discussions API take it. */
export interface TextPosition extends DiffRefs {
  position_type: 'text'
  old_path: string
  new_path: string
  new_line?: number
  old_line?: number
}

/** A changed file of the merge request: its new path, its old one when renamed, and its diff. */
export interface MergeRequestFile {
  path: string
  previousPath?: string
  patch: string
}

/**
 * An added line takes only `new_line`, a removed one only `old_line`; GitLab wants both for a
 * context line, or it does not find the line. A range sits on its last line (see gitLabBody).
 */
export function textPosition(refs: DiffRefs, file: MergeRequestFile, comment: LineComment): TextPosition {
  const lines = patchLines(file.patch).flat()
  const found = comment.side === 'RIGHT' ? lines.find(l => l.newLine === comment.line) : lines.find(l => l.oldLine === comment.line)
  const sides = found ?? (comment.side === 'RIGHT' ? { newLine: comment.line } : { oldLine: comment.line })
  return {
    position_type: 'text',
    base_sha: refs.base_sha,
    start_sha: refs.start_sha,
    head_sha: refs.head_sha,
    old_path: file.previousPath ?? file.path,
    new_path: file.path,
    ...(sides.newLine !== undefined ? { new_line: sides.newLine } : {}),
    ...(sides.oldLine !== undefined ? { old_line: sides.oldLine } : {})
  }
}

/** An opening ```suggestion fence (GitHub's form); a closing fence or another block does not match. */
const SUGGESTION_FENCE = /^( {0,3}(?:`{3,}|~{3,}))[ \t]*suggestion[ \t]*$/gm

/**
 * GitLab has no start_line: a note sits on one line. A suggestion for lines start..line becomes
 * ```suggestion:-N+0 on the last line (N lines above it, none below), which GitLab applies to the
 * same lines. A range without a suggestion names its lines at the top of the body.
 */
export function gitLabBody(comment: LineComment): string {
  if (comment.startLine === undefined || comment.startLine >= comment.line) return comment.body
  const above = comment.line - comment.startLine
  const suggested = comment.body.replace(SUGGESTION_FENCE, `$1suggestion:-${above}+0`)
  if (suggested !== comment.body) return suggested
  const version = comment.side === 'LEFT' ? ' of the old version' : ''
  return `_Lines ${comment.startLine}-${comment.line}${version}:_\n\n${comment.body}`
}
