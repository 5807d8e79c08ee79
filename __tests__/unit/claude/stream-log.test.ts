// The step log with show-full-output: one group per turn, printed once its message is complete, whose title line reads
// `Turn N: <text> → Tool input …` and whose collapsed body holds the full text and tool inputs,
// with workflow commands switched off and secrets redacted. Reads what the GitHub platform prints.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { StreamEvent } from '../../../src/claude/result.js'
import { StreamLog } from '../../../src/claude/stream-log.js'
import { addSecret } from '../../../src/platform/secrets.js'
import { ROOT } from '../../support/runner.js'
import { printed } from '../../support/printed.js'

const groupTitles = (log: string): string[] => [...log.matchAll(/^::group::(.*)$/gm)].map(m => m[1])

function block(id: string, content: object): StreamEvent {
  return { type: 'assistant', message: { id, role: 'assistant', content: [content] } } as unknown as StreamEvent
}
const text = (id: string, value: string) => block(id, { type: 'text', text: value })
const tool = (id: string, toolId: string, name: string, input: object) => block(id, { type: 'tool_use', id: toolId, name, input })
function toolResult(toolId: string, content: string, isError = false): StreamEvent {
  return {
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content, is_error: isError }] }
  } as unknown as StreamEvent
}

test('the real sample stream prints the init line, its one turn when the result arrives, and the result line', () => {
  const events = readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'sample-stream.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as StreamEvent)
  expect(events.map(e => e.type)).toEqual(['system', 'assistant', 'result'])
  const log = new StreamLog(true)

  const beforeResult = printed(() => {
    log.write(events[0])
    log.write(events[1])
  })
  // The message may still have blocks to come: nothing of the turn is printed yet.
  expect(beforeResult).toBe('Claude Code 2.1.331 · model claude-opus-5-5 · 22 tools · session 163e1092-2b1d-472d-b097-80c8098eb8c9\n')

  const atResult = printed(() => log.write(events[2]))
  expect(atResult).toMatch(
    /^::group::Turn 1: Hi! How can I help you today\?\n::stop-commands::([0-9a-z]+)\nHi! How can I help you today\?\n::\1::\n::endgroup::\n✓ success · 1 turns · \$0\.0002 · /
  )
  expect(printed(() => log.end())).toBe('')
})

test('a turn of several blocks is one title line with its tool calls, the full text and inputs folded under it', () => {
  const log = new StreamLog(true)
  const diff = 'git diff --stat origin/main...HEAD -- src/ __tests__/ docs/ README.md action.yml package.json'
  const out = printed(() => {
    log.write(text('msg_1', 'Let me look at\nwhat changed.'))
    log.write(tool('msg_1', 'toolu_1', 'Bash', { command: diff, description: 'Show the diff' }))
    log.write(tool('msg_1', 'toolu_2', 'Read', { file_path: 'src/a.ts' }))
    log.write(toolResult('toolu_1', ' src/a.ts | 2 +-\n 1 file changed'))
    log.write(toolResult('toolu_2', 'no such file', true))
    log.write(text('msg_2', 'The change is fine.'))
  })

  expect(groupTitles(out)).toEqual([
    'Turn 1: Let me look at what changed. → Bash git diff --stat origin/main...HEAD -- src/ __tests__/… → Read src/a.ts',
    '  ↳ Bash returned 2 lines: src/a.ts | 2 +- 1 file changed',
    '  ↳ Read failed 1 line: no such file'
  ])
  const body = out.split('::endgroup::')[0]
  expect(body).toContain('Let me look at\nwhat changed.\n\n→ Bash\n{\n  "command": "git diff')
  expect(body).toContain(`"description": "Show the diff"\n}\n\n→ Read\n{\n  "file_path": "src/a.ts"\n}`)
  // The next turn is still open: the stream ending prints it.
  expect(printed(() => log.end())).toMatch(/^::group::Turn 2: The change is fine\.\n/)
})

test('a turn is complete when any other event arrives, and each message id is one turn', () => {
  const log = new StreamLog(true)
  const out = printed(() => {
    log.write(text('msg_1', 'First.'))
    log.write({ type: 'system', subtype: 'api_retry', attempt: 1, max_retries: 10, error_status: 529 } as StreamEvent)
    log.write(text('msg_2', 'Second.'))
    log.write(text('msg_3', 'Third.'))
    log.write(tool('msg_3', 'toolu_3', 'Glob', { pattern: '**/*.ts' }))
    log.write({ type: 'result', subtype: 'success', is_error: false, num_turns: 3 } as unknown as StreamEvent)
  })
  expect(out.split('\n').filter(line => line.startsWith('::group::') || /^( {2}API|✓)/.test(line))).toEqual([
    '::group::Turn 1: First.',
    '  API retry 1/10 after HTTP 529',
    '::group::Turn 2: Second.',
    '::group::Turn 3: Third. → Glob **/*.ts',
    '✓ success · 3 turns'
  ])
})

test('workflow commands in text, tool input and tool output cannot act on the runner', () => {
  const log = new StreamLog(true)
  const out = printed(() => {
    log.write(text('msg_1', 'Printing ::add-mask::innocent and\n::set-env name=X::1'))
    log.write(tool('msg_1', 'toolu_1', 'Bash', { command: 'echo "::error::boom"' }))
    log.write(toolResult('toolu_1', '::warning::from the tool'))
    log.end()
  })
  // Every line that holds agent text sits between ::stop-commands::T and ::T::.
  let stoppedBy: string | undefined
  for (const line of out.split('\n')) {
    const stop = /^::stop-commands::(.+)$/.exec(line)
    if (stop) stoppedBy = stop[1]
    else if (stoppedBy && line === `::${stoppedBy}::`) stoppedBy = undefined
    else if (!stoppedBy && /^::(?!group::|endgroup::)/.test(line)) throw new Error(`A workflow command is live: ${line}`)
  }
  expect(out).toContain('::set-env name=X::1')
  expect(out).toContain('::warning::from the tool')
  // The group titles are commands themselves: the text in them is flattened to one line.
  expect(groupTitles(out)[0]).toBe('Turn 1: Printing ::add-mask::innocent and ::set-env name=X::1 → Bash echo "::error::boom"')
})

test('secrets are redacted from titles and bodies, even where the title cuts the text', () => {
  const secret = 'sk-ant-streamlogsecret-0123456789'
  const log = new StreamLog(true)
  const out = printed(() => {
    addSecret(secret)
    log.write(text('msg_1', `${'x'.repeat(150)} ${secret} tail`))
    log.write(tool('msg_1', 'toolu_1', 'Bash', { command: `curl -H "x-api-key: ${secret}"` }))
    log.write(toolResult('toolu_1', `echoed ${secret}`))
    log.end()
  })
  expect(out.replace(`::add-mask::${secret}\n`, '')).not.toContain(secret)
  // Cut before redaction, the title would end in `sk-ant-s…`.
  expect(out).not.toContain(secret.slice(0, 8) + '…')
  expect(out).toContain('x-api-key: ***')
  expect(out).toContain('echoed ***')
})

test('a huge turn holds and prints at most the group limit, and says how much is left out', () => {
  const log = new StreamLog(true)
  const chunk = 'y'.repeat(10_000)
  const out = printed(() => {
    for (let i = 0; i < 40; i++) log.write(text('msg_1', chunk))
    for (let i = 0; i < 30; i++) log.write(tool('msg_1', `toolu_${i}`, 'Read', { file_path: `src/file-${i}.ts` }))
    log.end()
  })
  const [title] = groupTitles(out)
  // Turn, 160 characters of text, 240 of tool calls, the count of the rest.
  expect(title.length).toBeLessThanOrEqual(10 + 160 + 1 + 240 + 12)
  expect(title).toMatch(/^Turn 1: y{159}… → Read src\/file-0\.ts → Read src\/file-1\.ts .*→ \+\d+ more$/)
  const listed = title.match(/→ Read/g)?.length ?? 0
  expect(Number(/\+(\d+) more$/.exec(title)?.[1]) + listed).toBe(30)

  const body = /::stop-commands::(.+)\n([\s\S]*)\n::\1::/.exec(out)?.[2] ?? ''
  const total =
    40 * chunk.length + 39 * 2 + 30 * 2 + [...Array(30).keys()].reduce((sum, i) => sum + `→ Read\n{\n  "file_path": "src/file-${i}.ts"\n}`.length, 0)
  expect(body).toMatch(new RegExp(`\\n… ${total - 16_000} more characters in the execution file$`))
  expect(body.length).toBeLessThan(16_100)
})

test('a tool result larger than the group limit is cut, with its line count from the whole', () => {
  const log = new StreamLog(true)
  const out = printed(() => log.write(toolResult('toolu_x', 'line\n'.repeat(5000))))
  const [title] = groupTitles(out)
  expect(title).toMatch(/^ {2}↳ tool returned 5001 lines: (line ){30,}line…$/)
  expect(title.length).toBeLessThanOrEqual(30 + 160)
  expect(out).toContain(`… ${25_000 - 16_000} more characters in the execution file`)
})
