// The review tool's answers (the MCP server's handler) and the review body.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { diffFile } from '../../../src/review/hunks.js'
import { readBuffer, renderReviewBody } from '../../../src/review/review.js'
import { handleComment } from '../../../src/review/server.js'
import { setupFailureReport } from '../../../src/report/publish.js'

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
  handleComment(files, buffer, { path: 'a.ts', line: 2, body: 'Nice.' })
  expect(readFileSync(buffer, 'utf8').trim().split('\n')).toHaveLength(2)
  expect(readBuffer(buffer)).toEqual([{ path: 'a.ts', line: 2, side: 'RIGHT', body: 'Nice.' }])
})

test('the body links the sticky comment, or carries the headline; an overflowing comment with an open fence is closed', () => {
  const report = setupFailureReport('x')
  expect(renderReviewBody(report, 'https://c/1', 3, [], 'https://run')).toBe(
    "Claude Code's line comments (3); the summary is in [the PR comment](https://c/1)."
  )
  const body = renderReviewBody(report, undefined, 0, [{ path: 'a.ts', line: 2, side: 'RIGHT', body: '```suggestion\nx' }], 'https://run')
  expect(body).toMatch(/^### ✗ Claude Code did not run\n/)
  expect(body).toContain('#### 1 more (past max-review-comments)\n\n**`a.ts` line 2**\n\n```suggestion\nx\n```\n')
})
