// readSettings against the GitHub platform, which reads INPUT_* from the environment, in a fresh
// temporary workspace per test. Shared by the input test files.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError, readSettings } from '../../src/inputs.js'

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

export function settingsFor(inputs: Record<string, string>) {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  return readSettings(process.env)
}

export function problemsFor(inputs: Record<string, string>): string[] {
  try {
    settingsFor(inputs)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error('expected an InputError')
}

/** readSettings with only these inputs set and this env (not the process's), as a provider's input tests need. */
export function readOnly(inputs: Record<string, string>, env: NodeJS.ProcessEnv) {
  clearInputs()
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  return readSettings(env)
}

/** The problems readOnly reports; none when the inputs are valid. */
export function problemsOf(inputs: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  try {
    readOnly(inputs, env)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  return []
}
