// @ts-check
// A loopback npm registry: packuments and gzipped tarballs built in memory from a few files, an
// optional bearer token it insists on, and a record of every request (for ordering tests).
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { gzipSync } from 'node:zlib'
import { closeServer, listen } from './http-util.js'

/**
 * @typedef {Record<string, { content: string, mode?: number }>} PackageFiles files under `package/`, package.json added
 * @typedef {{ method: string, url: string, authorization: string | null, userAgent: string, at: number }} RegistryRequest
 */

/**
 * @param {{ packages: Record<string, Record<string, PackageFiles>>, token?: string, hang?: boolean, tamper?: boolean, holdTarballs?: { count: number, maxMs: number }, stallTarballs?: boolean }} options
 *   packages: name → version → files. token: every request needs `Authorization: Bearer <token>`.
 *   hang: records requests and never answers (a stalled mirror).
 *   tamper: serves a valid tarball other than the one whose integrity the packument publishes (a tampering mirror).
 *   holdTarballs: tarball answers wait until `count` tarball requests have arrived, or `maxMs` after the first
 *   (so concurrent installs finish their downloads together).
 *   stallTarballs: a tarball answer sends its headers and half its bytes, then nothing (until `stallTarballs(false)`).
 */
export async function startNpmRegistry({ packages, token, hang = false, tamper = false, holdTarballs = undefined, stallTarballs = false }) {
  /** @type {RegistryRequest[]} */
  const requests = []
  /** @type {Map<string, Buffer>} */
  const tarballs = new Map()
  /** @type {(() => void)[]} */
  const onRequest = []
  let url = ''
  let stalling = stallTarballs
  /** @type {import('node:http').ServerResponse[]} */
  const stalled = []
  /** @type {(() => void)[]} */
  const heldTarballs = []
  let tarballRequests = 0
  let holding = holdTarballs !== undefined
  const releaseHeld = () => {
    holding = false
    heldTarballs.splice(0).forEach(send => send())
  }

  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization ?? null,
      userAgent: req.headers['user-agent'] ?? '',
      at: requests.length
    })
    for (const listener of onRequest.splice(0)) listener()
    if (hang) return
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' })
      return void res.end(JSON.stringify({ error: 'authentication required' }))
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const tarball = tarballs.get(pathname)
    if (tarball) {
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tarball.length })
        if (!stalling) return void res.end(tarball)
        res.write(tarball.subarray(0, tarball.length >> 1))
        stalled.push(res)
      }
      if (!holding || !holdTarballs) return send()
      heldTarballs.push(send)
      if (++tarballRequests === 1) setTimeout(releaseHeld, holdTarballs.maxMs).unref()
      if (tarballRequests >= holdTarballs.count) releaseHeld()
      return
    }
    const name = pathname.slice(1)
    const versions = packages[name]
    if (!versions) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify({ error: 'Not found' }))
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(packument(name, versions)))
  })
  url = await listen(server)

  /** @param {string} name @param {Record<string, PackageFiles>} versions */
  function packument(name, versions) {
    /** @type {Record<string, object>} */
    const manifests = {}
    for (const [version, files] of Object.entries(versions)) {
      const manifest = { name, version }
      const tgz = tarGz({ 'package.json': { content: JSON.stringify(manifest) }, ...files })
      const at = `/-/tarballs/${name}-${version}.tgz`
      const planted = { content: '#!/bin/sh\necho "tampered"\n', mode: 0o755 }
      tarballs.set(at, tamper ? tarGz({ 'package.json': { content: JSON.stringify(manifest) }, ...files, claude: planted }) : tgz)
      manifests[version] = {
        ...manifest,
        dist: {
          tarball: `${url}${at}`,
          shasum: createHash('sha1').update(tgz).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`
        }
      }
    }
    const latest = Object.keys(versions).pop() ?? ''
    return { name, 'dist-tags': { latest }, versions: manifests }
  }

  return {
    url,
    requests,
    /** Resolves at the next request the registry receives. */
    nextRequest: () => new Promise(resolve => onRequest.push(() => resolve(undefined))),
    /** Starts or stops stalling tarballs; stopping ends the stalled answers' connections. @param {boolean} on */
    stallTarballs(on) {
      stalling = on
      if (!on) stalled.splice(0).forEach(res => res.destroy())
    },
    close: () => {
      releaseHeld()
      stalled.splice(0).forEach(res => res.destroy())
      return closeServer(server)
    }
  }
}

/** A ustar archive of `package/<name>` entries, gzipped, as npm packs them. @param {PackageFiles} files */
function tarGz(files) {
  const blocks = []
  for (const [name, { content, mode = 0o644 }] of Object.entries(files)) {
    const data = Buffer.from(content)
    const header = Buffer.alloc(512)
    header.write(`package/${name}`, 0, 100)
    header.write(`${mode.toString(8).padStart(7, '0')}\0`, 100)
    header.write('0000000\0', 108)
    header.write('0000000\0', 116)
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
    header.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136
    )
    header.write('        ', 148)
    header.write('0', 156)
    header.write('ustar\0', 257)
    header.write('00', 263)
    let sum = 0
    for (const byte of header) sum += byte
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(blocks))
}
