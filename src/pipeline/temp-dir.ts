// One private directory per run, in RUNNER_TEMP and never in the workspace. Credentials files,
// the OIDC token file and the execution file all live here; the post step removes it whole.
import { mkdtempSync, chmodSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { rememberTempDir } from './state.js'

export function createTempDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), 'claude-cloud-action-'))
  chmodSync(dir, 0o700)
  rememberTempDir(dir)
  return dir
}
