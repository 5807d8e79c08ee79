// The Claude API. The CLI holds a placeholder ANTHROPIC_API_KEY; the real key replaces it, or a workload
// identity federation token goes as a bearer token instead (and no x-api-key at all).
import { endpointFor, isMessagesCall, joinUrl, modelInBody } from '../upstream.js'
import type { Endpoint, HeaderChanges, SecretGetter, Upstream } from '../upstream.js'

/** What the CLI holds instead of a key: it needs one set (else "Not logged in"), and this one goes nowhere. */
export const PLACEHOLDER_API_KEY = 'placeholder-the-model-gateway-holds-the-key'

/** The region name of upstreams without regions (the Claude API, a Foundry resource). */
export const NO_REGION = 'default'

export interface AnthropicOptions {
  /** An API key, sent as x-api-key. */
  apiKey?: SecretGetter
  /** Or an access token (federation), sent as `Authorization: Bearer`. */
  bearer?: SecretGetter
  /** https://api.anthropic.com by default. */
  endpoint?: Endpoint
  /** Betas added to the call's anthropic-beta (a federation token needs `oauth-2025-04-20`, which a CLI holding a placeholder key does not send). */
  betas?: string[]
}

export function anthropicUpstream(options: AnthropicOptions): Upstream {
  const { apiKey, bearer } = options
  if ((apiKey === undefined) === (bearer === undefined)) throw new Error('The Claude API upstream needs exactly one of apiKey or bearer.')
  const endpoint = options.endpoint ?? 'https://api.anthropic.com'
  return {
    name: 'anthropic',
    allow: isMessagesCall,
    model: modelInBody,
    canServe: () => true,
    target: (pathAndQuery, region) => joinUrl(endpointFor(endpoint, region), pathAndQuery),
    async authorize(request): Promise<HeaderChanges> {
      const credential: HeaderChanges = apiKey ? { 'x-api-key': await apiKey() } : { authorization: `Bearer ${await bearer!()}` }
      return { ...credential, ...withBetas(request.headers['anthropic-beta'], options.betas ?? []) }
    }
  }
}

/** The call's anthropic-beta with `betas` added where missing; no change when none are. */
function withBetas(current: string | undefined, betas: string[]): HeaderChanges {
  const listed = (current ?? '')
    .split(',')
    .map(beta => beta.trim())
    .filter(Boolean)
  const missing = betas.filter(beta => !listed.includes(beta))
  return missing.length > 0 ? { 'anthropic-beta': [...listed, ...missing].join(',') } : {}
}
