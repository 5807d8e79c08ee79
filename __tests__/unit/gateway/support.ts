// Shared by the gateway tests: loopback upstreams that record what reached them, calls to the gateway,
// and @smithy/signature-v4 (the AWS SDKs' signer) as the reference for SigV4.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from '@jest/globals'
import { SignatureV4 } from '@smithy/signature-v4'
import type { SourceData } from '@smithy/types'
import type { Gateway } from '../../../src/gateway/gateway.js'
import type { AwsCredentials } from '../../../src/gateway/upstream.js'

const closers: (() => Promise<void> | void)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})

/** Closes the thing after the test. */
export async function started<T extends { close: () => Promise<void> | void }>(thing: T | Promise<T>): Promise<T> {
  const value = await thing
  closers.push(() => value.close())
  return value
}

export const AWS_KEYS: AwsCredentials = {
  accessKeyId: 'ASIAGATEWAYTEST00001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYGATEWAY01',
  sessionToken: 'IQoJb3JpZ2luX2VjGATEWAY//token+='
}
/** For the model stand-in: the secret behind the test key, so it verifies every signature. */
export const awsSecretFor = (id: string) => (id === AWS_KEYS.accessKeyId ? AWS_KEYS : undefined)

export interface Received {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}
export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string
}

/** A loopback upstream that records each call and answers as `reply` says (200 JSON message by default). */
export async function startUpstream(reply: (received: Received) => Reply | undefined = () => undefined) {
  const requests: Received[] = []
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) }
    requests.push(received)
    const answer = reply(received) ?? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(MESSAGE) }
    res.writeHead(answer.status, answer.headers ?? { 'content-type': 'application/json' }).end(answer.body ?? '{}')
  })
  const url = await listen(server)
  return { url, requests, server, close: () => closeServer(server) }
}

/** A non-streaming message, as every Anthropic-shaped API answers one. */
export const MESSAGE = {
  id: 'msg_test',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content: [{ type: 'text', text: 'hi' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 21, output_tokens: 4, cache_read_input_tokens: 7, cache_creation_input_tokens: 3 }
}

export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** A loopback URL nothing listens on: a connection there is refused. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer()
  const url = await listen(server)
  await closeServer(server)
  return url
}

/** Calls the gateway with its secret header (unless told otherwise). */
export async function call(
  gateway: Gateway,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; secret?: string | null } = {}
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers }
  const secret = init.secret === undefined ? gateway.secret : init.secret
  if (secret !== null) headers[gateway.headerName] = secret
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
  const res = await fetch(`${gateway.baseUrl}${path}`, { method: init.method ?? 'POST', headers, body })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

/** A Messages API body as the CLI sends it, session id in metadata.user_id. */
export function messagesBody(extra: Record<string, unknown> = {}) {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    stream: false,
    messages: [{ role: 'user', content: 'hi' }],
    metadata: { user_id: JSON.stringify({ device_id: 'd1', session_id: 'sess-1234' }) },
    ...extra
  }
}

/** @smithy/signature-v4 wants a hash class; node:crypto's SHA-256 and HMAC are the same functions. */
class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256')
  }
  update(data: SourceData) {
    this.hash.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}
function bytes(data: SourceData) {
  return typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)
}

/**
 * The Authorization header @smithy/signature-v4 computes for a request as it went on the wire: `path` as
 * sent (encoded once), the query decoded into an object, and exactly `headers` signed.
 */
export async function smithyAuthorization(
  request: {
    method: string
    url: URL
    headers: Record<string, string>
    body: Buffer | string
  },
  options: { credentials: AwsCredentials; region: string; service: string; date: Date; applyChecksum?: boolean }
): Promise<string> {
  const { credentials, region, service, applyChecksum } = options
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum })
  const query: Record<string, string> = {}
  for (const pair of request.url.search.slice(1).split('&').filter(Boolean)) {
    const at = pair.indexOf('=')
    query[decodeURIComponent(at === -1 ? pair : pair.slice(0, at))] = at === -1 ? '' : decodeURIComponent(pair.slice(at + 1))
  }
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port ? Number(request.url.port) : undefined,
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      body: request.body
    },
    { signingDate: options.date }
  )
  return signed.headers.authorization
}

/** The date in an x-amz-date header (YYYYMMDDTHHMMSSZ). */
export function amzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) throw new Error(`not an x-amz-date: ${value}`)
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
}
