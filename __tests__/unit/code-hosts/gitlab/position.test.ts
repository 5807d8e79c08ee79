// How a review comment becomes a GitLab diff note: the position's lines on each side (added,
// removed, context), the paths of a renamed file, and GitLab's form of a multi-line suggestion.
import { gitLabBody, textPosition } from '../../../../src/code-hosts/gitlab/position.js'
import type { LineComment } from '../../../../src/review/hunks.js'

const refs = { base_sha: 'a'.repeat(40), start_sha: 'b'.repeat(40), head_sha: 'c'.repeat(40) }
// New file lines 1-4 and 10-12; old file lines 1-3 and 8-10.
const patch = ['@@ -1,3 +1,4 @@', ' one', '-two', '+deux', '+zwei', ' three', '@@ -8,3 +10,3 @@ function f() {', ' eight', '-nine', '+neun', ' ten', ''].join(
  '\n'
)
const file = { path: 'src/f.ts', patch }
const comment = (extra: Partial<LineComment>): LineComment => ({ path: 'src/f.ts', line: 1, side: 'RIGHT', body: 'x', ...extra })
const base = { position_type: 'text', ...refs, old_path: 'src/f.ts', new_path: 'src/f.ts' }

test('an added line takes new_line, a removed one old_line, a context line both, on either side', () => {
  expect(textPosition(refs, file, comment({ line: 2 }))).toEqual({ ...base, new_line: 2 })
  expect(textPosition(refs, file, comment({ line: 11 }))).toEqual({ ...base, new_line: 11 })
  expect(textPosition(refs, file, comment({ line: 2, side: 'LEFT' }))).toEqual({ ...base, old_line: 2 })
  expect(textPosition(refs, file, comment({ line: 9, side: 'LEFT' }))).toEqual({ ...base, old_line: 9 })
  // "three": old 3, new 4; "ten": old 10, new 12.
  expect(textPosition(refs, file, comment({ line: 4 }))).toEqual({ ...base, old_line: 3, new_line: 4 })
  expect(textPosition(refs, file, comment({ line: 10, side: 'LEFT' }))).toEqual({ ...base, old_line: 10, new_line: 12 })
  expect(textPosition(refs, file, comment({ line: 10 }))).toEqual({ ...base, old_line: 8, new_line: 10 })
})

test('a renamed file keeps its old path beside the new one', () => {
  const renamed = { path: 'lib/g.ts', previousPath: 'src/f.ts', patch }
  expect(textPosition(refs, renamed, comment({ path: 'lib/g.ts', line: 3 }))).toEqual({ ...base, new_path: 'lib/g.ts', new_line: 3 })
  expect(textPosition(refs, renamed, comment({ path: 'lib/g.ts', line: 1, side: 'LEFT' }))).toEqual({ ...base, new_path: 'lib/g.ts', old_line: 1, new_line: 1 })
})

test("a suggestion on a range becomes suggestion:-N+0 on its last line; a single line keeps GitHub's form", () => {
  const body = 'Both at once:\n\n```suggestion\nconst [a, b] = xs\n```\n\nOr:\n\n````suggestion \nconst a = xs[0]\n````'
  expect(gitLabBody(comment({ startLine: 2, line: 3, body }))).toBe(
    'Both at once:\n\n```suggestion:-1+0\nconst [a, b] = xs\n```\n\nOr:\n\n````suggestion:-1+0\nconst a = xs[0]\n````'
  )
  expect(gitLabBody(comment({ startLine: 10, line: 13, body: '```suggestion\nx\n```' }))).toBe('```suggestion:-3+0\nx\n```')
  expect(gitLabBody(comment({ line: 3, body }))).toBe(body)
  // Not a suggestion: a ```ts block, or the word in a sentence.
  expect(gitLabBody(comment({ startLine: 2, line: 3, body: 'See:\n```ts\nsuggestion\n```' }))).toBe('_Lines 2-3:_\n\nSee:\n```ts\nsuggestion\n```')
})

test('a range without a suggestion sits on its last line and names the range in the body', () => {
  expect(gitLabBody(comment({ startLine: 1, line: 4, body: 'This block repeats f().' }))).toBe('_Lines 1-4:_\n\nThis block repeats f().')
  expect(gitLabBody(comment({ startLine: 8, line: 9, side: 'LEFT', body: 'Removed on purpose?' }))).toBe(
    '_Lines 8-9 of the old version:_\n\nRemoved on purpose?'
  )
})
