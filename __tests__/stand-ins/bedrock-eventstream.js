// @ts-check
// Encoder for the AWS event-stream binary framing (application/vnd.amazon.eventstream)
// that Bedrock's InvokeModelWithResponseStream answers with. Each message is:
//   prelude: total length (u32 BE), headers length (u32 BE), CRC32 of those 8 bytes
//   headers: name length (u8), name, type (u8, 7 = string), value length (u16 BE), value
//   payload, then CRC32 of everything before it.
import zlib from 'node:zlib'

/** @type {(buf: Buffer) => number} */
const crc32 = typeof zlib.crc32 === 'function' ? buf => zlib.crc32(buf) : tableCrc32

/**
 * @param {Record<string, string>} headers string-valued headers
 * @param {Buffer} payload
 * @returns {Buffer}
 */
export function encodeEventStreamMessage(headers, payload) {
  const headerParts = Object.entries(headers).map(([name, value]) => {
    const n = Buffer.from(name, 'utf8')
    const v = Buffer.from(value, 'utf8')
    const part = Buffer.alloc(1 + n.length + 1 + 2 + v.length)
    part.writeUInt8(n.length, 0)
    n.copy(part, 1)
    part.writeUInt8(7, 1 + n.length)
    part.writeUInt16BE(v.length, 2 + n.length)
    v.copy(part, 4 + n.length)
    return part
  })
  const headerBytes = Buffer.concat(headerParts)
  const total = 12 + headerBytes.length + payload.length + 4
  const message = Buffer.alloc(total)
  message.writeUInt32BE(total, 0)
  message.writeUInt32BE(headerBytes.length, 4)
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8)
  headerBytes.copy(message, 12)
  payload.copy(message, 12 + headerBytes.length)
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4)
  return message
}

/**
 * One Bedrock `chunk` event wrapping an Anthropic streaming event.
 * @param {unknown} event
 */
export function bedrockChunk(event) {
  const bytes = Buffer.from(JSON.stringify(event)).toString('base64')
  return encodeEventStreamMessage(
    { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' },
    Buffer.from(JSON.stringify({ bytes }))
  )
}

/** @type {number[] | undefined} */
let table
/** Plain CRC-32 (IEEE) for Node versions without zlib.crc32. @param {Buffer} buf */
function tableCrc32(buf) {
  if (!table) {
    table = []
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      table.push(c >>> 0)
    }
  }
  let crc = 0xffffffff
  for (const byte of buf) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
