// Token metering of answers as they stream through the gateway. Usage sits in two Anthropic events:
// `message_start` (input and cache tokens) and `message_delta` (cumulative counts, output tokens above
// all). They arrive as SSE for Anthropic-shaped APIs, inside AWS event-stream frames for Bedrock (each
// payload `{"bytes":"<base64 event JSON>"}`), or as one JSON message when not streaming. The parsers
// keep only an unfinished line or frame, and skip any past a bound, so a 100 MB answer costs no memory.

export interface Usage {
  inputTokens: number
  outputTokens: number
  cacheReadTokens: number
  cacheCreationTokens: number
}

export interface UsageParser {
  push(chunk: Buffer): void
  /** The usage seen so far (the JSON form parses here, at the end). */
  finish(): Usage
}

/** Longest SSE line or event-stream frame looked into; longer ones carry text, not usage. */
const MAX_UNIT_BYTES = 1024 * 1024
/** Longest non-streaming JSON answer parsed. */
const MAX_JSON_BYTES = 8 * 1024 * 1024

/** The parser for an answer's content type; one that meters nothing for other types. */
export function usageParser(contentType: string | undefined): UsageParser {
  const type = (contentType ?? '').toLowerCase()
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 }
  if (type.startsWith('text/event-stream')) return sseParser(usage)
  if (type.startsWith('application/vnd.amazon.eventstream')) return eventStreamParser(usage)
  if (type.includes('json')) return jsonParser(usage)
  return { push: () => undefined, finish: () => usage }
}

/** Folds one Anthropic event (or a whole non-streaming message) into the tally. */
export function applyEvent(usage: Usage, event: unknown): void {
  if (!isObject(event)) return
  if (event.type === 'message_start' && isObject(event.message)) applyUsage(usage, event.message.usage)
  else if (event.type === 'message_delta' || event.type === 'message') applyUsage(usage, event.usage)
}

function applyUsage(usage: Usage, counts: unknown): void {
  if (!isObject(counts)) return
  // message_delta counts are cumulative, so a later number replaces an earlier one.
  if (typeof counts.input_tokens === 'number') usage.inputTokens = counts.input_tokens
  if (typeof counts.output_tokens === 'number') usage.outputTokens = counts.output_tokens
  if (typeof counts.cache_read_input_tokens === 'number') usage.cacheReadTokens = counts.cache_read_input_tokens
  if (typeof counts.cache_creation_input_tokens === 'number') usage.cacheCreationTokens = counts.cache_creation_input_tokens
}

function sseParser(usage: Usage): UsageParser {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let skippingLine = false
  const line = (bytes: Buffer) => {
    // Only `data:` lines of the two usage events are parsed; text deltas are passed over unread.
    if (bytes.length < 6 || bytes.toString('latin1', 0, 5) !== 'data:') return
    const text = bytes.toString('utf8', 5).trim()
    if (text.includes('"message_start"') || text.includes('"message_delta"')) applyEvent(usage, parseJson(text))
  }
  return {
    push(chunk) {
      let from = 0
      for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, from)) {
        const piece = chunk.subarray(from, newline)
        from = newline + 1
        if (!skippingLine) line(pending.length > 0 ? Buffer.concat([...pending, piece]) : piece)
        pending = []
        pendingBytes = 0
        skippingLine = false
      }
      if (from >= chunk.length || skippingLine) return
      const rest = chunk.subarray(from)
      pendingBytes += rest.length
      if (pendingBytes > MAX_UNIT_BYTES) {
        pending = []
        pendingBytes = 0
        skippingLine = true
      } else {
        pending.push(Buffer.from(rest))
      }
    },
    finish() {
      if (!skippingLine && pending.length > 0) line(Buffer.concat(pending))
      pending = []
      return usage
    }
  }
}

/**
 * AWS event-stream frames: total length (u32), headers length (u32), prelude CRC, headers, payload,
 * message CRC. The client checks the CRCs; metering only reads the payload.
 */
function eventStreamParser(usage: Usage): UsageParser {
  let pending: Buffer = Buffer.alloc(0)
  let skipBytes = 0
  const frame = (bytes: Buffer) => {
    const headersLength = bytes.readUInt32BE(4)
    const payload = parseJson(bytes.toString('utf8', 12 + headersLength, bytes.length - 4))
    if (isObject(payload) && typeof payload.bytes === 'string') {
      applyEvent(usage, parseJson(Buffer.from(payload.bytes, 'base64').toString('utf8')))
    }
  }
  return {
    push(chunk) {
      let data = chunk
      if (skipBytes > 0) {
        const skipped = Math.min(skipBytes, data.length)
        skipBytes -= skipped
        data = data.subarray(skipped)
      }
      pending = pending.length > 0 ? Buffer.concat([pending, data]) : data
      while (pending.length >= 12) {
        const total = pending.readUInt32BE(0)
        if (total < 16) {
          // Not a frame: the answer is not what its type says, so stop looking.
          skipBytes = Number.POSITIVE_INFINITY
          pending = Buffer.alloc(0)
          return
        }
        if (total > MAX_UNIT_BYTES) {
          const skipped = Math.min(total, pending.length)
          skipBytes = total - skipped
          pending = pending.subarray(skipped)
          if (skipBytes > 0) break
          continue
        }
        if (pending.length < total) break
        frame(pending.subarray(0, total))
        pending = pending.subarray(total)
      }
      // Keep a copy of the unfinished frame, not a view pinning the whole chunk.
      if (pending.length > 0 && pending.buffer === chunk.buffer) pending = Buffer.from(pending)
    },
    finish() {
      return usage
    }
  }
}

function jsonParser(usage: Usage): UsageParser {
  let chunks: Buffer[] = []
  let size = 0
  return {
    push(chunk) {
      size += chunk.length
      if (size > MAX_JSON_BYTES) chunks = []
      else chunks.push(chunk)
    },
    finish() {
      if (size <= MAX_JSON_BYTES && chunks.length > 0) {
        const message = parseJson(Buffer.concat(chunks).toString('utf8'))
        if (isObject(message)) applyEvent(usage, { ...message, type: 'message' })
      }
      chunks = []
      return usage
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
