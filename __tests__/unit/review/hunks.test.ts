// The hunk parser and the position check behind the review tool.
import { checkComment, diffFile, parsePatch, PULL_REQUEST_WORDS, type DiffFile } from '../../../src/review/hunks.js'

const TWO_HUNKS = [
  '@@ -1,4 +1,5 @@',
  ' context 1',
  '-removed old 2',
  '+added new 2',
  '+added new 3',
  ' context old 3 new 4',
  ' context old 4 new 5',
  '@@ -40,3 +41,2 @@ function tail() {',
  ' context old 40 new 41',
  '-removed old 41',
  ' context old 42 new 42',
  '\\ No newline at end of file'
].join('\n')

const files: DiffFile[] = [
  diffFile({ filename: 'src/a.ts', status: 'modified', patch: TWO_HUNKS }),
  diffFile({ filename: 'src/new-name.ts', previous_filename: 'src/old-name.ts', status: 'renamed', patch: '@@ -3,2 +3,2 @@\n ctx\n-a\n+b' }),
  diffFile({ filename: 'assets/logo.png', status: 'added' }),
  diffFile({ filename: 'gone.txt', status: 'removed', patch: '@@ -1,2 +0,0 @@\n-one\n-two' })
]
const at = (path: string, line: number, extra: { startLine?: number; side?: 'RIGHT' | 'LEFT' } = {}) =>
  checkComment(files, { path, line, body: 'x', side: extra.side ?? 'RIGHT', startLine: extra.startLine })

test('each hunk is one range per side: added and context lines on the right, removed and context lines on the left', () => {
  expect(parsePatch(TWO_HUNKS)).toEqual([
    { RIGHT: { start: 1, end: 5 }, LEFT: { start: 1, end: 4 } },
    { RIGHT: { start: 41, end: 42 }, LEFT: { start: 40, end: 42 } }
  ])
})

test('added and context lines take RIGHT comments; removed lines only LEFT ones', () => {
  expect(at('src/a.ts', 2)).toBeUndefined() // added
  expect(at('src/a.ts', 4)).toBeUndefined() // context, new numbering
  expect(at('src/a.ts', 41, { side: 'LEFT' })).toBeUndefined() // removed, old numbering
  expect(at('src/a.ts', 4, { side: 'LEFT' })).toBeUndefined() // context, old numbering
  expect(at('src/a.ts', 43)).toBe('Line 43 (RIGHT) of src/a.ts is outside the diff. Commentable RIGHT lines of src/a.ts: 1-5, 41-42.')
  expect(at('src/a.ts', 5, { side: 'LEFT' })).toBe('Line 5 (LEFT) of src/a.ts is outside the diff. Commentable LEFT lines of src/a.ts: 1-4, 40-42.')
})

test('a range must stay inside one hunk', () => {
  expect(at('src/a.ts', 5, { startLine: 2 })).toBeUndefined()
  expect(at('src/a.ts', 41, { startLine: 5 })).toMatch(/^Lines 5-41 \(RIGHT\) of src\/a\.ts leave the diff hunk 41-42; a range must stay inside one hunk\./)
})

test('a renamed file takes comments under its new name; the old name is pointed at the new one', () => {
  expect(at('src/new-name.ts', 3)).toBeUndefined()
  expect(at('src/old-name.ts', 3)).toBe('src/old-name.ts was renamed to src/new-name.ts in this pull request; comment on path src/new-name.ts.')
})

test('a file with no patch (binary or too large) takes none, and says so; so does a file not in the PR', () => {
  expect(files[2]).toMatchObject({ hasPatch: false, hunks: [] })
  expect(at('assets/logo.png', 1)).toMatch(/^GitHub shows no diff for assets\/logo\.png \(binary or too large\)/)
  expect(at('src/other.ts', 1)).toMatch(
    /^src\/other\.ts is not changed in this pull request, so it takes no line comments\. Changed files: src\/a\.ts, src\/new-name\.ts/
  )
})

test('past the files the tool was given (a pull request of more than 1,000), a file is not called unchanged', () => {
  const comment = { path: 'src/f1001.ts', line: 1, side: 'RIGHT' as const, body: 'x' }
  expect(checkComment(files, comment, PULL_REQUEST_WORDS, 'it changes more than 1000 files')).toBe(
    `src/f1001.ts is not among the first ${files.length} changed files, which are all the review tool takes (it changes more than 1000 files); if it is changed beyond them, put this finding in your final answer instead.`
  )
})

test('a deleted file has only a LEFT side; a trailing newline is not a line', () => {
  expect(files[3].hunks).toEqual([{ LEFT: { start: 1, end: 2 } }])
  expect(at('gone.txt', 1)).toBe('Line 1 (RIGHT) of gone.txt is outside the diff. gone.txt has no RIGHT lines in the diff (it was only deleted from).')
  expect(parsePatch('@@ -0,0 +1,2 @@\n+a\n+b\n')).toEqual([{ RIGHT: { start: 1, end: 2 } }])
})
