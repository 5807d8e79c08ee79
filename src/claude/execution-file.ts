// The raw stream-json events of the run, redacted of every known secret, written as they arrive.
// Redaction works on the bytes: no string is built per chunk of a stream that may run to gigabytes.
// Written synchronously: each chunk is on disk (in the page cache) before the run reads the next, so
// the file needs no queue and no backpressure of its own, and a step does not load Node's fs streams
// (with fs/promises and readline behind them) for it.
import { closeSync, openSync, writeSync } from 'node:fs'
import { longestSecretBytes, redactBytes } from '../secrets.js'

export class ExecutionFile {
  private fd: number | undefined
  /** Held back in case a secret continues in the next chunk. */
  private tail = Buffer.alloc(0)

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', 0o600)
  }

  write(chunk: Buffer): void {
    const data = redactBytes(this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk)
    const hold = Math.min(data.length, Math.max(0, longestSecretBytes() - 1))
    // A copy, so the held bytes do not keep the whole chunk alive.
    this.tail = Buffer.from(data.subarray(data.length - hold))
    this.append(data.subarray(0, data.length - hold))
  }

  /** Ends the current attempt's output; the file stays open for a failover attempt. */
  flush(): void {
    if (this.tail.length > 0) this.append(redactBytes(this.tail))
    this.tail = Buffer.alloc(0)
  }

  async close(): Promise<void> {
    this.flush()
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  private append(data: Buffer): void {
    if (this.fd === undefined) return
    // writeSync may take part of a buffer (a full disk, a signal); the rest follows.
    for (let written = 0; written < data.length; ) written += writeSync(this.fd, data, written)
  }
}
