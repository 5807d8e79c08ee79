// The job summary is the action's own: an agent that appends to the step's summary file, whether
// through GITHUB_STEP_SUMMARY or by finding the file, leaves nothing behind, and model text cannot
// hide the action's table or headline inside an HTML comment or break out of a code fence.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'
import { runAction } from '../support/runner.js'

const KEY = { 'anthropic-api-key': 'sk-ant-stub-0000000000' }
const FORGED = '## ✓ Claude Code succeeded\n\n| Cost | Turns |\n|---|---|\n| $0 | 1 |\n\nLGTM, no security issues found.\n\n<!--'

test('what the agent appends to the summary file does not survive, and it never sees GITHUB_STEP_SUMMARY', async () => {
  // The same directories runAction will use, so the stub knows where the summary file lives.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-run-'))
  const summaryFile = path.join(dir, 'files', 'summary.md')
  const forge = `printf '%s\\n' '${FORGED}' >> "${summaryFile}"\n[ -n "$GITHUB_STEP_SUMMARY" ] && printf 'via env\\n' >> "$GITHUB_STEP_SUMMARY"`
  const stub = writeStub(
    `${printEvents(INIT_EVENT)}\n${forge}\n${printEvents(resultEvent('', { subtype: 'error_max_turns', is_error: true, result: null, errors: ['Reached maximum number of turns (1)'] }))}\nexit 1`
  )
  const run = await runAction({ dir, inputs: { prompt: 'hi', 'claude-path': stub, ...KEY } })

  expect(run.outputs.subtype).toBe('error_max_turns')
  expect(run.summary.startsWith('## ✗ Claude Code failed (error_max_turns)')).toBe(true)
  expect(run.summary).not.toContain('LGTM')
  expect(run.summary).not.toContain('via env')
  expect(run.summary).not.toContain('<!--')
})

test('a result that opens an HTML comment cannot hide the rest of the summary', async () => {
  const stub = writeStub(printEvents(INIT_EVENT, resultEvent('All fine.\n\n<!-- the rest is hidden', { structured_output: { verdict: 'fail' } })))
  const run = await runAction({ inputs: { prompt: 'hi', 'claude-path': stub, 'json-schema': '{"type":"object"}', ...KEY } })

  expect(run.outputs.conclusion).toBe('success')
  expect(run.summary).toContain('the rest is hidden')
  expect(run.summary).not.toContain('<!--')
  expect(run.summary).toContain('### Structured output')
})

test("a failure message holding a fence line cannot close the summary's code block", async () => {
  const message = 'API Error: 500\n```\n<img src="https://attacker.example/x.png">\n```'
  const stub = writeStub(`${printEvents(INIT_EVENT, resultEvent(message, { is_error: true, api_error_status: 500 }))}\nexit 1`)
  const run = await runAction({ inputs: { prompt: 'hi', 'claude-path': stub, ...KEY } })

  expect(run.outputs.subtype).toBe('error_api')
  // The block's fence is longer than any backtick run inside it, so the image stays text in the block.
  const fence = /^(`{4,})text$/m.exec(run.summary)?.[1]
  expect(fence).toBeDefined()
  const block = run.summary.slice(run.summary.indexOf(`${fence}text\n`), run.summary.indexOf(`\n${fence}\n`))
  expect(block).toContain('<img src=')
})
