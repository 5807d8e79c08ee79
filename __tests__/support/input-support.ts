// readSettings against the GitHub platform, which reads INPUT_* from the environment as the runner
// sets them. Shared by the input test files.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError, readSettings } from '../../src/settings/read-settings.js'

/** Removes every INPUT_* an earlier test set. */
export function clearInputs(): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
}

export function freshWorkspace(): string {
  clearInputs()
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-inputs-'))
  process.env.GITHUB_WORKSPACE = workspace
  return workspace
}

/** Sets these inputs (on top of any set before in the test) and reads the settings. */
export function settingsFor(inputs: Record<string, string>, env: NodeJS.ProcessEnv = process.env) {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  return readSettings(env)
}

/** The problems settingsFor reports; throws when the inputs are valid. */
export function problemsFor(inputs: Record<string, string>): string[] {
  const problems = problemsOrNone(inputs)
  if (problems.length === 0) throw new Error('expected an InputError')
  return problems
}

/** The problems settingsFor reports; none when the inputs are valid. */
export function problemsOrNone(inputs: Record<string, string>): string[] {
  try {
    settingsFor(inputs)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  return []
}

/** readSettings with only these inputs set and this env (not the process's), as a provider's input tests need. */
export function readOnly(inputs: Record<string, string>, env: NodeJS.ProcessEnv) {
  clearInputs()
  return settingsFor(inputs, env)
}

/** The problems readOnly reports; none when the inputs are valid. */
export function problemsOf(inputs: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  clearInputs()
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  try {
    readSettings(env)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  return []
}
