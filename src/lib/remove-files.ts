// Removing credential files: at the main step's end (run.ts), and when a provider fails half-way,
// since the run then gets no session to clean up after.
import { log } from '../platform/platform.js'
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

/** `work`'s value; when it fails, `files` (read at that moment) are removed before the error goes on. */
export async function removingFilesOnFailure<T>(files: string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    removeCredentialFiles(files)
    throw error
  }
}
