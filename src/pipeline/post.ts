// The post step: runs after every job outcome (post-if: always()), including failure and cancel.
// It removes the run's private directory (credentials, OIDC token file, execution file) and
// blanks any credentials the main step exported for later steps.
import { log, platform } from '../platform/platform.js'
import { rmSync } from 'node:fs'
import { rememberedExportedCredentials, rememberedTempDir } from './state.js'

export async function post(): Promise<void> {
  const dir = rememberedTempDir()
  if (dir) {
    try {
      rmSync(dir, { recursive: true, force: true })
      log.info(`Removed ${dir}`)
    } catch (error) {
      log.warning(`Could not remove ${dir}: ${(error as Error).message}`)
    }
  }
  for (const name of rememberedExportedCredentials()) {
    platform().exportVariable(name, '')
  }
}
