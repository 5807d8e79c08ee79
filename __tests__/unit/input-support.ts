// readSettings against the real @actions/core, which reads INPUT_* from the environment, in a fresh
// temporary workspace per test. Shared by the input test files.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError, readSettings } from '../../src/inputs.js'

export function freshWorkspace(): string {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
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
