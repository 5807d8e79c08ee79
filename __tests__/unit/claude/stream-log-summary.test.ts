// The step log by default (show-full-output false): one line per turn and per tool result, no
// groups, and no tool output at all; the full text is only in the execution file.
import type { StreamEvent } from '../../../src/claude/result.js'
import { StreamLog } from '../../../src/claude/stream-log.js'
import { printed } from '../../support/printed.js'

const assistant = (id: string, content: object[]): StreamEvent => ({ type: 'assistant', message: { id, role: 'assistant', content } }) as unknown as StreamEvent
const toolResult = (toolId: string, content: string, isError = false): StreamEvent =>
  ({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content, is_error: isError }] } }) as unknown as StreamEvent

test('each turn and each tool result is one line; the tool output itself is not printed', () => {
  const log = new StreamLog()
  const longText = `Looking at the diff. ${'More words about it. '.repeat(40)}TAIL-OF-THE-TURN`
  const out = printed(() => {
    log.write(
      assistant('m1', [
        { type: 'text', text: longText },
        { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat config.env' } }
      ])
    )
    log.write(toolResult('t1', 'line one\nSECRET-LOOKING-OUTPUT-42\nline three'))
    log.write(assistant('m2', [{ type: 'tool_use', id: 't2', name: 'Read', input: { file_path: 'missing.ts' } }]))
    log.write(toolResult('t2', 'File does not exist.', true))
    log.end()
  })
  expect(out).not.toContain('::group::')
  expect(out).not.toContain('SECRET-LOOKING-OUTPUT-42')
  expect(out).not.toContain('TAIL-OF-THE-TURN')
  const lines = out.trimEnd().split('\n')
  expect(lines).toHaveLength(4)
  expect(lines[0]).toMatch(/^Turn 1: Looking at the diff\. More words.*… → Bash cat config\.env$/)
  expect(lines[1]).toBe('  ↳ Bash returned 3 lines (44 characters, in the execution file)')
  expect(lines[2]).toBe('Turn 2: → Read missing.ts')
  expect(lines[3]).toBe('  ↳ Read failed 1 line (20 characters, in the execution file)')
})
