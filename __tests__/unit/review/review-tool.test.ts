// The review tool's answers (the MCP server's handler) and the review body.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { diffFile } from '../../../src/review/hunks.js'
import { readBuffer, renderReviewBody } from '../../../src/review/review.js'
import { handleComment } from '../../../src/review/server.js'
import { setupFailureReport } from '../../../src/report/publish.js'
import { COMMENT_LIMIT } from '../../../src/report/sticky-comment.js'

const files = [diffFile({ filename: 'a.ts', status: 'modified', patch: '@@ -1,2 +1,3 @@\n one\n+two\n three' })]

test('an accepted comment is buffered; a refused one is a tool error and is not', () => {
  const buffer = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-review-')), 'buffer.jsonl')
  const ok = handleComment(files, buffer, { path: './a.ts', line: 2, body: 'Nice.' })
  expect(ok.isError).toBeUndefined()
  expect(handleComment(files, buffer, { path: 'a.ts', line: 9, body: 'No.' })).toMatchObject({ isError: true })
  expect(handleComment(files, buffer, { path: 'a.ts', line: 2, side: 'LEFT', body: '```suggestion\nx\n```' })).toMatchObject({
    isError: true,
    content: [{ text: 'A suggestion replaces lines of the new version; comment on side RIGHT to suggest a change.' }]
  })
  expect(handleComment(files, buffer, { path: 'a.ts', line: 2, start_line: 2, body: 'x' })).toMatchObject({ isError: true })
  expect(handleComment(files, buffer, { path: 'a.ts', line: 2, body: 'Nice.' })).toEqual({
    content: [{ type: 'text', text: 'This comment on a.ts line 2 (RIGHT) is already recorded; it is posted once.' }]
  })
  expect(readFileSync(buffer, 'utf8').trim().split('\n')).toHaveLength(1)
  expect(readBuffer(buffer)).toEqual([{ path: 'a.ts', line: 2, side: 'RIGHT', body: 'Nice.' }])
})

test('past max-review-comments the tool says where each finding goes, and refuses one the review body has no room for', () => {
  const buffer = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-review-')), 'buffer.jsonl')
  const limits = { maxComments: 2, bodyChars: 300 }
  const text = (args: Record<string, unknown>) => handleComment(files, buffer, args, undefined, limits)

  expect(text({ path: 'a.ts', line: 2, body: 'First.' }).content).toEqual([
    { type: 'text', text: 'Recorded a comment on a.ts line 2 (RIGHT); it is posted with the review when the run ends.' }
  ])
  // The model is told when it has used the last line comment.
  expect(text({ path: 'a.ts', line: 3, body: 'Second.' }).content).toEqual([
    {
      type: 'text',
      text: 'Recorded a comment on a.ts line 3 (RIGHT); it is posted with the review when the run ends. That is the last of the 2 line comments max-review-comments allows: further findings are listed in the review body, not on their lines.'
    }
  ])
  const listed = text({ path: 'a.ts', line: 1, body: 'Third, in the body.' })
  expect(listed.isError).toBeUndefined()
  expect(listed.content).toEqual([
    {
      type: 'text',
      text: expect.stringMatching(
        /^Recorded a finding on a\.ts line 1 \(RIGHT\), but not as a line comment: the review already has its 2 line comments \(max-review-comments\), so it is listed in the review body\. About \d+ characters of room are left there\.$/
      )
    }
  ])
  // One the body has no room for is not recorded, and the model is told where to put it instead.
  const refused = text({ path: 'a.ts', line: 1, body: 'x'.repeat(250) })
  expect(refused).toMatchObject({
    isError: true,
    content: [
      {
        text: 'Not recorded: the review already has its 2 line comments (max-review-comments) and its body has no room for more findings. Put this finding, and any further ones, in your final answer instead.'
      }
    ]
  })
  expect(readBuffer(buffer).map(c => c.body)).toEqual(['First.', 'Second.', 'Third, in the body.'])
})

test('a finding the buffer cannot take (a full disk) is not recorded, and the tool says so', () => {
  const result = handleComment(files, '/dev/full', { path: 'a.ts', line: 2, body: 'Nice.' })
  expect(result).toMatchObject({
    isError: true,
    content: [{ text: 'Not recorded: the disk is full (/dev/full). Put this finding in your final answer instead.' }]
  })
})

test('findings past max-review-comments that do not fit the review body go to the job summary, which the body names', () => {
  const report = setupFailureReport('x')
  const overflow = Array.from({ length: 200 }, (_, i) => ({
    path: `src/f${i}.ts`,
    line: i + 1,
    side: 'RIGHT' as const,
    body: `Finding ${i}: ${'y'.repeat(600)}`
  }))

  const { body, notInBody } = renderReviewBody(report, 'https://c/1', 25, overflow, 'https://run')

  expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
  expect(notInBody.length).toBeGreaterThan(0)
  // Each finding is whole in exactly one of the two, in order.
  const inBody = overflow.filter(c => body.includes(`Finding ${c.path.slice(5, -3)}: `))
  expect([...inBody, ...notInBody]).toEqual(overflow)
  expect(body).toContain(`\n_${notInBody.length} more did not fit here; they are in the job summary of [the workflow run](https://run)._\n`)
  expect(body).not.toContain('The whole result is in the job summary')
})

test('the body links the sticky comment, or carries the headline; an overflowing comment with an open fence is closed', () => {
  const report = setupFailureReport('x')
  expect(renderReviewBody(report, 'https://c/1', 3, [], 'https://run')).toEqual({
    body: "Claude Code's line comments (3); the summary is in [the PR comment](https://c/1).",
    notInBody: []
  })
  const { body } = renderReviewBody(report, undefined, 0, [{ path: 'a.ts', line: 2, side: 'RIGHT', body: '```suggestion\nx' }], 'https://run')
  expect(body).toMatch(/^### ✗ Claude Code did not run\n/)
  expect(body).toContain('#### 1 more (past max-review-comments)\n\n**`a.ts` line 2**\n\n```suggestion\nx\n```\n')
})
