// GitHub Actions' workflow commands (`::name key=value::message` lines on stdout) and file commands
// (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE, the step summary), in the format @actions/core 3 writes.
// Written here rather than called through @actions/core, which loads Node's crypto at start-up for
// its delimiters: about 10 ms of every step on the bench machine (npm run bench, overhead).
import { appendFileSync, writeFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { writing } from '../lib/write-errors.js'

export type FileCommand = 'OUTPUT' | 'ENV' | 'STATE'

/** Prints `::command key=value,…::message`, escaped so that the message stays one command. */
export function issueCommand(command: string, message: string, properties: Record<string, string> = {}): void {
  process.stdout.write(`${formatCommand(command, message, properties)}${EOL}`)
}

export function formatCommand(command: string, message: string, properties: Record<string, string> = {}): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

/**
 * Text made safe from the runner's legacy command form, `##[name key=value]data`, which the runner
 * finds anywhere in a line, not only at its start (actions/runner ActionCommand.TryParse): a
 * backslash goes before the bracket of every `##[`, so `##[error]` is printed `##\[error]`, which a
 * reader still reads as it was. Not a zero-width character: the runner looks for `##[` with .NET's
 * culture-sensitive IndexOf, for which ICU counts zero-width and control characters as nothing; for
 * the same reason `#`, `#` and `[` with only such characters between them are broken too.
 */
export function breakLegacyCommands(text: string): string {
  return text.includes('[') ? text.replace(LEGACY_COMMAND_OPENING, opening => `${opening.slice(0, -1)}\\[`) : text
}

const LEGACY_COMMAND_OPENING = /#[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]*#[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]*\[/gu

/** The runner unescapes these three in a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** And these five in a property's value, where `:` and `,` would end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * Appends `name<<delimiter`, the value's lines and the delimiter to the file GITHUB_<command> names.
 * Without that file (a runner older than file commands) the legacy stdout command does the same.
 */
export function issueFileCommand(command: FileCommand, name: string, value: string): void {
  issueFileCommands(command, { [name]: value })
}

/** Several at once, in one write. */
export function issueFileCommands(command: FileCommand, values: Record<string, string>): void {
  const entries = Object.entries(values)
  if (entries.length === 0) return
  const file = process.env[`GITHUB_${command}`]
  if (file) {
    const what = { OUTPUT: 'the step outputs', ENV: 'the job environment', STATE: "the post step's state" }[command]
    writing(what, file, () => appendFileSync(file, entries.map(([name, value]) => `${keyValueMessage(name, value)}${EOL}`).join(''), 'utf8'))
    return
  }
  const legacy = { OUTPUT: 'set-output', ENV: 'set-env', STATE: 'save-state' }[command]
  for (const [name, value] of entries) {
    // A set-output line must start a line of its own, as @actions/core makes sure.
    if (command === 'OUTPUT') process.stdout.write(EOL)
    issueCommand(legacy, value, { name })
  }
}

export function keyValueMessage(name: string, value: string): string {
  const delimiter = tokenNotIn('ghadelimiter_', name, value)
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}`
}

/**
 * A token that occurs in none of `texts`: a file command's delimiter, or the token that turns
 * workflow commands back on after printing text. The runner ends a value at the first line that is
 * its delimiter, and resumes commands at the first line that is `::token::`; a token the text does
 * not contain can end neither early. That check is the guarantee, not the token's randomness, so
 * Math.random serves (Node's crypto would cost every step its start-up time).
 */
export function tokenNotIn(prefix: string, ...texts: string[]): string {
  for (;;) {
    const token = `${prefix}${randomPart()}${randomPart()}`
    if (!texts.some(text => text.includes(token))) return token
  }
}

function randomPart(): string {
  return Math.random().toString(36).slice(2, 12).padEnd(10, '0')
}

/** Replaces the step's summary (GITHUB_STEP_SUMMARY) with this Markdown. */
export function writeStepSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: this runner has no job summaries')
  writing('the job summary', file, () => writeFileSync(file, `${markdown}${EOL}`, 'utf8'))
}
