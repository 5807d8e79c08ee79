// Markdown around text the action does not control: table cells stay one cell, code blocks cannot
// be closed by their contents, and HTML comment openers are broken.
import { breakHtmlComments, codeBlock, codeCell, tableCell } from '../../../src/report/markdown.js'
import { renderHeadline, renderTable } from '../../../src/report/render.js'
import type { RunReport } from '../../../src/report/run-report.js'

const report: RunReport = {
  conclusion: 'failure',
  isError: true,
  subtype: 'error\n## ✓ Claude Code succeeded',
  result: '',
  numTurns: 1,
  durationMs: 1000,
  usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
  model: 'claude-x`|\n| $0 | forged |',
  provider: 'anthropic',
  executionFile: '/x',
  attempts: [{ subtype: 'error', isError: true, durationMs: 1000 }]
}

test('a model name from repository settings stays inside its table cell', () => {
  const table = renderTable(report)
  expect(table.split('\n')).toHaveLength(3)
  expect(table.split('\n')[2]).toContain('| ``claude-x`\\| \\| $0 \\| forged \\|`` |')
  expect(codeCell(undefined)).toBe('–')
  expect(tableCell('a|b\nc<!--')).toBe('a\\|b c<!\u200b--')
})

test('the headline keeps a subtype on its own line', () => {
  expect(renderHeadline(report)).toBe('✗ Claude Code failed (error ## ✓ Claude Code succeeded)')
})

test('a code block is fenced longer than any backtick run inside it', () => {
  expect(codeBlock('a\n````\nb', 'text')).toBe('`````text\na\n````\nb\n`````\n\n')
  expect(breakHtmlComments('x <!-- y <!--')).toBe('x <!\u200b-- y <!\u200b--')
})
