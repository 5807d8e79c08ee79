// The run loop never holds the stream: 100 MB of events pass through with one line buffered at a
// time, an event too large to parse is counted and skipped, and secrets never reach the file.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ExecutionFile } from '../../../src/claude/execution-file.js'
import { LineSplitter } from '../../../src/claude/line-splitter.js'
import { runClaude } from '../../../src/claude/run.js'
import { addSecret } from '../../../src/platform/secrets.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-stream-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A child that prints `count` tool-result events of `size` bytes each, then a result. */
function generator(count: number, size: number, extra = ''): string[] {
  const script = `
    const filler = 'x'.repeat(${size})
    const line = JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't', content: filler }] } }) + '\\n'
    let i = 0
    const write = () => {
      while (i < ${count}) { i++; if (!process.stdout.write(line)) return process.stdout.once('drain', write) }
      ${extra}
      process.stdout.write(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'streamed', num_turns: ${count} }) + '\\n')
    }
    write()`
  return ['-e', script]
}

test('100 MB of stream-json passes through with at most one event buffered', async () => {
  const file = new ExecutionFile(path.join(dir, 'execution.jsonl'))
  let events = 0
  const outcome = await runClaude({
    executable: process.execPath,
    args: generator(1600, 64 * 1024),
    env: process.env,
    cwd: dir,
    executionFile: file,
    onEvent: () => events++
  })
  await file.close()

  expect(outcome.exitCode).toBe(0)
  expect(outcome.progress.result?.result).toBe('streamed')
  expect(events).toBe(1601)
  expect(statSync(file.path).size).toBeGreaterThan(100 * 1024 * 1024)
  // One event is ~64 KiB: the splitter never held more than one line at once.
  expect(outcome.maxBufferedBytes).toBeLessThan(128 * 1024)
})

test('an event larger than the parse limit is written to the file but not buffered whole', async () => {
  const file = new ExecutionFile(path.join(dir, 'execution.jsonl'))
  const huge = `process.stdout.write('{"type":"user","huge":"' + 'y'.repeat(12 * 1024 * 1024) + '"}\\n');`
  const outcome = await runClaude({ executable: process.execPath, args: generator(1, 10, huge), env: process.env, cwd: dir, executionFile: file })
  await file.close()

  expect(outcome.oversizedEvents).toBe(1)
  expect(outcome.maxBufferedBytes).toBeLessThanOrEqual(8 * 1024 * 1024)
  expect(outcome.progress.result?.result).toBe('streamed')
  expect(statSync(file.path).size).toBeGreaterThan(12 * 1024 * 1024)
})

test('the splitter handles lines cut across chunks and a last line without a newline', () => {
  const lines: string[] = []
  const splitter = new LineSplitter(1024, line => lines.push(Buffer.isBuffer(line) ? line.toString() : `<${line.oversizedBytes}>`))
  for (const chunk of ['{"a":', '1}\n{"b"', ':2}\n\n', 'x'.repeat(2000), 'y\n', 'tail']) splitter.push(Buffer.from(chunk))
  splitter.end()
  expect(lines).toEqual(['{"a":1}', '{"b":2}', '', '<2001>', 'tail'])
})

test('a secret cut across two chunks is still redacted in the execution file', async () => {
  const secret = 'AKIASECRETVALUE0123456789'
  addSecret(secret)
  const file = new ExecutionFile(path.join(dir, 'execution.jsonl'))
  file.write(Buffer.from(`{"text":"key ${secret.slice(0, 10)}`))
  file.write(Buffer.from(`${secret.slice(10)} end"}\n`))
  await file.close()
  expect(readFileSync(file.path, 'utf8')).toBe('{"text":"key *** end"}\n')
})

test('the execution file keeps every byte in order, private, and asks the writer to wait past a high-water mark', async () => {
  const file = new ExecutionFile(path.join(dir, 'execution.jsonl'))
  const chunks = Array.from({ length: 300 }, (_, i) => Buffer.from(`${JSON.stringify({ type: 'user', n: i, text: 'z'.repeat(9000 + i) })}\n`))
  let waits = 0
  for (const chunk of chunks) {
    if (file.write(chunk)) continue
    waits++
    await file.drained()
  }
  await file.close()

  expect(waits).toBeGreaterThan(0)
  expect(file.failure).toBeUndefined()
  expect(readFileSync(file.path).equals(Buffer.concat(chunks))).toBe(true)
  expect(statSync(file.path).mode & 0o777).toBe(0o600)
  // Closed: later writes are dropped, and nothing is left to wait for.
  expect(file.write(Buffer.from('late\n'))).toBe(true)
  await expect(file.drained()).resolves.toBeUndefined()
  expect(statSync(file.path).size).toBe(Buffer.concat(chunks).length)
})
