// @ts-check
// A certificate for https stand-ins on 127.0.0.1: self-signed, valid until 2126, committed with its key
// (it guards nothing). A client trusts it through NODE_EXTRA_CA_CERTS, as a runner trusts a corporate CA.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'loopback-tls')

/** The key and certificate, for `https.createServer`. */
export function loopbackTls() {
  return { key: readFileSync(path.join(DIR, 'key.pem'), 'utf8'), cert: readFileSync(path.join(DIR, 'cert.pem'), 'utf8') }
}

/**
 * Writes a CA bundle for NODE_EXTRA_CA_CERTS: the one given (the host's, which the npm registry may need)
 * plus the stand-in certificate. Returns its path.
 * @param {string} file @param {string | undefined} base
 */
export function writeCaBundle(file, base) {
  const host = base ? readFileSync(base, 'utf8') : ''
  writeFileSync(file, `${host}\n${loopbackTls().cert}`)
  return file
}
