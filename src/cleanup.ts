// Removing what the run leaves behind; shared by the main step's end and the post step.
import { log } from './platform/platform.js'
import { rmSync } from 'node:fs'

export function removeCredentialFiles(files: string[]): void {
  for (const file of files) {
    try {
      rmSync(file, { force: true })
    } catch (error) {
      log.warning(`Could not remove ${file}: ${(error as Error).message}`)
    }
  }
}
