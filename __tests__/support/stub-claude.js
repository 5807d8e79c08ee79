// @ts-check
// Stand-in `claude` executables (passed as claude-path) for failures the real CLI will not produce
// on demand (hangs, crashes, garbage) and for the benchmark, which must time the action alone. They
// print the stream-json shapes the real CLI prints. Plain JS, so scripts/bench.js shares it.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const SESSION_ID = '11111111-2222-4333-8444-555555555555'

export const INIT_EVENT = { type: 'system', subtype: 'init', session_id: SESSION_ID, model: 'claude-stub-1', tools: ['Read'], claude_code_version: '2.1.331' }

/** @param {string} text @param {string} [id] */
export function assistantEvent(text, id = 'msg_stub_1') {
  return {
    type: 'assistant',
    session_id: SESSION_ID,
    message: { id, type: 'message', role: 'assistant', content: [{ type: 'text', text }], usage: { input_tokens: 10, output_tokens: 5 } }
  }
}

/** @param {string} result @param {Record<string, unknown>} [extra] */
export function resultEvent(result, extra = {}) {
  return {
    type: 'result',
    subtype: 'success',
    is_error: false,
    result,
    session_id: SESSION_ID,
    num_turns: 1,
    duration_ms: 5,
    total_cost_usd: 0.0012,
    usage: { input_tokens: 10, output_tokens: 5 },
    modelUsage: { 'claude-stub-1': { outputTokens: 5, costUSD: 0.0012 } },
    ...extra
  }
}

/** Shell lines that print the given events, one JSON line each. @param {...object} events */
export function printEvents(...events) {
  return events.map(e => `printf '%s\\n' '${JSON.stringify(e).replace(/'/g, `'\\''`)}'`).join('\n')
}

/**
 * Writes an executable sh script and returns its path.
 * @param {string} body @param {string} [parent] where its directory goes (default the system temp dir)
 */
export function writeStub(body, parent = os.tmpdir()) {
  const dir = mkdtempSync(path.join(parent, 'cca-stub-'))
  const file = path.join(dir, 'claude')
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}
