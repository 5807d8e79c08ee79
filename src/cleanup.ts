// Removing what the run leaves behind; shared by the main step's end and the post step.
import * as core from '@actions/core'
import { rmSync } from 'node:fs'

export function removeCredentialFiles(files: string[]): void {
  for (const file of files) {
    try {
      rmSync(file, { force: true })
    } catch (error) {
      core.warning(`Could not remove ${file}: ${(error as Error).message}`)
    }
  }
}
