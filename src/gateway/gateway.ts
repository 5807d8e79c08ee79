// A loopback model gateway inside the action's own process, so the CLI holds no provider credential: it
// gets only the gateway's URL, its provider's skip-auth switch and a per-run secret header. The gateway
// checks the secret, forwards only inference calls, authorizes each one upstream, moves a throttled call
// to the next region at once, streams answers back as they come, and meters every call.
import { closeSync, openSync, readSync } from 'node:fs'
import type http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import type { RequestHandler, RoutingOptions } from './handler.js'
import { summarizeMeter } from './meter.js'
import type { MeterRecord, MeterSummary } from './meter.js'

export interface GatewayOptions extends RoutingOptions {
  /** The secret header's name; x-claude-gateway-secret by default. */
  headerName?: string
  /** Largest request body accepted (it is held for signing); 32 MiB by default. */
  maxBodyBytes?: number
  /** Diagnostics (retries, unreachable upstreams); never given a credential or the secret. */
  log?: (message: string) => void
}

export interface Gateway {
  /** http://127.0.0.1:PORT, the CLI's base URL for its provider. */
  baseUrl: string
  headerName: string
  secret: string
  /** `name: value`, the value of ANTHROPIC_CUSTOM_HEADERS for the CLI. */
  customHeaders: string
  /** One record per model call, appended as each answer ends. */
  meter: MeterRecord[]
  summary(): MeterSummary
  /** Makes `region` (one of the regions) the home region of later calls: a resumed session's attempt runs there first. */
  setHomeRegion(region: string): void
  close(): Promise<void>
}

const DEFAULT_HEADER = 'x-claude-gateway-secret'
const DEFAULT_MAX_BODY = 32 * 1024 * 1024

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { regions } = options
  if (regions.length === 0) throw new Error('The gateway needs at least one region.')
  const headerName = (options.headerName ?? DEFAULT_HEADER).toLowerCase()
  const secret = randomSecret()
  const meter: MeterRecord[] = []
  const log = options.log ?? (() => undefined)
  const context = { options, headerName, secret, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY, meter, log, home: 0 }

  // A net server listens from the start (net is loaded already: every child process's pipes need it), and
  // node:http and the request handler (handler.ts) load at the first connection, while the CLI is starting:
  // a step whose CLI makes no call (a stub, the benchmark) does not pay for them, and on this VM they cost
  // about as much as Node's own start.
  const sockets = new Set<net.Socket>()
  let handler: RequestHandler | undefined
  let httpServer: Promise<http.Server> | undefined
  const loadHttpServer = (): Promise<http.Server> =>
    (httpServer ??= Promise.all([import('node:http'), import('./handler.js')]).then(([{ default: httpModule }, { requestHandler }]) => {
      handler = requestHandler(context)
      return httpModule.createServer(handler.listener)
    }))
  const listener = net.createServer({ pauseOnConnect: true }, socket => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    loadHttpServer().then(
      server => {
        server.emit('connection', socket)
        socket.resume()
      },
      () => socket.destroy()
    )
  })
  await listenOnLoopback(listener)
  const { port } = listener.address() as AddressInfo
  let closed: Promise<void> | undefined

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    headerName,
    secret,
    customHeaders: `${headerName}: ${secret}`,
    meter,
    summary: () => summarizeMeter(meter),
    setHomeRegion(region) {
      const index = regions.indexOf(region)
      if (index !== -1) context.home = index
    },
    // Once: the run closes it after the CLI and again on its way out.
    close: () =>
      (closed ??= new Promise<void>(resolve => {
        listener.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        handler?.close()
      }))
  }
}

/**
 * Listens on 127.0.0.1 at a port the system picks. Where Node has net.BoundSocket, which binds a numeric
 * address as it is, the server adopts one: listen(0, '127.0.0.1') looks the address up first, loading
 * node:dns and compiling Node's IPv6 pattern, about 3 ms of every step's start on this VM (npm run bench).
 */
function listenOnLoopback(server: net.Server): Promise<void> {
  const { BoundSocket } = net as Partial<typeof net>
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    if (BoundSocket) server.listen(new BoundSocket({ host: '127.0.0.1', port: 0 }), () => resolve())
    else server.listen(0, '127.0.0.1', () => resolve())
  })
}

/**
 * 32 random bytes, base64url: the kernel's CSPRNG read directly where there is /dev/urandom, since loading
 * node:crypto or Web Crypto costs a step several ms on this VM (lazy-loading.test.ts, npm run bench).
 */
function randomSecret(): string {
  const bytes = Buffer.alloc(32)
  try {
    const fd = openSync('/dev/urandom', 'r')
    try {
      if (readSync(fd, bytes, 0, bytes.length, null) === bytes.length) return bytes.toString('base64url')
    } finally {
      closeSync(fd)
    }
  } catch {
    // No /dev/urandom (Windows): Web Crypto below.
  }
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
}
