// Removing credential files at the main step's end (run.ts): with export-credentials, the files later
// steps were handed (Vertex's external_account file) are kept for them until the post step.
import { log } from '../platform/platform.js'
import { rmSync } from 'node:fs'

/** Files, or directories with what is in them. */
export function removeCredentialFiles(files: string[]): void {
  for (const file of files) {
    try {
      rmSync(file, { force: true, recursive: true })
    } catch (error) {
      log.warning(`Could not remove ${file}: ${(error as Error).message}`)
    }
  }
}
