// Splits a byte stream into lines while holding at most `maxLineBytes` of one unfinished line, so
// a long run never sits in memory. Longer lines are reported by size only, not buffered.

/** A line, or one too long to keep: its size and its first bytes (enough to tell an event's type). */
export type LineHandler = (line: Buffer | { oversizedBytes: number; head: Buffer }) => void

/** What an oversized line keeps of its start. */
const HEAD_BYTES = 256

export class LineSplitter {
  private parts: Buffer[] = []
  private pendingBytes = 0
  private oversizedBytes = 0
  private oversizedHead = Buffer.alloc(0)
  /** The most bytes ever held at once; tests assert on it. */
  maxBufferedBytes = 0

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler
  ) {}

  push(chunk: Buffer): void {
    let start = 0
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline))
      this.emit()
      start = newline + 1
    }
    this.append(chunk.subarray(start))
  }

  /** The last line, when the stream ends without a newline. */
  end(): void {
    if (this.pendingBytes > 0 || this.oversizedBytes > 0) this.emit()
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return
    if (this.oversizedBytes > 0) {
      this.oversizedBytes += piece.length
      return
    }
    if (this.pendingBytes + piece.length > this.maxLineBytes) {
      this.oversizedBytes = this.pendingBytes + piece.length
      this.oversizedHead = Buffer.from(Buffer.concat([...this.parts, piece.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES))
      this.parts = []
      this.pendingBytes = 0
      return
    }
    // Copy: the chunk's memory belongs to the stream and may be reused.
    this.parts.push(Buffer.from(piece))
    this.pendingBytes += piece.length
    this.maxBufferedBytes = Math.max(this.maxBufferedBytes, this.pendingBytes)
  }

  private emit(): void {
    if (this.oversizedBytes > 0) {
      this.onLine({ oversizedBytes: this.oversizedBytes, head: this.oversizedHead })
    } else {
      this.onLine(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.pendingBytes))
    }
    this.parts = []
    this.pendingBytes = 0
    this.oversizedBytes = 0
    this.oversizedHead = Buffer.alloc(0)
  }
}
