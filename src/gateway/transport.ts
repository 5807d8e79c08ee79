// How the gateway reaches an upstream: node:http(s) with keep-alive agents, and the job's proxy
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) done here rather than through Node's `proxyEnv`, which only
// Node >= 24.5 has and the command may run on older Node. TLS trusts Node's roots plus
// NODE_EXTRA_CA_CERTS unless `ca` replaces them. The answer is handed back unread, to be piped.
import type http from 'node:http'
import type https from 'node:https'
import type { Duplex } from 'node:stream'
import { isIP } from 'node:net'
import type tls from 'node:tls'

interface SecureModules {
  https: typeof https
  tls: typeof tls
}
let httpModule: Promise<typeof http> | undefined
let secureModules: Promise<SecureModules> | undefined

/** http loads at the first call (https and tls at the first https one): a step that makes none (a stub CLI, the benchmark) does not pay for them. */
function loadHttp(): Promise<typeof http> {
  httpModule ??= import('node:http').then(h => h.default)
  return httpModule
}

function loadSecure(): Promise<SecureModules> {
  secureModules ??= Promise.all([import('node:https'), import('node:tls')]).then(([h, t]) => ({ https: h.default, tls: t.default }))
  return secureModules
}

export interface TransportOptions {
  /** Where proxy settings are read; process.env by default. */
  proxyEnv?: NodeJS.ProcessEnv
  /** Certificates that replace Node's roots for upstream TLS (a private CA; tests). */
  ca?: string | Buffer | (string | Buffer)[]
}

export interface SendInit {
  method: string
  headers: Record<string, string>
  body: Buffer
  /** Aborting destroys the request, and the answer if it already came. */
  signal: AbortSignal
}

export interface Transport {
  send(url: URL, init: SendInit): Promise<http.IncomingMessage>
  close(): void
}

export function createTransport(options: TransportOptions = {}): Transport {
  const env = options.proxyEnv ?? process.env
  const tlsOptions = options.ca === undefined ? {} : { ca: options.ca }
  let httpAgent: http.Agent | undefined
  let httpsAgent: https.Agent | undefined
  return {
    async send(url, init) {
      const secure = url.protocol === 'https:'
      if (!secure && url.protocol !== 'http:') throw new Error(`Unsupported upstream protocol ${url.protocol}`)
      const proxy = proxyFor(url, env)
      const headers = { ...init.headers, 'content-length': String(init.body.length) }
      const http = await loadHttp()
      const modules = secure || proxy?.protocol === 'https:' ? await loadSecure() : undefined
      if (!proxy) {
        if (!modules) {
          httpAgent ??= new http.Agent({ keepAlive: true })
          return exchange(http, url, { method: init.method, headers, agent: httpAgent, signal: init.signal }, init.body)
        }
        httpsAgent ??= new modules.https.Agent({ keepAlive: true, ...tlsOptions })
        return exchange(modules.https, url, { method: init.method, headers, agent: httpsAgent, signal: init.signal }, init.body)
      }
      if (!secure) {
        // A plain-http upstream through the proxy: the absolute URL as the request target.
        const target = { protocol: proxy.protocol, hostname: proxy.hostname, port: proxy.port, path: url.href }
        return exchange(
          http,
          target,
          { method: init.method, headers: { ...headers, host: url.host, ...proxyAuthorization(proxy) }, signal: init.signal },
          init.body
        )
      }
      const { https: client, tls: secureLayer } = modules!
      const socket = await tunnel(proxy, url, init.signal, client, http)
      // No agent: the request then takes this socket (an agent would open its own connection).
      // host names the identity to check; SNI only for a name, never an IP address (RFC 6066).
      const secured = secureLayer.connect({ socket, host: url.hostname, ...(isIP(url.hostname) ? {} : { servername: url.hostname }), ...tlsOptions })
      return exchange(client, url, { method: init.method, headers, createConnection: () => secured, signal: init.signal }, init.body)
    },
    close() {
      httpAgent?.destroy()
      httpsAgent?.destroy()
    }
  }
}

type Target = URL | { protocol: string; hostname: string; port: string; path: string }

function exchange(client: typeof http | typeof https, target: Target, options: https.RequestOptions, body: Buffer): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = target instanceof URL ? client.request(target, options) : client.request({ ...target, ...options })
    request.once('response', resolve)
    // Kept for the request's life: an abort after the answer came still emits 'error' here.
    request.on('error', reject)
    request.end(body)
  })
}

/** A CONNECT tunnel to `url`'s host through the proxy (`client` for an https proxy, else `http`). */
function tunnel(proxy: URL, url: URL, signal: AbortSignal, client: typeof https, http: typeof import('node:http')): Promise<Duplex> {
  const port = url.port || '443'
  return new Promise((resolve, reject) => {
    const request = (proxy.protocol === 'https:' ? client : http).request({
      hostname: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: `${url.hostname}:${port}`,
      headers: { host: `${url.hostname}:${port}`, ...proxyAuthorization(proxy) },
      signal
    })
    request.once('connect', (answer, socket) => {
      if (answer.statusCode === 200) return resolve(socket)
      socket.destroy()
      reject(new Error(`The proxy refused the tunnel (HTTP ${answer.statusCode})`))
    })
    request.on('error', reject)
    request.end()
  })
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {}
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` }
}

/** The proxy for this URL from the usual variables (lower case first, as curl reads them), or undefined. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const names = url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const value = names.map(name => env[name]).find(Boolean)
  if (!value || bypassesProxy(url, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined
  try {
    return new URL(value.includes('://') ? value : `http://${value}`)
  } catch {
    return undefined
  }
}

/** NO_PROXY: `*`, hosts and domain suffixes (`.example.com` or `example.com`), each with an optional port. */
function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '')
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some(entry => {
      if (entry === '*') return true
      const [name, entryPort] = entry
        .toLowerCase()
        .replace(/^\*/, '')
        .split(/:(?=\d+$)/)
      if (entryPort && entryPort !== port) return false
      const bare = name.replace(/^\./, '')
      return host === bare || host.endsWith(`.${bare}`)
    })
}
