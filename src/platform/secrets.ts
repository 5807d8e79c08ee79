// Every credential passes through here the moment it exists: the runner masks it in the log,
// and the action redacts it from anything it writes itself (stream log, execution file).
import { platform } from './platform.js'

const secrets = new Map<string, Buffer>()
const MASK = '***'
const MASK_BYTES = Buffer.from(MASK)

export function addSecret(value: string | undefined): void {
  // Very short values would mask ordinary words everywhere; no real credential is that short.
  if (!value || value.length < 8 || secrets.has(value)) return
  platform().registerSecret(value)
  secrets.set(value, Buffer.from(value))
}

export function redact(text: string): string {
  let out = text
  for (const secret of secrets.keys()) {
    if (out.includes(secret)) out = out.split(secret).join(MASK)
  }
  return out
}

/** redact() for raw bytes: the same buffer when it holds no secret, so a clean stream is never copied. */
export function redactBytes(data: Buffer): Buffer {
  let out = data
  for (const secret of secrets.values()) {
    let at = out.indexOf(secret)
    if (at === -1) continue
    const parts: Buffer[] = []
    let from = 0
    for (; at !== -1; at = out.indexOf(secret, from)) {
      parts.push(out.subarray(from, at), MASK_BYTES)
      from = at + secret.length
    }
    parts.push(out.subarray(from))
    out = Buffer.concat(parts)
  }
  return out
}

/** Longest registered secret in bytes; a streaming writer holds back this many bytes less one. */
export function longestSecretBytes(): number {
  let longest = 0
  for (const secret of secrets.values()) longest = Math.max(longest, secret.length)
  return longest
}
