// The raw stream-json events of the run, redacted of every known secret, written as they arrive.
// Redaction works on the bytes: no string is built per chunk of a stream that may run to gigabytes.
// A write that fails (a full disk) does not stop the run: the file is then incomplete, which the
// report says (`failure`), and what the CLI prints is still read for the result.
import { createWriteStream, type WriteStream } from 'node:fs'
import { describeWriteError } from '../lib/write-errors.js'
import { longestSecretBytes, redactBytes } from '../platform/secrets.js'

export class ExecutionFile {
  private readonly stream: WriteStream
  /** Held back in case a secret continues in the next chunk. */
  private tail = Buffer.alloc(0)
  /** Set when a write failed: what happened, for the report; later writes are dropped. */
  failure: string | undefined

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 })
    this.stream.on('error', error => {
      this.failure ??= `Could not write the execution file: ${describeWriteError(error, path)}`
    })
  }

  /** Returns false when the caller should wait for `drain` before writing more. */
  write(chunk: Buffer): boolean {
    if (this.failure || this.stream.destroyed) return true
    const data = redactBytes(this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk)
    const hold = Math.min(data.length, Math.max(0, longestSecretBytes() - 1))
    // A copy, so the held bytes do not keep the whole chunk alive.
    this.tail = Buffer.from(data.subarray(data.length - hold))
    return this.stream.write(data.subarray(0, data.length - hold))
  }

  /** Resolves once the file has taken what was written (after `write` returned false), or cannot take more. */
  drained(): Promise<void> {
    if (this.failure || this.stream.destroyed) return Promise.resolve()
    return new Promise(resolve => {
      const done = (): void => {
        this.stream.off('drain', done)
        this.stream.off('close', done)
        resolve()
      }
      // A failed write destroys the stream, which then closes instead of draining.
      this.stream.once('drain', done)
      this.stream.once('close', done)
    })
  }

  /** Ends the current attempt's output; the file stays open for a failover attempt. */
  flush(): void {
    if (this.tail.length > 0 && !this.failure && !this.stream.destroyed) this.stream.write(redactBytes(this.tail))
    this.tail = Buffer.alloc(0)
  }

  /** Never rejects: a failed write is in `failure`. */
  async close(): Promise<void> {
    this.flush()
    if (this.stream.destroyed) return
    await new Promise<void>(resolve => this.stream.end(() => resolve()))
    // end()'s callback also runs after an error, which the 'error' listener has recorded.
  }
}
