// The job summary (issue 5, part 2): result block, the table the PR comment shares, each failover attempt.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeSummary } from '../../../src/report/publish.js'
import type { RunReport } from '../../../src/report/run-report.js'

const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pr-summary-')), 'summary.md')

beforeEach(() => {
  writeFileSync(file, '')
  process.env.GITHUB_STEP_SUMMARY = file
})

const base: RunReport = {
  conclusion: 'success',
  isError: false,
  subtype: 'success',
  result: 'Reviewed: no findings.',
  numTurns: 3,
  durationMs: 4200,
  costUsd: 0.05,
  usage: { inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 2048, cacheCreationInputTokens: 512 },
  model: 'claude-sonnet-4-5',
  provider: 'vertex',
  region: 'europe-west1',
  executionFile: '/tmp/run/execution.jsonl',
  attempts: [
    { region: 'us-east5', subtype: 'error_api', isError: true, message: 'API Error: 429 RESOURCE_EXHAUSTED | quota', costUsd: 0.01, durationMs: 1000 },
    { region: 'europe-west1', subtype: 'success', isError: false, costUsd: 0.04, durationMs: 3200 }
  ]
}

test('the summary has the headline, the table, every failover attempt and the result', async () => {
  await writeSummary(base)
  const summary = readFileSync(file, 'utf8')
  expect(summary).toContain('## ✓ Claude Code succeeded')
  expect(summary).toContain('| Cost | Turns | Duration | Model | Provider | Region | Tokens |')
  expect(summary).toContain('| $0.0500 | 3 | 4.2 s | `claude-sonnet-4-5` | vertex | `europe-west1` | 100 in / 50 out / 2048 cache read / 512 cache creation |')
  expect(summary).toContain('### Attempts')
  expect(summary).toContain('| 1 | `us-east5` | ✗ error_api | API Error: 429 RESOURCE_EXHAUSTED \\| quota |')
  expect(summary).toContain('| 2 | `europe-west1` | ✓ success |  |')
  expect(summary).toContain('### Result\n\nReviewed: no findings.')
})

test('one attempt needs no attempts table; a failure shows its message', async () => {
  await writeSummary({
    ...base,
    conclusion: 'failure',
    isError: true,
    subtype: 'error_max_turns',
    failureMessage: 'Reached max turns',
    attempts: [base.attempts[1]]
  })
  const summary = readFileSync(file, 'utf8')
  expect(summary).toContain('## ✗ Claude Code failed (error_max_turns)')
  expect(summary).toContain('```text\nReached max turns\n```')
  expect(summary).not.toContain('### Attempts')
})
