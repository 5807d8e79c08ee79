// A slow log reader holds back the CLI instead of the log piling up in memory: 100 MB of stream-json
// pass through the run loop and the GitHub log (one group per tool result) into a sink that drains
// one write per timer tick. What is asserted is bytes held, never time.
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { ExecutionFile } from '../../../src/claude/execution-file.js'
import { runClaude } from '../../../src/claude/run.js'
import { StreamLog } from '../../../src/claude/stream-log.js'
import { githubActions } from '../../../src/platform/github-actions.js'
import { usePlatform } from '../../../src/platform/platform.js'
import { stdoutDrained } from '../../../src/platform/stdout.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-backpressure-'))
})
afterEach(() => {
  jest.restoreAllMocks()
  usePlatform(githubActions())
  rmSync(dir, { recursive: true, force: true })
})

/** A log reader slower than the CLI: each write completes on a later timer tick. */
function slowSink() {
  const sink = { bytes: 0, maxHeld: 0, text: '' }
  const stream = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length
      // Keep only what the assertions need: the end of the log.
      sink.text = (sink.text + chunk.toString()).slice(-4096)
      setTimeout(done, 1)
    }
  })
  return { sink, stream }
}

/** A child that prints `count` tool results of `size` bytes as fast as its stdout takes them, then a result. */
const GENERATOR = (count: number, size: number) => `
  const filler = ('line of tool output\\n').repeat(${Math.ceil(size / 20)}).slice(0, ${size})
  let i = 0
  const write = () => {
    while (i < ${count}) {
      i++
      const use = JSON.stringify({ type: 'assistant', message: { id: 'm' + i, content: [{ type: 'tool_use', id: 't' + i, name: 'Bash', input: { command: 'cat big' } }] } })
      const result = JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't' + i, content: filler }] } })
      if (!process.stdout.write(use + '\\n' + result + '\\n')) return process.stdout.once('drain', write)
    }
    process.stdout.write(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'streamed', num_turns: ${count}, total_cost_usd: 0.5, duration_ms: 1000 }) + '\\n')
  }
  write()`

test('100 MB streamed into a slowly drained log: the log never holds more than a bounded amount', async () => {
  const { sink, stream } = slowSink()
  const github = githubActions()
  // The platform writes each line with process.stdout.write: here it goes to the slow sink, whose
  // fill level is what the platform's drain reports.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const accepted = stream.write(chunk)
    sink.maxHeld = Math.max(sink.maxHeld, stream.writableLength)
    return accepted
  })
  usePlatform({ ...github, log: { ...github.log, drain: () => stdoutDrained(stream as unknown as NodeJS.WriteStream) } })

  const file = new ExecutionFile(path.join(dir, 'execution.jsonl'))
  const streamLog = new StreamLog(true)
  const outcome = await runClaude({
    executable: process.execPath,
    args: ['-e', GENERATOR(1600, 64 * 1024)],
    env: process.env,
    cwd: dir,
    executionFile: file,
    onEvent: event => streamLog.write(event)
  })
  streamLog.end()
  await file.close()
  await new Promise<void>(resolve => stream.end(resolve))

  expect(outcome.exitCode).toBe(0)
  expect(outcome.progress.result?.result).toBe('streamed')
  // Every group (16 000 characters of each 64 KiB result) reached the reader, and the last line too.
  expect(sink.bytes).toBeGreaterThan(1600 * 16_000)
  expect(sink.text).toContain('✓ success · 1600 turns · $0.5000 · 1.0 s')
  // One data chunk of the CLI's stdout makes at most a few groups: the log side stays within a few
  // hundred KiB, where without backpressure it would hold most of the 25 MB logged.
  expect(sink.maxHeld).toBeLessThan(1024 * 1024)
}, 300_000)

test('stdoutDrained is undefined while the stream takes more, and resolves on drain or when the reader goes', async () => {
  const { stream } = slowSink()
  const asStdout = stream as unknown as NodeJS.WriteStream
  expect(stdoutDrained(asStdout)).toBeUndefined()
  stream.write(Buffer.alloc(128 * 1024))
  const pending = stdoutDrained(asStdout)
  expect(pending).toBeInstanceOf(Promise)
  await pending
  expect(stream.writableNeedDrain).toBe(false)

  stream.write(Buffer.alloc(128 * 1024))
  const closed = stdoutDrained(asStdout)
  stream.destroy()
  await closed
})
