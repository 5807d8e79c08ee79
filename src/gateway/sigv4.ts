// AWS Signature Version 4 (the Authorization header form) with node:crypto, so the gateway signs without
// loading the AWS SDK. It follows what @smithy/signature-v4 does for every service but S3: the path as
// sent (each segment already percent-encoded once, so a Bedrock model id's ':' is '%3A' and an ARN's '/'
// is '%2F') is encoded once more in the canonical request, and the query is sorted and re-encoded.
import { createHash, createHmac } from 'node:crypto'
import type { AwsCredentials } from './upstream.js'

export interface SigV4Request {
  method: string
  url: URL
  /** Headers that will be sent (any case); `host` is taken from the URL. */
  headers: Record<string, string>
  body: Buffer | string
}

export interface SigV4Options {
  credentials: AwsCredentials
  region: string
  /** The signing name: `bedrock`, `aws-external-anthropic`, … */
  service: string
  /** The signing time; now when absent. */
  date?: Date
  /** More headers to sign when present (host, content-type and x-amz-* are always signed). */
  signHeaders?: readonly string[]
  /** Send and sign x-amz-content-sha256, as the AWS SDKs do; true by default. */
  contentSha256Header?: boolean
}

const ALGORITHM = 'AWS4-HMAC-SHA256'

/**
 * The headers to add to the request so AWS accepts it: x-amz-date, x-amz-security-token (with a session
 * token), x-amz-content-sha256 (unless told not to) and authorization.
 */
export function signSigV4(request: SigV4Request, options: SigV4Options): Record<string, string> {
  const amzDate = (options.date ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const payloadHash = sha256Hex(request.body)
  const added: Record<string, string> = { 'x-amz-date': amzDate }
  if (options.credentials.sessionToken) added['x-amz-security-token'] = options.credentials.sessionToken
  if (options.contentSha256Header !== false) added['x-amz-content-sha256'] = payloadHash

  const headers = new Map<string, string>()
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), value)
  for (const [name, value] of Object.entries(added)) headers.set(name, value)
  headers.set('host', request.url.host)

  const extra = new Set((options.signHeaders ?? []).map(name => name.toLowerCase()))
  const signed = [...headers.keys()].filter(name => name === 'host' || name === 'content-type' || name.startsWith('x-amz-') || extra.has(name)).sort()
  const canonicalHeaders = signed.map(name => `${name}:${normalizeHeaderValue(headers.get(name) ?? '')}\n`).join('')
  const canonical = [
    request.method.toUpperCase(),
    canonicalUri(request.url.pathname),
    canonicalQuery(request.url.search),
    canonicalHeaders,
    signed.join(';'),
    payloadHash
  ].join('\n')

  const scope = `${day}/${options.region}/${options.service}/aws4_request`
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
  const key = signingKey(options.credentials.secretAccessKey, day, options.region, options.service)
  const signature = hmac(key, stringToSign).toString('hex')
  const credential = `${options.credentials.accessKeyId}/${scope}`
  added.authorization = `${ALGORITHM} Credential=${credential}, SignedHeaders=${signed.join(';')}, Signature=${signature}`
  return added
}

/** The path as sent, with `.` and `..` resolved, empty segments dropped and each segment encoded once more. */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : ''
  return `/${segments.map(uriEncode).join('/')}${trailing}`
}

/** Query pairs decoded, encoded the RFC 3986 way, sorted by name then value. */
export function canonicalQuery(search: string): string {
  const raw = search.startsWith('?') ? search.slice(1) : search
  if (!raw) return ''
  return raw
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const at = pair.indexOf('=')
      const [name, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)]
      return [uriEncode(safeDecode(name)), uriEncode(safeDecode(value))] as const
    })
    .sort(([n1, v1], [n2, v2]) => (n1 === n2 ? compare(v1, v2) : compare(n1, n2)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

/** RFC 3986 encoding: unreserved characters stay, everything else is %XX (encodeURIComponent spares !'()*). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A malformed escape is signed as it stands rather than throwing; AWS then refuses the call itself. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function normalizeHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ')
}

/** Code-point order, as the specification sorts. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
