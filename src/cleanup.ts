// Removing what the run leaves behind; shared by the main step's end and the post step.
import { log } from './platform/platform.js'
import { rmSync } from 'node:fs'

/** Files, or directories with what is in them (a CLI's token cache). */
export function removeCredentialFiles(files: string[]): void {
  for (const file of files) {
    try {
      rmSync(file, { force: true, recursive: true })
    } catch (error) {
      log.warning(`Could not remove ${file}: ${(error as Error).message}`)
    }
  }
}
