// The platform package's tarball, fetched and unpacked by the action itself: about 2.5 s for the
// 185 MB tarball where `npm install` takes 5 to 6 s, most of it npm streaming the bytes through its
// cache in small chunks. npm still decides what is fetched: `npm view` resolves the tarball and its
// integrity with the user's registry, token and CA, and `npm config get` gives the settings the
// download has to honour. Whatever it could not do as npm would (a proxy, strict-ssl=false, an
// inline CA, a tarball on another host, a registry that wants credentials for it) is left to npm.
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { isLocalWriteError } from './install-errors.js'

/** Runs npm in the install's private directory (install.ts). */
export type Npm = (args: string[]) => Promise<{ stdout: string }>

export type DownloadPlan = { kind: 'direct'; url: string; integrity: string; ca?: string } | { kind: 'npm'; why: string } | { kind: 'not-published' }

/** Proxies npm would take from the environment; the direct download uses none, so npm goes instead. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'npm_config_proxy', 'npm_config_https_proxy']

/** npm's answer when a package or version does not exist on the registry. */
export function isNotPublished(error: unknown): boolean {
  return /\b(E404|ETARGET)\b|No matching version|404 Not Found/.test((error as Error).message)
}

/** Why the direct download stepped aside; install.ts then runs npm install. */
export class DirectDownloadDeclined extends Error {}

/**
 * Asks npm, in two processes at once, where the tarball is and how it must be fetched. An npm that
 * fails here is left to fail again, with its own message, in npm install.
 */
export async function planDirectDownload(
  pkg: string,
  version: string,
  npm: Npm,
  env: NodeJS.ProcessEnv,
  onRegistry: (registry: string) => void = () => undefined
): Promise<DownloadPlan> {
  const proxy = PROXY_VARIABLES.find(name => env[name])
  if (proxy) return { kind: 'npm', why: `${proxy} is set` }
  const scope = pkg.slice(0, pkg.indexOf('/'))
  const configCall = npm(['config', 'get', 'registry', `${scope}:registry`, 'proxy', 'https-proxy', 'strict-ssl', 'cafile', 'ca'])
  // Known as soon as npm says, so a message about a registry that never answers can name it.
  configCall.then(
    ({ stdout }) => {
      const settings = parseConfig(stdout)
      const registry = settings[`${scope}:registry`] ?? settings.registry
      if (registry) onRegistry(registry)
    },
    () => undefined
  )
  const [view, config] = await Promise.allSettled([npm(['view', `${pkg}@${version}`, 'dist.tarball', 'dist.integrity', '--json']), configCall])
  if (view.status === 'rejected') return isNotPublished(view.reason) ? { kind: 'not-published' } : { kind: 'npm', why: 'npm view failed' }
  // npm view prints nothing for a version the package does not have.
  if (!view.value.stdout.trim()) return { kind: 'not-published' }
  if (config.status === 'rejected') return { kind: 'npm', why: 'npm config get failed' }
  let dist: { 'dist.tarball'?: unknown; 'dist.integrity'?: unknown }
  try {
    dist = JSON.parse(view.value.stdout) as typeof dist
  } catch {
    return { kind: 'npm', why: 'npm view printed no JSON' }
  }
  const settings = parseConfig(config.value.stdout)
  const registry = settings[`${scope}:registry`] ?? settings.registry
  const url = typeof dist['dist.tarball'] === 'string' ? dist['dist.tarball'] : ''
  const integrity = typeof dist['dist.integrity'] === 'string' ? dist['dist.integrity'] : ''
  if (settings.proxy || settings['https-proxy']) return { kind: 'npm', why: 'npm has a proxy' }
  if (settings['strict-ssl'] === 'false') return { kind: 'npm', why: 'strict-ssl is false' }
  if (settings.ca) return { kind: 'npm', why: 'npm has an inline ca' }
  if (!/^sha512-[A-Za-z0-9+/]+={0,2}$/.test(integrity)) return { kind: 'npm', why: 'the package has no sha512 integrity' }
  if (!registry || !sameOrigin(url, registry)) return { kind: 'npm', why: 'the tarball is not on the registry npm uses' }
  if (!settings.cafile) return { kind: 'direct', url, integrity }
  try {
    return { kind: 'direct', url, integrity, ca: readFileSync(settings.cafile, 'utf8') }
  } catch {
    return { kind: 'npm', why: "npm's cafile cannot be read" }
  }
}

/** `npm config get a b` prints `a=value` lines; null and undefined mean unset. */
function parseConfig(stdout: string): Record<string, string | undefined> {
  const settings: Record<string, string | undefined> = {}
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=')
    if (at <= 0) continue
    const value = line.slice(at + 1).trim()
    settings[line.slice(0, at).trim()] = value === 'null' || value === 'undefined' || value === '' ? undefined : value
  }
  return settings
}

function sameOrigin(url: string, registry: string): boolean {
  try {
    const a = new URL(url)
    return (a.protocol === 'https:' || a.protocol === 'http:') && a.origin === new URL(registry).origin
  } catch {
    return false
  }
}

export interface DownloadOptions {
  /** The files of `package/` to keep, by name, and the mode each is written with. */
  keep: Record<string, number>
  /** Where they go: the package's directory under node_modules, as npm would lay it out. */
  into: string
  /** Each socket wait is cut off here (a stalled mirror). */
  idleTimeoutMs: number
  signal?: AbortSignal
}

/**
 * Streams the tarball through its integrity check, gunzip and a tar reader that writes only the
 * kept files. A tarball whose sha512 is not the registry's is an error, not a reason to try npm.
 */
export async function downloadPackage(plan: Extract<DownloadPlan, { kind: 'direct' }>, options: DownloadOptions): Promise<void> {
  // zlib and crypto are loaded here: a step with claude-path or a cache hit never needs them.
  const [{ createGunzip }, { createHash }] = await Promise.all([import('node:zlib'), import('node:crypto')])
  const response = await get(plan.url, plan.ca, options)
  const hash = createHash('sha512')
  const found = new Set<string>()
  mkdirSync(options.into, { recursive: true })
  response.on('data', (chunk: Buffer) => hash.update(chunk))
  try {
    await pipeline(response, createGunzip({ chunkSize: 1 << 20 }), new TarReader(options, found), options.signal ? { signal: options.signal } : {})
  } catch (error) {
    // Aborted, or this side cannot write (a full disk, a read-only tool cache): npm could do no better.
    if (options.signal?.aborted || isLocalWriteError(error)) throw error
    throw new DirectDownloadDeclined(`the download broke off (${(error as Error).message})`)
  }
  const actual = `sha512-${hash.digest('base64')}`
  if (actual !== plan.integrity) {
    throw new Error(
      `The Claude Code tarball from ${new URL(plan.url).origin} does not match the registry's integrity (${plan.integrity.slice(0, 20)}…, got ${actual.slice(0, 20)}…); nothing of it is used`
    )
  }
  const missing = Object.keys(options.keep).filter(name => !found.has(name))
  if (missing.length) throw new DirectDownloadDeclined(`the tarball has no package/${missing[0]}`)
}

async function get(url: string, ca: string | undefined, options: DownloadOptions): Promise<IncomingMessage> {
  const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http')
  return new Promise((resolve, reject) => {
    // agent: false, so no kept-alive socket holds the step open after the download.
    const req = request(
      url,
      {
        agent: false,
        headers: { accept: '*/*', 'user-agent': 'claude-cloud-action' },
        ...(ca ? { ca } : {}),
        ...(options.signal ? { signal: options.signal } : {})
      },
      response => {
        if (response.statusCode === 200) return resolve(response)
        response.resume()
        // 401 and 403: the registry wants npm's credentials for it; anything else npm may handle or retry.
        reject(new DirectDownloadDeclined(`the registry answered HTTP ${response.statusCode}`))
      }
    )
    req.setTimeout(options.idleTimeoutMs, () => req.destroy(new Error(`no data for ${options.idleTimeoutMs / 1000} s`)))
    req.on('error', error => reject(options.signal?.aborted ? error : new DirectDownloadDeclined(`the registry could not be reached (${error.message})`)))
    req.end()
  })
}

/**
 * Reads a tar stream (ustar, with pax and GNU long names) and writes the kept regular files of
 * `package/`. Names are matched exactly, so nothing in the archive can choose where a file goes.
 */
class TarReader extends Writable {
  private pending = Buffer.alloc(0)
  /** Bytes left of the current entry's data, then of its padding to 512. */
  private dataLeft = 0
  private padLeft = 0
  private fd: number | undefined
  /** The entry's data is a pax or GNU long-name record for the next header. */
  private collecting: { kind: 'pax' | 'longname'; chunks: Buffer[] } | undefined
  private nextName: string | undefined

  constructor(
    private readonly options: DownloadOptions,
    private readonly found: Set<string>
  ) {
    super()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      this.consume(this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk)
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  override _final(done: (error?: Error | null) => void): void {
    this.closeFile()
    done(this.dataLeft > 0 ? new Error('the tarball ends inside a file') : null)
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.closeFile()
    done(error)
  }

  private consume(buffer: Buffer): void {
    let at = 0
    while (at < buffer.length) {
      if (this.dataLeft > 0) {
        const n = Math.min(this.dataLeft, buffer.length - at)
        const data = buffer.subarray(at, at + n)
        if (this.fd !== undefined) writeSync(this.fd, data)
        else if (this.collecting) this.collecting.chunks.push(Buffer.from(data))
        at += n
        this.dataLeft -= n
        if (this.dataLeft === 0) this.endEntry()
        continue
      }
      if (this.padLeft > 0) {
        const n = Math.min(this.padLeft, buffer.length - at)
        at += n
        this.padLeft -= n
        continue
      }
      if (buffer.length - at < 512) break
      this.startEntry(buffer.subarray(at, at + 512))
      at += 512
    }
    this.pending = Buffer.from(buffer.subarray(at))
  }

  private startEntry(header: Buffer): void {
    if (header.every(byte => byte === 0)) return
    const size = octal(header.subarray(124, 136))
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = text(header.subarray(345, 500))
    const name = this.nextName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)))
    this.nextName = undefined
    this.dataLeft = size
    this.padLeft = (512 - (size % 512)) % 512
    if (type === 'x' || type === 'L') {
      this.collecting = { kind: type === 'x' ? 'pax' : 'longname', chunks: [] }
    } else if ((type === '0' || type === '\0') && name.startsWith('package/')) {
      const kept = name.slice('package/'.length)
      const mode = Object.hasOwn(this.options.keep, kept) ? this.options.keep[kept] : undefined
      if (mode !== undefined && !this.found.has(kept)) {
        this.fd = openSync(path.join(this.options.into, kept), 'w', mode)
        this.found.add(kept)
      }
    }
    if (size === 0) this.endEntry()
  }

  private endEntry(): void {
    this.closeFile()
    const record = this.collecting
    this.collecting = undefined
    if (!record) return
    const body = Buffer.concat(record.chunks).toString('utf8')
    if (record.kind === 'longname') this.nextName = body.replace(/\0+$/, '')
    // pax records are "<length> key=value\n"; only the path matters here.
    else this.nextName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body)?.[1] ?? this.nextName
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

function text(field: Buffer): string {
  const end = field.indexOf(0)
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8')
}

function octal(field: Buffer): number {
  const value = Number.parseInt(text(field).trim() || '0', 8)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error('the tarball has a header with a bad size')
  return value
}
