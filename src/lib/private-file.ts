import { renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { WriteFailed } from './write-errors.js'

/**
 * Writes a 0600 file atomically (temp file, then rename), so a reader never sees half a credential.
 * A write that fails (a full disk) leaves no part of it behind.
 */
export function writePrivateFile(file: string, content: string): void {
  const partial = `${file}.${process.pid}.partial`
  try {
    writeFileSync(partial, content, { mode: 0o600 })
    renameSync(partial, file)
  } catch (error) {
    rmSync(partial, { force: true })
    throw new WriteFailed(path.basename(file), file, error)
  }
}
