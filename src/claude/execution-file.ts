// The raw stream-json events of the run, redacted of every known secret, written as they arrive.
import { createWriteStream, type WriteStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { longestSecretLength, redact } from '../secrets.js'

export class ExecutionFile {
  private readonly stream: WriteStream
  private readonly decoder = new StringDecoder('utf8')
  /** Held back in case a secret continues in the next chunk. */
  private tail = ''

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 })
  }

  /** Returns false when the caller should wait for `drain` before writing more. */
  write(chunk: Buffer): boolean {
    const text = redact(this.tail + this.decoder.write(chunk))
    const hold = Math.min(text.length, Math.max(0, longestSecretLength() - 1))
    this.tail = text.slice(text.length - hold)
    return this.stream.write(text.slice(0, text.length - hold))
  }

  onDrain(resume: () => void): void {
    this.stream.once('drain', resume)
  }

  /** Ends the current attempt's output; the file stays open for a failover attempt. */
  flush(): void {
    const rest = redact(this.tail + this.decoder.end())
    this.tail = ''
    if (rest) this.stream.write(rest)
  }

  async close(): Promise<void> {
    this.flush()
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())))
  }
}
