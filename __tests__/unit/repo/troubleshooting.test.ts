// README's Troubleshooting table maps each message the action prints to cause and fix. The messages
// are found by reading src/: the literal that leads every platform().setFailed / log.error / warning / notice
// call, every `new Error(...)`, every `message:` of a run report and every string an explain*()
// function returns. A message is keyed on its leading phrase (its first five words, up to the first
// `:`, `(` or `;`), so rewording the rest of a message does not need a README change.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../../support/runner.js'

/** Stands for an interpolation `${…}` in a key; the README writes it as X, N, … or a real value. */
const HOLE = '\u0000'
const KEY_WORDS = 5

/**
 * Messages assembled from pieces, with no leading phrase of their own in one literal: the keys
 * they show in the log. Keyed by the start of their source literal.
 */
const COMPOSED: Record<string, string[]> = {
  'npm ${args[0]} ${why}': [`npm ${HOLE} exited with code`, `npm ${HOLE} was stopped after`],
  // Why an OpenTelemetry export failed: the end of the warning that names the collector.
  'HTTP ${status}': ["The model gateway's calls were"],
  'no answer in ${target.timeoutMs} ms': ["The model gateway's calls were"]
}

/** Messages of Claude Code itself or of @actions/core that the action passes through as they are. */
const PASSED_THROUGH = [
  'Failed to get ID Token', // @actions/core getIDToken, after the action's retries
  'Reached maximum number of turns', // the CLI's errors[] with --max-turns
  'Reached maximum budget', // the CLI's errors[] with --max-budget-usd
  'Failed to provide valid structured output', // the CLI with --json-schema
  'No conversation found with session ID', // the CLI when --resume (failover) finds no session
  'API Error: Request rejected (429)',
  'Invalid API key'
]

/** Messages that need no row: informational ones, and guards against the action's own bugs. */
const INFORMATIONAL = new Set<string>([
  '@actions/http-client was used before loadHttpClient',
  'The platform was used before',
  'undici was used before loadUndici',
  'ajv is not bundled',
  // Stubs of src/bundle/ for code that only runs where the action never does (a browser, Node before 16.5).
  'bowser is not bundled',
  'web-streams-polyfill is not bundled',
  // The model gateway's guards against its own misuse, and what only the CLI sees (it tolerates the 404; an abort is its own).
  'The gateway needs at least',
  'The Claude API upstream needs',
  'The Bedrock upstream needs exactly',
  'The Foundry upstream needs exactly',
  'The anthropic-aws upstream needs exactly',
  'The gateway does not list',
  'the client closed the request'
])

interface Message {
  file: string
  line: number
  literal: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : []
  })
}

/** The string or template literal at `at`, with each `${…}` as HOLE, or undefined if there is none. */
function literalAt(source: string, at: number): string | undefined {
  const quote = source[at]
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined
  let out = ''
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      out += source[++i] === 'n' ? '\n' : source[i]
    } else if (c === quote) {
      return out
    } else if (quote === '`' && c === '$' && source[i + 1] === '{') {
      let depth = 1
      const start = i + 2
      for (i = start; depth > 0; i++) depth += source[i] === '{' ? 1 : source[i] === '}' ? -1 : 0
      out += HOLE + source.slice(start, --i).replace(/\0/g, '')
      out += HOLE
    } else {
      out += c
    }
  }
  return undefined
}

/** A literal, or an identifier bound to a literal or to an array whose first item is one. */
function messageAt(source: string, at: number): string | undefined {
  const literal = literalAt(source, at)
  if (literal !== undefined) return literal
  const name = /^[A-Z_][A-Z0-9_]*/.exec(source.slice(at))?.[0]
  const bound = name ? new RegExp(`const ${name}\\s*=\\s*\\[?\\s*`).exec(source) : null
  return bound ? literalAt(source, bound.index + bound[0].length) : undefined
}

const SITES = [
  /(?:platform\(\)\.setFailed|log\.(?:error|warning|notice))\(\s*/g,
  /new Error\(\s*/g,
  /\bmessage: (?=[`'"])/g,
  // A fallback message after `??` or `||`, e.g. `Claude Code ended with ${subtype}`.
  /(?:\?\?|\|\|) (?=`[A-Z])/g,
  // Help a platform returns for the pipeline to throw, e.g. ID_TOKEN_PERMISSION_HELP.
  /\bexport const \w+_HELP = \[?\s*/g
]

function messagesIn(file: string): Message[] {
  const source = readFileSync(file, 'utf8')
  const found: Message[] = []
  const add = (at: number): void => {
    const literal = messageAt(source, at)
    if (literal !== undefined) found.push({ file: path.relative(ROOT, file), line: source.slice(0, at).split('\n').length, literal })
  }
  for (const site of SITES) for (const m of source.matchAll(site)) add(m.index + m[0].length)
  // What an explain*() function returns is the error message itself.
  for (const fn of source.matchAll(/\nexport function explain\w*\([\s\S]*?\n}\n/g)) {
    for (const m of fn[0].matchAll(/return \(?\s*/g)) add(fn.index + m.index + m[0].length)
  }
  return found
}

/** The interpolation expressions are kept between two HOLEs; a key keeps only the HOLE itself. */
function withoutExpressions(literal: string): string {
  return literal.replace(new RegExp(`${HOLE}[^${HOLE}]*${HOLE}`, 'g'), HOLE)
}

/** The first words up to `:`, `(`, `;`, or a sentence end; undefined when fewer than two are fixed text. */
function leadingPhrase(literal: string): string | undefined {
  const lead = withoutExpressions(literal).split(/[:(;\n]|\.(?:\s|$)/)[0]
  const words = lead.trim().split(/\s+/).slice(0, KEY_WORDS)
  const fixed = words.filter(w => w.replaceAll(HOLE, '').length > 1)
  return fixed.length >= 2 ? words.join(' ').trim() : undefined
}

/** A key as a pattern: a word with a HOLE in it matches whatever the README writes in its place. */
function keyPattern(key: string): RegExp {
  const words = key.split(' ').map(word => (word.includes(HOLE) ? '.+?' : word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  return new RegExp(words.join(' '))
}

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const troubleshooting = readme.split('\n## Troubleshooting\n')[1]?.split('\n## ')[0] ?? ''
/** What each row says the action prints: its first cell, without backticks. */
const rowMessages = troubleshooting
  .split('\n')
  .filter(line => /^\| `/.test(line))
  .map(line => line.split(' | ')[0].replace(/^\| /, '').replace(/`/g, ''))

const messages = sourceFiles(path.join(ROOT, 'src')).flatMap(messagesIn)

function keysOf(message: Message): string[] {
  const source = message.literal.replace(new RegExp(`${HOLE}([^${HOLE}]*)${HOLE}`, 'g'), '$${$1}')
  const composed = Object.entries(COMPOSED).find(([start]) => source.startsWith(start))
  if (composed) return composed[1]
  const key = leadingPhrase(message.literal)
  if (!key) throw new Error(`${message.file}:${message.line}: no leading phrase in ${JSON.stringify(withoutExpressions(message.literal))}; add it to COMPOSED`)
  return [key]
}

test('the scan finds the messages of src/', () => {
  expect(messages.length).toBeGreaterThan(40)
  const keys = messages.flatMap(keysOf)
  for (const known of [
    'This job cannot request a GitHub OIDC token',
    'STS answered without credentials',
    'The job was cancelled',
    'Could not start Claude Code at'
  ]) {
    expect(keys.some(k => known.startsWith(k.replaceAll(HOLE, '')) || k.startsWith(known))).toBe(true)
  }
  expect(rowMessages.length).toBeGreaterThan(20)
})

test.each(messages.map(m => [`${m.file}:${m.line} ${withoutExpressions(m.literal).split('\n')[0].replaceAll(HOLE, '…')}`, m] as const))(
  'README Troubleshooting has a row for %s',
  (_name, message) => {
    const missing = keysOf(message).filter(key => !INFORMATIONAL.has(key) && !rowMessages.some(row => keyPattern(key).test(row)))
    expect(missing.map(k => k.replaceAll(HOLE, '…'))).toEqual([])
  }
)

test.each(PASSED_THROUGH)('README Troubleshooting has a row for the passed-through message %s', text => {
  expect(rowMessages.filter(row => row.includes(text))).not.toEqual([])
})
