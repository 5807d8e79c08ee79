// The raw stream-json events of the run, redacted of every known secret, written as they arrive.
// Redaction works on the bytes: no string is built per chunk of a stream that may run to gigabytes.
// A write that fails (a full disk) does not stop the run: the file is then incomplete, which the
// report says (`failure`), and what the CLI prints is still read for the result.
// The file is opened and closed synchronously and written with fs.write, not through fs.WriteStream:
// each of the stream's open and close is a trip through libuv's thread pool, and the close is on the
// path from the CLI's exit to the step's end (about 2 ms of every step on this VM, npm run bench).
// The writes stay asynchronous, queued in order, with a stream's backpressure: write() asks the caller
// to wait once a stream's high-water mark of bytes is queued.
import { closeSync, openSync, writev } from 'node:fs'
import { getDefaultHighWaterMark } from 'node:stream'
import { describeWriteError } from '../lib/write-errors.js'
import { longestSecretBytes, redactBytes } from '../platform/secrets.js'

export class ExecutionFile {
  private fd: number | undefined
  /** Written in order, one writev at a time. */
  private queue: Buffer[] = []
  private queuedBytes = 0
  private writing = false
  private closed = false
  /** Callers waiting for the queue to empty. */
  private waiting: (() => void)[] = []
  private readonly highWaterMark = getDefaultHighWaterMark(false)
  /** Held back in case a secret continues in the next chunk. */
  private tail = Buffer.alloc(0)
  /** Set when a write failed: what happened, for the report; later writes are dropped. */
  failure: string | undefined

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a', 0o600)
    } catch (error) {
      this.fail(error)
    }
  }

  /** Returns false when the caller should wait for `drained()` before writing more. */
  write(chunk: Buffer): boolean {
    if (this.failure || this.closed) return true
    const data = redactBytes(this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk)
    const hold = Math.min(data.length, Math.max(0, longestSecretBytes() - 1))
    // A copy, so the held bytes do not keep the whole chunk alive.
    this.tail = Buffer.from(data.subarray(data.length - hold))
    this.enqueue(data.subarray(0, data.length - hold))
    return this.queuedBytes < this.highWaterMark
  }

  /** Resolves once the file has taken what was written (after `write` returned false), or cannot take more. */
  drained(): Promise<void> {
    if (this.failure || !this.writing) return Promise.resolve()
    return new Promise(resolve => this.waiting.push(resolve))
  }

  /** Ends the current attempt's output; the file stays open for a failover attempt. */
  flush(): void {
    if (this.tail.length > 0 && !this.failure && !this.closed) this.enqueue(redactBytes(this.tail))
    this.tail = Buffer.alloc(0)
  }

  /** Never rejects: a failed write is in `failure`. */
  async close(): Promise<void> {
    this.flush()
    if (this.closed) return
    this.closed = true
    await this.drained()
    if (this.fd === undefined) return
    const fd = this.fd
    this.fd = undefined
    try {
      closeSync(fd)
    } catch (error) {
      this.failure ??= `Could not write the execution file: ${describeWriteError(error, this.path)}`
    }
  }

  private enqueue(data: Buffer): void {
    if (data.length === 0) return
    this.queue.push(data)
    this.queuedBytes += data.length
    if (!this.writing) this.writeQueued()
  }

  private writeQueued(): void {
    if (this.fd === undefined) return
    this.writing = true
    const buffers = this.queue
    this.queue = []
    writev(this.fd, buffers, (error, written) => {
      if (error) return this.fail(error)
      this.queuedBytes -= written
      // A short write leaves the rest at the front of the queue.
      const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0)
      if (written < total) this.queue.unshift(...unwritten(buffers, written))
      if (this.queue.length > 0) return this.writeQueued()
      this.writing = false
      this.release()
    })
  }

  private fail(error: unknown): void {
    this.failure ??= `Could not write the execution file: ${describeWriteError(error, this.path)}`
    this.queue = []
    this.queuedBytes = 0
    this.writing = false
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd)
      } catch {
        // The failure is recorded already.
      }
      this.fd = undefined
    }
    this.release()
  }

  private release(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}

/** What `written` bytes into `buffers` left unwritten, as buffers. */
function unwritten(buffers: Buffer[], written: number): Buffer[] {
  const rest: Buffer[] = []
  let skip = written
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length
      continue
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer)
    skip = 0
  }
  return rest
}
