// @ts-check
// What an agent could grab: run as the `claude` wrapper (before the real CLI) or as a Bash tool (inside
// it), it collects the env and every readable file under HOME, CLAUDE_CONFIG_DIR, RUNNER_TEMP and TMPDIR,
// and knocks on the model gateway without its secret and on a path that is not a model call.
// `node credential-probe.js FILE` writes the JSON to FILE; `node credential-probe.js -` prints it between
// markers (a truncated print fails to parse, so a check cannot pass on half of it). Printed for the model,
// the session transcripts are left out by name: they hold the conversation so far (over 100 kB, past what
// a Bash result carries), and the test reads them itself afterwards.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const MAX_FILE_BYTES = 4 * 1024 * 1024
const BASE_URL_VARIABLES = ['ANTHROPIC_BASE_URL', 'ANTHROPIC_BEDROCK_BASE_URL', 'ANTHROPIC_VERTEX_BASE_URL', 'ANTHROPIC_FOUNDRY_BASE_URL']

const printing = process.argv[2] === '-'
/** Transcripts: CLAUDE_CONFIG_DIR/projects/<workspace>/<session>.jsonl. */
const isTranscript = (/** @type {string} */ file) => /[/\\]projects[/\\][^/\\]+[/\\][^/\\]+\.jsonl$/.test(file)
/** @type {string[]} */
const skipped = []

/** @param {string} dir @param {Record<string, string>} out */
function readAll(dir, out) {
  let names
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const full = path.join(dir, name)
    const stat = statSync(full, { throwIfNoEntry: false })
    if (stat?.isDirectory()) readAll(full, out)
    else if (stat?.isFile() && printing && isTranscript(full)) skipped.push(full)
    else if (stat?.isFile() && stat.size <= MAX_FILE_BYTES) {
      try {
        out[full] = readFileSync(full, 'latin1')
      } catch {
        // not readable by this user
      }
    }
  }
}

/** The gateway: the loopback base URL the CLI was given, and the secret header of ANTHROPIC_CUSTOM_HEADERS. */
function gateway() {
  const name = BASE_URL_VARIABLES.find(n => (process.env[n] ?? '').startsWith('http://127.0.0.1:'))
  const line = (process.env.ANTHROPIC_CUSTOM_HEADERS ?? '').split('\n').find(l => l.toLowerCase().startsWith('x-claude-gateway-secret:'))
  if (!name || !line) return undefined
  const at = line.indexOf(':')
  return { base: String(process.env[name]).replace(/\/+$/, ''), header: line.slice(0, at).trim(), secret: line.slice(at + 1).trim() }
}

/** @param {string} url @param {RequestInit} init */
async function knock(url, init) {
  try {
    const res = await fetch(url, init)
    return { status: res.status, body: (await res.text()).slice(0, 500) }
  } catch (error) {
    return { status: 0, body: String(error) }
  }
}

const files = /** @type {Record<string, string>} */ ({})
for (const name of ['HOME', 'CLAUDE_CONFIG_DIR', 'RUNNER_TEMP', 'TMPDIR']) {
  const dir = process.env[name]
  if (dir) readAll(dir, files)
}
const found = gateway()
const knocks = found
  ? {
      withoutSecret: await knock(`${found.base}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      withWrongSecret: await knock(`${found.base}/v1/messages`, { method: 'POST', headers: { [found.header]: 'guessed' }, body: '{}' }),
      notAModelCall: await knock(`${found.base}/v1/models`, { headers: { [found.header]: found.secret } })
    }
  : undefined
const dump = JSON.stringify({ env: process.env, files, skipped, gateway: found ? { base: found.base } : undefined, knocks })

const target = process.argv[2]
if (printing) process.stdout.write(`probe-begin\n${dump}\nprobe-end\n`)
else if (target) writeFileSync(target, dump)
