// Every credential passes through here the moment it exists: the runner masks it in the log,
// and the action redacts it from anything it writes itself (stream log, execution file).
import * as core from '@actions/core'

const secrets = new Set<string>()

export function addSecret(value: string | undefined): void {
  // Very short values would mask ordinary words everywhere; no real credential is that short.
  if (!value || value.length < 8 || secrets.has(value)) return
  core.setSecret(value)
  secrets.add(value)
}

export function redact(text: string): string {
  let out = text
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('***')
  }
  return out
}

/** Longest registered secret; a streaming writer holds back this many characters less one. */
export function longestSecretLength(): number {
  let longest = 0
  for (const secret of secrets) longest = Math.max(longest, secret.length)
  return longest
}
