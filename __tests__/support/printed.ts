// What the GitHub platform's log writes to stdout, captured for unit tests of what the step prints.

/** Everything written to stdout while `fn` runs. */
export function printed(fn: () => void): string {
  const chunks: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  try {
    fn()
  } finally {
    process.stdout.write = write
  }
  return chunks.join('')
}
