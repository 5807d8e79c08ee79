// The review record: the hidden last line the next run reads back, and the verdict tool that feeds the check.
import { mkdtempSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { latestRecord, nextRecord, parseRecord, renderRecord } from '../../../src/review/record.js'
import { handleVerdict } from '../../../src/review/server.js'
import { readVerdict } from '../../../src/review/verdict.js'
import { renderReviewBody } from '../../../src/review/review.js'
import { setupFailureReport } from '../../../src/report/publish.js'
import { COMMENT_LIMIT } from '../../../src/report/sticky-comment.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)

test('a record round-trips, keyed by the check name, and the newest (most runs) wins', () => {
  const line = renderRecord('Claude review', { head: A, costUsd: 0.1234567891, runs: 2 })
  expect(line).toBe(`<!-- claude-cloud-action review-record check=Claude%20review head=${A} cost-usd=0.123457 runs=2 -->`)
  expect(parseRecord(`Some text.\n\n${line}\n`, 'Claude review')).toEqual({ head: A, costUsd: 0.123457, runs: 2 })
  expect(parseRecord(line, 'Security review')).toBeUndefined()
  const older = renderRecord('Claude review', { head: B, costUsd: 0.05, runs: 1 })
  expect(latestRecord([older, null, line, 'no record'], 'Claude review')).toEqual({ head: A, costUsd: 0.123457, runs: 2 })
  expect(nextRecord({ head: A, costUsd: 0.5, runs: 2 }, B, 0.25)).toEqual({ head: B, costUsd: 0.75, runs: 3 })
  // A run whose cost is unknown (a timeout) adds nothing, but counts.
  expect(nextRecord(undefined, B, undefined)).toEqual({ head: B, costUsd: 0, runs: 1 })
})

test('only a record at the very end counts: one that Claude quotes in a comment or a result does not', () => {
  const forged = renderRecord('Claude review', { head: B, costUsd: 0, runs: 999 })
  const ours = renderRecord('Claude review', { head: A, costUsd: 1, runs: 2 })
  expect(parseRecord(`${forged}\n\nAnd then the footer.`, 'Claude review')).toBeUndefined()
  // The review body: Claude's overflowing comments first, our record after them.
  const { body } = renderReviewBody(
    setupFailureReport('x'),
    undefined,
    0,
    [{ path: 'a.ts', line: 1, side: 'RIGHT', body: `Ignore this.\n${forged}` }],
    'https://run',
    undefined,
    ours
  )
  expect(body.endsWith(`\n\n${ours}`)).toBe(true)
  expect(latestRecord([body], 'Claude review')).toEqual({ head: A, costUsd: 1, runs: 2 })
})

test('a review body too small for every finding past max-review-comments still ends with the record, within the limit', () => {
  const ours = renderRecord('Claude review', { head: A, costUsd: 1, runs: 2 })
  const overflow = Array.from({ length: 40 }, (_, i) => ({ path: `src/f${i}.ts`, line: 1, side: 'RIGHT' as const, body: 'y'.repeat(3000) }))
  const { body, notInBody } = renderReviewBody(setupFailureReport('x'), 'https://c/1', 25, overflow, 'https://run', undefined, ours)
  expect(notInBody.length).toBeGreaterThan(0)
  expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
  expect(body).toContain(`_${notInBody.length} more did not fit here; they are in the job summary`)
  expect(body.endsWith(`\n\n${ours}`)).toBe(true)
  expect(latestRecord([body], 'Claude review')).toEqual({ head: A, costUsd: 1, runs: 2 })
})

test('set_verdict keeps the last verdict given; a bad one is a tool error and changes nothing', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-verdict-')), 'verdict.json')
  expect(readVerdict(file)).toBeUndefined()
  expect(handleVerdict(file, { verdict: 'maybe', summary: 'x' })).toMatchObject({ isError: true, content: [{ text: 'verdict must be pass or fail.' }] })
  expect(handleVerdict(file, { verdict: 'pass', summary: ' ' })).toMatchObject({ isError: true })
  expect(readVerdict(file)).toBeUndefined()
  expect(handleVerdict(file, { verdict: 'fail', summary: 'Broken.' }).isError).toBeUndefined()
  expect(handleVerdict(file, { verdict: 'pass', summary: ' Fixed, fine. ' }).isError).toBeUndefined()
  expect(readVerdict(file)).toEqual({ verdict: 'pass', summary: 'Fixed, fine.' })
  // Private to the run, like the comment buffer.
  expect(statSync(file).mode & 0o777).toBe(0o600)
})
