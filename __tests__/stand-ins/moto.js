// @ts-check
// Real moto (`moto_server`) as an STS endpoint, when it is installed. It accepts
// any token and cannot inject faults, so aws-sts.js is the fallback and the
// fault-injection stand-in; moto is the independent cross-check.
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

/** @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken: string }} MotoIssued */

/**
 * Start `moto_server` on a free loopback port.
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, issued: () => Promise<MotoIssued[]>, close: () => Promise<void> } | null>}
 *   null when moto_server is not on PATH
 */
export async function startMoto({ timeoutMs = 30000 } = {}) {
  const bin = findOnPath('moto_server')
  if (!bin) return null
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // Own process group, so close() also ends any wrapper (pyenv shims) children.
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', detached: true })
  const exited = new Promise(resolve => child.once('exit', resolve))
  let dead = false
  child.once('exit', () => (dead = true))

  const close = async () => {
    if (dead) return
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM')
    } catch {
      child.kill('SIGTERM')
    }
    await exited
  }

  // It takes a few seconds to import boto; poll until it answers.
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !dead) {
    try {
      await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) })
      return { url, issued: () => assumedRoles(url), close }
    } catch {
      await new Promise(r => setTimeout(r, 200))
    }
  }
  await close()
  throw new Error(`moto_server did not answer on ${url} within ${timeoutMs} ms`)
}

/**
 * The credentials moto issued so far, from its state dump (sts.AssumedRole).
 * @param {string} url
 * @returns {Promise<MotoIssued[]>}
 */
async function assumedRoles(url) {
  const data = /** @type {any} */ (await (await fetch(`${url}/moto-api/data.json`)).json())
  /** @type {{ access_key_id: string, secret_access_key: string, session_token: string }[]} */
  const roles = data?.sts?.AssumedRole ?? []
  return roles.map(r => ({ accessKeyId: r.access_key_id, secretAccessKey: r.secret_access_key, sessionToken: r.session_token }))
}

/** @param {string} name */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const file = path.join(dir, name)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not here
    }
  }
  return null
}

/** Ask the OS for a free port, then release it for moto to take. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address())
      srv.close(() => resolve(port))
    })
  })
}
