// The raw stream-json events of the run, redacted of every known secret, written as they arrive.
// Redaction works on the bytes: no string is built per chunk of a stream that may run to gigabytes.
import { createWriteStream, type WriteStream } from 'node:fs'
import { longestSecretBytes, redactBytes } from '../platform/secrets.js'

export class ExecutionFile {
  private readonly stream: WriteStream
  /** Held back in case a secret continues in the next chunk. */
  private tail = Buffer.alloc(0)

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 })
  }

  /** Returns false when the caller should wait for `drain` before writing more. */
  write(chunk: Buffer): boolean {
    const data = redactBytes(this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk)
    const hold = Math.min(data.length, Math.max(0, longestSecretBytes() - 1))
    // A copy, so the held bytes do not keep the whole chunk alive.
    this.tail = Buffer.from(data.subarray(data.length - hold))
    return this.stream.write(data.subarray(0, data.length - hold))
  }

  /** Resolves once the file has taken what was written (after `write` returned false). */
  drained(): Promise<void> {
    return new Promise(resolve => this.stream.once('drain', resolve))
  }

  /** Ends the current attempt's output; the file stays open for a failover attempt. */
  flush(): void {
    if (this.tail.length > 0) this.stream.write(redactBytes(this.tail))
    this.tail = Buffer.alloc(0)
  }

  async close(): Promise<void> {
    this.flush()
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())))
  }
}
