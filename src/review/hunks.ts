// Which lines of a pull request (or merge request) a review comment may sit on. GitHub and GitLab accept a comment only on a line
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

/** One line of a hunk: added (newLine only), removed (oldLine only) or context (both). */
export interface PatchLine {
  oldLine?: number
  newLine?: number
}

/**
 * The lines of each hunk of a unified diff patch without file headers, as GitHub's pulls/{n}/files
 * and GitLab's merge request diffs give it.
 */
export function patchLines(patch: string): PatchLine[][] {
  const hunks: PatchLine[][] = []
  let current: { oldLine: number; newLine: number; lines: PatchLine[] } | undefined
  const lines = patch.split('\n')
  // A trailing newline of the patch text is not an empty context line.
  if (patch.endsWith('\n')) lines.pop()
  for (const line of lines) {
    const header = HUNK_HEADER.exec(line)
    if (header) {
      current = { oldLine: Number(header[1]), newLine: Number(header[3]), lines: [] }
      hunks.push(current.lines)
      continue
    }
    // Lines before the first hunk, and "\ No newline at end of file", are not diff lines.
    if (!current || line.startsWith('\\')) continue
    const kind = line[0]
    // An empty line is a context line whose leading space was stripped.
    const context = kind === ' ' || line === ''
    if (kind === '+') current.lines.push({ newLine: current.newLine++ })
    else if (kind === '-') current.lines.push({ oldLine: current.oldLine++ })
    else if (context) current.lines.push({ oldLine: current.oldLine++, newLine: current.newLine++ })
  }
  return hunks
}

/** The hunks of a patch as line ranges per side. */
export function parsePatch(patch: string): Hunk[] {
  return patchLines(patch).map(lines => {
    const hunk: Hunk = {}
    for (const line of lines) {
      if (line.newLine !== undefined) extend(hunk, 'RIGHT', line.newLine)
      if (line.oldLine !== undefined) extend(hunk, 'LEFT', line.oldLine)
    }
    return hunk
  })
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

/** How the tool's answers name the change and its host. */
export interface ChangeWords {
  change: string
  host: string
}

export const PULL_REQUEST_WORDS: ChangeWords = { change: 'pull request', host: 'GitHub' }

/**
 * Undefined when the host would accept the comment's position; else a message that says where it can
 * go. `filesCut` says why `files` stops short of the change's files (it changes more than 1,000).
 */
export function checkComment(files: DiffFile[], comment: LineComment, words: ChangeWords = PULL_REQUEST_WORDS, filesCut?: string): string | undefined {
  const file = files.find(f => f.path === comment.path)
  if (!file) {
    const renamed = files.find(f => f.previousPath === comment.path)
    if (renamed) return `${comment.path} was renamed to ${renamed.path} in this ${words.change}; comment on path ${renamed.path}.`
    if (filesCut) {
      return `${comment.path} is not among the first ${files.length} changed files, which are all the review tool takes (${filesCut}); if it is changed beyond them, put this finding in your final answer instead.`
    }
    const names = files.slice(0, 50).map(f => f.path)
    return `${comment.path} is not changed in this ${words.change}, so it takes no line comments. Changed files: ${names.join(', ')}${files.length > names.length ? ', …' : ''}.`
  }
  if (!file.hasPatch) {
    return `${words.host} shows no diff for ${file.path} (binary or too large), so it takes no line comments; put this finding in your final answer instead.`
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
