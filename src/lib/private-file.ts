import { renameSync, writeFileSync } from 'node:fs'

/** Writes a 0600 file atomically (temp file, then rename), so a reader never sees half a credential. */
export function writePrivateFile(file: string, content: string): void {
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, content, { mode: 0o600 })
  renameSync(partial, file)
}
