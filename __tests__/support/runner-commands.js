// @ts-check
// The commands the GitHub runner would act on in a step's stdout, read as actions/runner's
// ActionCommandManager reads them, line by line: `::name props::data` after leading spaces
// (TryParseV2), else `##[name props]data` at its first `##[` anywhere in the line (TryParse), for
// registered names only (case-insensitive); after `stop-commands` nothing acts until the token.
// The runner looks with .NET's culture-sensitive StartsWith/IndexOf, for which ICU skips zero-width
// and control characters: they are dropped here before looking, so this finds at least what it finds.

const REGISTERED = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning'
]
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]/gu

/**
 * @typedef {{ command: string, data: string, form: '::' | '##[', line: string }} RunnerCommand
 * @param {string} stdout @returns {RunnerCommand[]} the commands acted on, in order (stop-commands and its token excluded)
 */
export function runnerCommands(stdout) {
  /** @type {RunnerCommand[]} */
  const acted = []
  /** @type {string | undefined} */
  let stopToken
  for (const line of stdout.split('\n')) {
    const registered = new Set([...REGISTERED, ...(stopToken ? [stopToken.toLowerCase()] : [])])
    const command = parse(line.replace(IGNORABLE, ''), registered)
    if (!command) continue
    if (stopToken !== undefined) {
      if (command.command.toLowerCase() === stopToken.toLowerCase()) stopToken = undefined
    } else if (command.command.toLowerCase() === 'stop-commands') {
      stopToken = command.data
    } else {
      acted.push({ ...command, line })
    }
  }
  return acted
}

/** @param {string} text @param {Set<string>} registered */
function parse(text, registered) {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    if (end >= 0) {
      const name = trimmed.slice(2, end).split(' ')[0]
      if (registered.has(name.toLowerCase())) return { command: name, data: trimmed.slice(end + 2), form: /** @type {const} */ ('::') }
    }
  }
  const start = text.indexOf('##[')
  if (start < 0) return undefined
  const bracket = text.indexOf(']', start)
  if (bracket < 0) return undefined
  const name = text.slice(start + 3, bracket).split(' ')[0]
  return registered.has(name.toLowerCase()) ? { command: name, data: text.slice(bracket + 1), form: /** @type {const} */ ('##[') } : undefined
}
