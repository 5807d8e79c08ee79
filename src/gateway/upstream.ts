// The contract one model provider implements for the loopback gateway: which calls it forwards, where a
// call goes in a given region, whether a region may serve it, and how it is authorized there. Credentials
// arrive as async getters, so renewing them stays with the caller; the gateway asks once per attempt.

/** AWS keys as STS issues them. */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export type AwsCredentialGetter = () => Promise<AwsCredentials>
/** A bearer token, API key or other single secret, fetched (or renewed) on demand. */
export type SecretGetter = () => Promise<string>

export type UpstreamName = 'bedrock' | 'vertex' | 'foundry' | 'anthropic' | 'anthropic-aws' | 'anthropic-google-cloud'

/** One request from the CLI, body already read. */
export interface InboundRequest {
  method: string
  /** The path as the CLI sent it, percent-encoding kept, without the query. */
  pathname: string
  /** The path and query as the CLI sent them. */
  pathAndQuery: string
  headers: Record<string, string>
  body: Buffer
  /** The body parsed as JSON when it is a JSON object, else null. */
  json: Record<string, unknown> | null
}

/** What goes upstream for one attempt: the gateway's forwarded headers, before authorization. */
export interface OutboundRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body: Buffer
}

/** Header name (lower case) → value to set, or null to remove. */
export type HeaderChanges = Record<string, string | null>

/** An answer the gateway gives itself, without the secret check and without any credential. */
export interface LocalAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

export interface Upstream {
  readonly name: UpstreamName
  /** An answer for a call the CLI makes without custom headers and that must never be forwarded. */
  localAnswer?(method: string, pathname: string): LocalAnswer | undefined
  /** Whether this method and path is an inference call this upstream forwards. */
  allow(method: string, pathname: string): boolean
  /** The model the call names, in its path or body; null when none is found. */
  model(request: InboundRequest): string | null
  /** Whether the call may go to this region (an ARN or a geography prefix binds a model). */
  canServe(model: string | null, region: string): boolean
  /**
   * A region the call itself names other than the home one (Vertex's VERTEX_REGION_CLAUDE_* move one model
   * to its own location): the call goes there only, as the CLI would have sent it.
   */
  pinnedRegion?(request: InboundRequest, home: string): string | undefined
  /** The upstream URL of the call in this region. */
  target(pathAndQuery: string, region: string): URL
  /** Headers that let the upstream accept the call in this region (signature, bearer, key). */
  authorize(request: OutboundRequest, region: string): Promise<HeaderChanges>
}

/** Where an upstream sends a region's calls: a base URL, or one per region (also how tests reach loopback). */
export type Endpoint = string | ((region: string) => string)

/** The base URL for a region, without a trailing slash. */
export function endpointFor(endpoint: Endpoint, region: string): string {
  const base = typeof endpoint === 'function' ? endpoint(region) : endpoint
  return base.replace(/\/+$/, '')
}

/** Joins a base URL (which may carry a path) and the CLI's path and query. */
export function joinUrl(base: string, pathAndQuery: string): URL {
  return new URL(`${base}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`)
}

/** The Messages API calls an Anthropic-shaped upstream forwards: a message, and counting its tokens. */
export function isMessagesCall(method: string, pathname: string): boolean {
  return method === 'POST' && (pathname === '/v1/messages' || pathname === '/v1/messages/count_tokens')
}

/** The `model` of an Anthropic-shaped body. */
export function modelInBody(request: InboundRequest): string | null {
  const model = request.json?.model
  return typeof model === 'string' ? model : null
}

/** Removes every way the CLI might carry a (placeholder) credential, so only the upstream's own one goes out. */
export const CREDENTIAL_HEADERS_REMOVED: HeaderChanges = {
  authorization: null,
  'x-api-key': null,
  'api-key': null,
  'x-goog-api-key': null,
  'x-amz-security-token': null,
  'x-amz-date': null,
  'x-amz-content-sha256': null
}
