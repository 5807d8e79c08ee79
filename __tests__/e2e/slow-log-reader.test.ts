// The runner's log reader can fall far behind (it masks and uploads every line). The bundled action
// then waits for it: nothing written to the log is lost when the step ends, not even after the 3 s
// linger that ends a step held open by an abandoned socket.
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { runAction } from '../support/runner.js'
import { writeStub } from '../support/stub-claude.js'

const TOOL_CALLS = 1500

/** A stub CLI that prints TOOL_CALLS tool calls with 10 KB results (about 15 MB of log), then its result. */
function stubCli(isError: boolean, scriptFile: string): string {
  const script = `
    const filler = ('tool output line\\n').repeat(600)
    let i = 0
    const write = () => {
      while (i < ${TOOL_CALLS}) {
        i++
        const use = { type: 'assistant', message: { id: 'm' + i, content: [{ type: 'tool_use', id: 't' + i, name: 'Read', input: { file_path: 'f' + i } }] } }
        const result = { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't' + i, content: filler }] } }
        if (!process.stdout.write(JSON.stringify(use) + '\\n' + JSON.stringify(result) + '\\n')) return process.stdout.once('drain', write)
      }
      const end = { type: 'result', subtype: 'success', is_error: ${isError}, result: ${isError ? "'API Error: the stand-in refused the last call'" : "'all read'"},
        session_id: 's', num_turns: ${TOOL_CALLS}, total_cost_usd: 0.25, duration_ms: 2000 }
      process.stdout.write(JSON.stringify(end) + '\\n', () => process.exit(${isError ? 1 : 0}))
    }
    write()`
  writeFileSync(scriptFile, script)
  return writeStub(`exec node ${JSON.stringify(scriptFile)}`)
}

/**
 * The reader stalls, then reads slowly. Not an ordering wait: the step cannot finish while it stalls
 * (the CLI waits for the log), and the stall only makes sure that, without that backpressure, the
 * whole run and the step's 3 s linger would have passed with the log still queued.
 */
const stall = () => new Promise<void>(resolve => setTimeout(resolve, 8000))

async function runWithSlowReader(isError: boolean) {
  const scriptFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-slow-')), 'cli.js')
  const model = await startModel({})
  try {
    return await runAction({
      inputs: {
        prompt: 'Read everything.',
        'anthropic-api-key': 'sk-ant-slow-reader-000000',
        'claude-path': stubCli(isError, scriptFile),
        'show-full-output': 'true'
      },
      env: { ANTHROPIC_BASE_URL: model.url },
      slowStdout: { holdUntil: stall() }
    })
  } finally {
    await model.close()
  }
}

function count(log: string, line: string): number {
  return log.split('\n').filter(l => l === line).length
}

test('a slow reader gets every line: every group closed and the final result line', async () => {
  const run = await runWithSlowReader(false)

  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  // Each tool call is a turn group and a tool-result group.
  expect(count(run.stdout, '::endgroup::')).toBe(2 * TOOL_CALLS)
  expect(run.stdout.split('\n').filter(l => l.startsWith('::group::')).length).toBe(2 * TOOL_CALLS)
  expect(run.stdout).toContain(`✓ success · ${TOOL_CALLS} turns · $0.2500 · 2.0 s`)
  expect(run.stdout.length).toBeGreaterThan(TOOL_CALLS * 9000)
}, 300_000)

test('a slow reader of a failed run gets the ::error:: at its end', async () => {
  const run = await runWithSlowReader(true)

  expect(run.exitCode).toBe(1)
  expect(count(run.stdout, '::endgroup::')).toBe(2 * TOOL_CALLS)
  expect(run.stdout).toContain(`✗ success · ${TOOL_CALLS} turns`)
  const lines = run.stdout.trimEnd().split('\n')
  expect(lines.filter(l => l.startsWith('::error::'))).toEqual([expect.stringContaining('API Error: the stand-in refused the last call')])
}, 300_000)
