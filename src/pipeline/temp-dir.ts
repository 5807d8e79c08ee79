// One private directory per run, in RUNNER_TEMP and never in the workspace. Credentials files,
// the OIDC token file and the execution file all live here; the post step removes it whole.
import { mkdtempSync, chmodSync, rmSync } from 'node:fs'
import { writing } from '../lib/write-errors.js'
import os from 'node:os'
import path from 'node:path'
import { rememberTempDir } from './state.js'

export function createTempDir(env: NodeJS.ProcessEnv = process.env): string {
  const parent = env.RUNNER_TEMP || os.tmpdir()
  const dir = writing('the private directory', parent, () => mkdtempSync(path.join(parent, 'claude-cloud-action-')))
  try {
    chmodSync(dir, 0o700)
    rememberTempDir(dir)
  } catch (error) {
    // The post step could not find it: it goes now, before anything is put in it.
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return dir
}
