// The e2e checks of "the agent holds no key": a `claude` wrapper (claude-path) that runs the credential
// probe and then execs the real CLI, and a Bash tool turn that runs the same probe inside the CLI, whose
// output reaches the model. Both dumps must hold no secret of the run, and the gateway must refuse them.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readActionYml, ROOT, TOOL_CACHE } from './runner.js'

export const PROBE = path.join(ROOT, '__tests__', 'support', 'credential-probe.js')

export interface ProbeDump {
  env: Record<string, string>
  files: Record<string, string>
  /** Session transcripts the printed dump leaves out; the test reads them from the run's files. */
  skipped?: string[]
  gateway?: { base: string }
  knocks?: Record<'withoutSecret' | 'withWrongSecret' | 'notAModelCall', { status: number; body: string }>
}

/** The real CLI the tests' global setup installed into the tool cache. */
export function realClaudePath(): string {
  const version = readActionYml().inputs.find(input => input.name === 'claude-version')?.default ?? ''
  const root = path.join(TOOL_CACHE, 'claude-code', version, 'x64')
  const record = JSON.parse(readFileSync(`${root}.complete`, 'utf8')) as { binary: string }
  return path.join(root, record.binary)
}

/** A `claude` that dumps what it can see to a file outside the run's directories, then becomes the real CLI. */
export function probingWrapper(): { path: string; read(): ProbeDump } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-probe-'))
  const dump = path.join(dir, 'dump.json')
  const wrapper = path.join(dir, 'claude')
  writeFileSync(wrapper, `#!/bin/sh\nnode '${PROBE}' '${dump}' || exit 99\nexec '${realClaudePath()}' "$@"\n`)
  chmodSync(wrapper, 0o755)
  return { path: wrapper, read: () => JSON.parse(readFileSync(dump, 'utf8')) as ProbeDump }
}

/** A model turn that has the CLI run the probe as a Bash tool; allow it with allowed-tools `Bash(node:*)`. */
export const PROBE_TURN = { toolUse: { name: 'Bash', input: { command: `node ${PROBE} -` } } }

/** Room for the dump in the tool result (the CLI cuts Bash output at 30,000 characters by default). */
export const PROBE_ENV = { BASH_MAX_OUTPUT_LENGTH: '150000' }

/** The probe's dump as the model received it in a tool result. */
export function dumpSentToModel(requests: { body: { messages?: unknown } | null }[]): ProbeDump {
  for (const request of requests) {
    for (const text of toolResultTexts(request.body?.messages)) {
      const match = /probe-begin\n([\s\S]*)\nprobe-end/.exec(text)
      if (match) return JSON.parse(match[1]) as ProbeDump
    }
  }
  throw new Error(`No model request carried the probe output: ${JSON.stringify(requests.map(r => toolResultTexts(r.body?.messages))).slice(0, 3000)}`)
}

function toolResultTexts(messages: unknown): string[] {
  if (!Array.isArray(messages)) return []
  const texts: string[] = []
  for (const message of messages as { content?: unknown }[]) {
    if (!Array.isArray(message.content)) continue
    for (const block of message.content as { type?: string; content?: unknown }[]) {
      if (block.type !== 'tool_result') continue
      if (typeof block.content === 'string') texts.push(block.content)
      else if (Array.isArray(block.content)) texts.push(...(block.content as { text?: string }[]).map(part => part.text ?? ''))
    }
  }
  return texts
}

/** `where: secret…` for each secret found in the dump. */
export function secretsIn(dump: ProbeDump, secrets: string[]): string[] {
  const places: Record<string, string> = { env: JSON.stringify(dump.env) }
  for (const [file, text] of Object.entries(dump.files)) places[file] = text
  const hits: string[] = []
  for (const secret of secrets.filter(s => s && s.length >= 8)) {
    for (const [where, text] of Object.entries(places)) if (text.includes(secret)) hits.push(`${where}: ${secret.slice(0, 6)}…`)
  }
  return hits
}

/** What the gateway answered the probe: no secret, 401; a wrong one, 401; a path that is no model call, 403. */
export function expectRefusals(dump: ProbeDump): void {
  expect(dump.gateway?.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+/)
  expect(dump.knocks?.withoutSecret.status).toBe(401)
  expect(dump.knocks?.withWrongSecret.status).toBe(401)
  expect(dump.knocks?.notAModelCall).toMatchObject({ status: 403, body: expect.stringContaining('/v1/models') })
}
