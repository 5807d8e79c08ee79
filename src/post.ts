// The post step: runs after every job outcome (post-if: always()), including failure and cancel.
// It removes the run's private directory (credentials, OIDC token file, execution file) and
// blanks any credentials the main step exported for later steps.
import * as core from '@actions/core'
import { rmSync } from 'node:fs'
import { rememberedExportedCredentials, rememberedTempDir } from './state.js'

export async function post(): Promise<void> {
  const dir = rememberedTempDir()
  if (dir) {
    try {
      rmSync(dir, { recursive: true, force: true })
      core.info(`Removed ${dir}`)
    } catch (error) {
      core.warning(`Could not remove ${dir}: ${(error as Error).message}`)
    }
  }
  for (const name of rememberedExportedCredentials()) {
    core.exportVariable(name, '')
  }
}
