// A Foundry model error keeps the CLI's words and gains the Azure-side fix: the role for a 403, the
// deployment name for a 404, tenant or key for a 401. Other providers' reports are unchanged.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Attempt } from '../../../src/claude/failover.js'
import { Progress, type ResultEvent, type StreamEvent } from '../../../src/claude/result.js'
import { explainFoundryStatus } from '../../../src/providers/foundry-errors.js'
import { buildRunReport } from '../../../src/report/run-report.js'

const sampleResult = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'sample-result.json'), 'utf8')) as ResultEvent

function failedWith(status: number, text: string): Attempt {
  const progress = new Progress()
  progress.observe({ ...sampleResult, is_error: true, result: text, api_error_status: status, terminal_reason: 'api_error' } as StreamEvent)
  return {
    outcome: {
      exitCode: 1,
      signal: null,
      timedOut: false,
      cancelled: false,
      progress,
      stderrTail: '',
      nonJsonLines: 0,
      oversizedEvents: 0,
      maxBufferedBytes: 0
    }
  }
}

const context = { executionFile: '/tmp/x.jsonl', executable: 'claude' }

test('a 403 from Foundry names the missing role after the CLI text', () => {
  const report = buildRunReport([failedWith(403, 'API Error: 403 PermissionDenied')], { ...context, provider: 'foundry' })
  expect(report.failureMessage).toBe(
    'API Error: 403 PermissionDenied\nFoundry denied access (403): give the app or managed identity the Azure AI User (or Cognitive Services User) role on the Foundry resource; new role assignments take a few minutes.'
  )
})

test('401 and 404 have their own hints; other statuses and other providers get none', () => {
  expect(explainFoundryStatus(401)).toMatch(/^Foundry refused the credentials \(401\)/)
  expect(explainFoundryStatus(404)).toMatch(/^Foundry has no such deployment \(404\): set model to the deployment name/)
  expect(explainFoundryStatus(429)).toBeUndefined()
  expect(explainFoundryStatus(null)).toBeUndefined()
  expect(buildRunReport([failedWith(403, 'API Error: 403')], { ...context, provider: 'bedrock' }).failureMessage).toBe('API Error: 403')
})
