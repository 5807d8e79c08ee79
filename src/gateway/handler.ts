// A model call through the gateway (gateway.ts): the secret checked, only inference calls forwarded,
// each attempt authorized upstream, a throttled call moved to the next region, the answer streamed back
// and metered. Loaded with node:http at the CLI's first connection, so a step whose CLI makes no call
// (a stub, the benchmark) neither parses nor evaluates it.
import type http from 'node:http'
import { pipeline } from 'node:stream'
import { THROTTLE_STATUSES } from './meter.js'
import type { MeterRecord } from './meter.js'
import { createTransport } from './transport.js'
import type { TransportOptions } from './transport.js'
import { CREDENTIAL_HEADERS_REMOVED } from './upstream.js'
import type { HeaderChanges, InboundRequest, Upstream } from './upstream.js'
import { usageParser } from './usage.js'

export interface RoutingOptions extends TransportOptions {
  upstream: Upstream
  /** Regions the calls may go to, the home region first (one name for upstreams without regions). */
  regions: string[]
  /** `failover` starts every call at the home region; `spread` rotates the starting region per call. */
  strategy?: 'failover' | 'spread'
  /** Models bound to regions of their own (Bedrock's small-fast-model-region): tried there only, in order. */
  modelRegions?: Record<string, string[]>
}

/** What the gateway shares with its handler: the settings, the run's secret and meter, and the home region. */
export interface HandlerContext {
  options: RoutingOptions
  /** The secret header's name, lower case. */
  headerName: string
  secret: string
  maxBodyBytes: number
  meter: MeterRecord[]
  log: (message: string) => void
  /** The home region's index in options.regions; setHomeRegion moves it. */
  home: number
}

export interface RequestHandler {
  /** node:http's request listener. */
  listener: (req: http.IncomingMessage, res: http.ServerResponse) => void
  /** Closes the upstream connections kept alive. */
  close(): void
}

/** Headers that describe one connection, not the call, and so are never passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
])
/** Also dropped from calls: the client's host and length (set anew), `expect`, and compression (metering reads the answer). */
const NOT_FORWARDED = new Set(['host', 'content-length', 'expect', 'accept-encoding'])

class BodyTooLarge extends Error {}
class CredentialFailure extends Error {}

export function requestHandler(context: HandlerContext): RequestHandler {
  const { options, headerName, maxBodyBytes, meter, log } = context
  const { upstream, regions } = options
  const transport = createTransport(options)
  let nextStart = 0

  /** The regions to try for a model, in order; those it may not go to are left out. */
  const regionOrder = (model: string | null): string[] => {
    const own = model === null ? undefined : options.modelRegions?.[model]
    if (own) return own.filter(region => upstream.canServe(model, region))
    const start = options.strategy === 'spread' ? nextStart++ % regions.length : context.home
    return [...regions.slice(start), ...regions.slice(0, start)].filter(region => upstream.canServe(model, region))
  }

  const secretMatches = (value: string | string[] | undefined): boolean => typeof value === 'string' && sameInConstantTime(value, context.secret)

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now()
    const startedAt = Date.now()
    const method = req.method ?? 'GET'
    const pathAndQuery = req.url ?? '/'
    const pathname = pathAndQuery.split('?', 1)[0]

    const local = upstream.localAnswer?.(method, pathname)
    if (local) {
      req.resume()
      res.writeHead(local.status, local.headers).end(local.body)
      return
    }
    if (!secretMatches(req.headers[headerName])) {
      return sendError(res, 401, 'authentication_error', `The model gateway needs its ${headerName} header with this run's value.`)
    }
    if (!upstream.allow(method, pathname)) {
      const shown = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname
      const message = `The model gateway forwards only model calls to ${upstream.name}; ${method} ${shown} is not one.`
      return sendError(res, 403, 'permission_error', message)
    }

    let body: Buffer
    try {
      body = await readBody(req, maxBodyBytes)
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close')
        sendError(res, 413, 'request_too_large', `The model gateway accepts request bodies up to ${maxBodyBytes} bytes.`)
      }
      return
    }

    const headers = forwardedHeaders(req.headers, headerName)
    const json = parseJsonObject(body)
    const inbound: InboundRequest = { method, pathname, pathAndQuery, headers, body, json }
    const model = upstream.model(inbound)
    const record: MeterRecord = {
      upstream: upstream.name,
      region: null,
      model,
      startedAt,
      path: pathname,
      status: 0,
      latencyMs: 0,
      headersMs: null,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
      sessionId: sessionIdOf(json)
    }
    const finish = (status: number) => {
      record.status = status
      record.latencyMs = Math.round(performance.now() - started)
      meter.push(record)
    }
    const fail = (status: number, type: string, message: string) => {
      sendError(res, status, type, message)
      finish(status)
    }

    const pinned = upstream.pinnedRegion?.(inbound, regions[context.home])
    const order = pinned ? [pinned] : regionOrder(model)
    if (order.length === 0) {
      return fail(400, 'invalid_request_error', `The model ${model} cannot be served from the gateway's regions (${regions.join(', ')}).`)
    }

    // The CLI going away ends the upstream call too, whether it is still waiting or already streaming.
    const abort = new AbortController()
    let upstreamBroke = false
    res.once('close', () => {
      if (res.writableFinished || upstreamBroke) return
      record.clientAborted = true
      abort.abort()
    })

    let answer: http.IncomingMessage | undefined
    for (const [index, region] of order.entries()) {
      const last = index === order.length - 1
      record.region = region
      let outcome: http.IncomingMessage
      try {
        outcome = await attempt(inbound, region, abort.signal)
      } catch (error) {
        if (abort.signal.aborted) return finish(499)
        if (error instanceof CredentialFailure) {
          log(`model gateway: ${error.message}`)
          return fail(502, 'api_error', `The model gateway could not get ${upstream.name} credentials; see the action's log.`)
        }
        const code = errorCode(error)
        if (!last) {
          log(`model gateway: ${upstream.name} in ${region} unreachable (${code}); trying ${order[index + 1]}`)
          leftRegion(record, region, 'connection-error')
          continue
        }
        return fail(502, 'api_error', `The model gateway could not reach ${upstream.name} in ${region} (${code}).`)
      }
      const status = outcome.statusCode ?? 502
      if (THROTTLE_STATUSES.has(status) && !last) {
        log(`model gateway: ${upstream.name} answered ${status} in ${region}; trying ${order[index + 1]}`)
        outcome.resume()
        leftRegion(record, region, status)
        continue
      }
      answer = outcome
      break
    }
    if (!answer) return

    record.headersMs = Math.round(performance.now() - started)
    const parser = usageParser(answer.headers['content-type'])
    res.writeHead(answer.statusCode ?? 502, answerHeaders(answer))
    answer.on('data', (chunk: Buffer) => parser.push(chunk))
    answer.once('error', () => {
      upstreamBroke = !record.clientAborted
    })
    // pipe() under pipeline: a slow CLI slows the upstream read, so a large answer never piles up here.
    // An upstream breaking mid-answer breaks the CLI's connection too, which it treats as a broken stream.
    pipeline(answer, res, () => {
      Object.assign(record, parser.finish())
      if (upstreamBroke) record.upstreamBroke = true
      finish(answer.statusCode ?? 502)
    })
  }

  /** One try in one region: the call re-targeted, stripped of any credential the CLI sent, and authorized anew. */
  async function attempt(inbound: InboundRequest, region: string, signal: AbortSignal): Promise<http.IncomingMessage> {
    const url = upstream.target(inbound.pathAndQuery, region)
    const headers = applyChanges({ ...inbound.headers }, CREDENTIAL_HEADERS_REMOVED)
    let changes: HeaderChanges
    try {
      changes = await upstream.authorize({ method: inbound.method, url, headers, body: inbound.body }, region)
    } catch (error) {
      throw new CredentialFailure(`getting ${upstream.name} credentials for ${region} failed: ${errorCode(error)}`)
    }
    return transport.send(url, { method: inbound.method, headers: applyChanges(headers, changes), body: inbound.body, signal })
  }

  return {
    listener: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log(`model gateway: internal error (${errorCode(error)})`)
        if (!res.headersSent) sendError(res, 500, 'api_error', 'The model gateway failed on this call.')
        else res.destroy()
      })
    },
    close: () => transport.close()
  }
}

function leftRegion(record: MeterRecord, region: string, reason: number | 'connection-error'): void {
  ;(record.retriedFrom ??= []).push(region)
  ;(record.retryReasons ??= []).push(reason)
}

/** The body, held whole (a signature covers it), up to a bound. */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) return reject(new BodyTooLarge())
    const chunks: Buffer[] = []
    let size = 0
    const done = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose)
      if (error) return reject(error)
      resolve(Buffer.concat(chunks, size))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      // Paused, not destroyed: the socket must stay open to carry the 413.
      if (size > maxBytes) {
        req.pause()
        return done(new BodyTooLarge())
      }
      chunks.push(chunk)
    }
    const onEnd = () => done()
    const onClose = () => done(new Error('the client closed the request'))
    req.on('data', onData).on('end', onEnd).on('error', done).on('close', onClose)
  })
}

function forwardedHeaders(incoming: http.IncomingHttpHeaders, secretHeader: string): Record<string, string> {
  const listed = new Set(
    String(incoming.connection ?? '')
      .toLowerCase()
      .split(',')
      .map(name => name.trim())
  )
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || name === secretHeader || HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name) || listed.has(name)) continue
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  headers['accept-encoding'] = 'identity'
  return headers
}

function answerHeaders(answer: http.IncomingMessage): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
  }
  return headers
}

function applyChanges(headers: Record<string, string>, changes: HeaderChanges): Record<string, string> {
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete headers[name.toLowerCase()]
    else headers[name.toLowerCase()] = value
  }
  return headers
}

function parseJsonObject(body: Buffer): Record<string, unknown> | null {
  if (body.length === 0 || body[0] !== 0x7b) return null
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** `metadata.user_id` is a JSON object with `session_id` in current CLIs, `…_session_<id>` in older ones. */
function sessionIdOf(json: Record<string, unknown> | null): string | null {
  const metadata = json?.metadata
  const userId = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).user_id : undefined
  if (typeof userId !== 'string') return null
  try {
    const parsed: unknown = JSON.parse(userId)
    const sessionId = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).session_id : undefined
    if (typeof sessionId === 'string') return sessionId
  } catch {
    // not JSON: the older form
  }
  return /_session_([\w-]+)$/.exec(userId)?.[1] ?? null
}

/** An error's code or name, never its message: a message may quote what a credential getter saw. */
function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, name } = error as { code?: unknown; name?: unknown }
    if (typeof code === 'string') return code
    if (typeof name === 'string') return name
  }
  return 'unknown error'
}

/** The Anthropic error shape, with `message` at the top too for Bedrock-shaped readers. */
function sendError(res: http.ServerResponse, status: number, type: string, message: string): void {
  const text = JSON.stringify({ type: 'error', error: { type, message }, message })
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text)
}

/** Compares every character whatever the mismatches, so the time tells nothing of the secret but its length. */
function sameInConstantTime(value: string, secret: string): boolean {
  let difference = value.length ^ secret.length
  for (let i = 0; i < secret.length; i++) difference |= value.charCodeAt(i % Math.max(1, value.length)) ^ secret.charCodeAt(i)
  return difference === 0
}
