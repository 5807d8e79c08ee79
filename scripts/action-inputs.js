// @ts-check
// The command's inputs come from action.yml, so its flags, env fallbacks, defaults and --help can never
// drift from the action's. action.yml is not shipped to be parsed at run time: this turns its inputs
// into src/generated/action-inputs.ts, and package.json's version (for --version and the OpenTelemetry
// export) into src/generated/package-version.ts, apart so that the version alone does not bundle the
// inputs a second time; the build (scripts/build.js) refreshes and bundles both.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const GENERATED = path.join(ROOT, 'src', 'generated', 'action-inputs.ts')
export const GENERATED_VERSION = path.join(ROOT, 'src', 'generated', 'package-version.ts')

/**
 * action.yml's inputs in order: name, description (a folded `>-` block joined into one line) and default.
 * A line parser suffices: the file keeps one shape, and a unit test compares the result with it.
 * @returns {{ name: string, description: string, default?: string }[]}
 */
export function readActionInputs(file = path.join(ROOT, 'action.yml')) {
  /** @type {{ name: string, description: string, default?: string }[]} */
  const inputs = []
  let section = ''
  let folding = false
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const top = /^([a-z]+):/.exec(line)
    if (top) section = top[1]
    if (section !== 'inputs') continue
    const current = inputs[inputs.length - 1]
    if (folding && /^ {6}\S/.test(line)) {
      current.description = `${current.description} ${line.trim()}`.trim()
      continue
    }
    folding = false
    const key = /^ {2}([a-z0-9-]+):\s*$/.exec(line)
    if (key) inputs.push({ name: key[1], description: '' })
    const field = /^ {4}(description|default):\s*(.*)$/.exec(line)
    if (!field || !current) continue
    if (field[1] === 'description' && /^>-?$/.test(field[2])) folding = true
    else if (field[1] === 'description') current.description = unquote(field[2])
    else current.default = unquote(field[2])
  }
  return inputs
}

/** @param {string} value */
function unquote(value) {
  const v = value.trim()
  return /^'.*'$|^".*"$/.test(v) ? v.slice(1, -1) : v
}

/** package.json's version. */
export function packageVersion(file = path.join(ROOT, 'package.json')) {
  return String(JSON.parse(readFileSync(file, 'utf8')).version)
}

/** The generated inputs module's text. */
export function actionInputsModule(inputs = readActionInputs()) {
  return [
    '// Generated from action.yml by scripts/action-inputs.js (run by `npm run bundle`); do not edit.',
    '// The command (src/command.ts) turns each input into a flag and a CLAUDE_CLOUD_<NAME> variable.',
    '',
    'export interface ActionInput {',
    '  name: string',
    '  description: string',
    '  default?: string',
    '}',
    '',
    `export const ACTION_INPUTS: readonly ActionInput[] = ${JSON.stringify(inputs, null, 2)}`,
    ''
  ].join('\n')
}

/** The generated version module's text. */
export function packageVersionModule(version = packageVersion()) {
  return [
    '// Generated from package.json by scripts/action-inputs.js (run by `npm run bundle`); do not edit.',
    '',
    "/** package.json's version, which --version prints and the OpenTelemetry export names. */",
    `export const PACKAGE_VERSION = ${JSON.stringify(version)}`,
    ''
  ].join('\n')
}

export function writeActionInputsModule() {
  writeFileSync(GENERATED, actionInputsModule())
  writeFileSync(GENERATED_VERSION, packageVersionModule())
}
