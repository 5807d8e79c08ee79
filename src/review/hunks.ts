// Which lines of a pull request a review comment may sit on. GitHub accepts a comment only on a line
// the diff shows: on the RIGHT side the added and context lines (new numbering), on the LEFT side
// the removed and context lines (old numbering). Within one hunk each side's lines are contiguous,
// so a hunk is one range per side; a range comment must stay inside one hunk.

export type Side = 'RIGHT' | 'LEFT'

export interface LineRange {
  start: number
  end: number
}

export interface Hunk {
  RIGHT?: LineRange
  LEFT?: LineRange
}

/** One changed file as the review tool checks it. No patch (binary, too large) means no hunks. */
export interface DiffFile {
  path: string
  previousPath?: string
  status: string
  hunks: Hunk[]
  hasPatch: boolean
}

export interface LineComment {
  path: string
  line: number
  startLine?: number
  side: Side
  body: string
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/** The hunks of a unified diff patch as GitHub's pulls/{n}/files gives it (no file headers). */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = []
  let current: { oldLine: number; newLine: number; hunk: Hunk } | undefined
  for (const line of patch.split('\n')) {
    const header = HUNK_HEADER.exec(line)
    if (header) {
      current = { oldLine: Number(header[1]), newLine: Number(header[3]), hunk: {} }
      hunks.push(current.hunk)
      continue
    }
    // Lines before the first hunk, and "\ No newline at end of file", are not diff lines.
    if (!current || line.startsWith('\\')) continue
    const kind = line[0]
    if (kind === '+' || kind === ' ' || (kind === undefined && line === '')) {
      extend(current.hunk, 'RIGHT', current.newLine++)
    }
    if (kind === '-' || kind === ' ' || (kind === undefined && line === '')) {
      extend(current.hunk, 'LEFT', current.oldLine++)
    }
  }
  // A trailing newline of the patch text is not an empty context line.
  if (patch.endsWith('\n')) trimLastEmpty(hunks)
  return hunks
}

function trimLastEmpty(hunks: Hunk[]): void {
  const last = hunks[hunks.length - 1]
  if (!last) return
  for (const side of ['RIGHT', 'LEFT'] as const) {
    const range = last[side]
    if (!range) continue
    if (range.end > range.start) range.end--
    else delete last[side]
  }
}

function extend(hunk: Hunk, side: Side, line: number): void {
  const range = hunk[side]
  if (range) range.end = line
  else hunk[side] = { start: line, end: line }
}

/** A changed file from GitHub's files listing, parsed. */
export function diffFile(file: { filename: string; previous_filename?: string; status: string; patch?: string }): DiffFile {
  const hasPatch = typeof file.patch === 'string' && file.patch.length > 0
  return {
    path: file.filename,
    previousPath: file.previous_filename,
    status: file.status,
    hunks: hasPatch ? parsePatch(file.patch as string) : [],
    hasPatch
  }
}

/** Undefined when GitHub would accept the comment's position; else a message that says where it can go. */
export function checkComment(files: DiffFile[], comment: LineComment): string | undefined {
  const file = files.find(f => f.path === comment.path)
  if (!file) {
    const renamed = files.find(f => f.previousPath === comment.path)
    if (renamed) return `${comment.path} was renamed to ${renamed.path} in this pull request; comment on path ${renamed.path}.`
    const names = files.slice(0, 50).map(f => f.path)
    return `${comment.path} is not changed in this pull request, so it takes no line comments. Changed files: ${names.join(', ')}${files.length > names.length ? ', …' : ''}.`
  }
  if (!file.hasPatch) {
    return `GitHub shows no diff for ${file.path} (binary or too large), so it takes no line comments; put this finding in your final answer instead.`
  }
  const side = comment.side
  const commentable = file.hunks.flatMap(h => (h[side] ? [h[side] as LineRange] : []))
  const where = commentable.length
    ? `Commentable ${side} lines of ${file.path}: ${commentable.map(formatRange).join(', ')}.`
    : `${file.path} has no ${side} lines in the diff${side === 'LEFT' ? ' (nothing was removed)' : ' (it was only deleted from)'}.`
  const first = comment.startLine ?? comment.line
  const hunk = commentable.find(r => r.start <= comment.line && comment.line <= r.end)
  if (!hunk) return `Line ${comment.line} (${side}) of ${file.path} is outside the diff. ${where}`
  if (first < hunk.start) {
    return `Lines ${first}-${comment.line} (${side}) of ${file.path} leave the diff hunk ${formatRange(hunk)}; a range must stay inside one hunk. ${where}`
  }
  return undefined
}

function formatRange(range: LineRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`
}
