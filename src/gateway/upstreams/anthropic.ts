// The Claude API. The CLI holds a placeholder ANTHROPIC_API_KEY; the real key replaces it, or a workload
// identity federation token goes as a bearer token instead (and no x-api-key at all).
import { endpointFor, isMessagesCall, joinUrl, modelInBody } from '../upstream.js'
import type { Endpoint, HeaderChanges, SecretGetter, Upstream } from '../upstream.js'

export interface AnthropicOptions {
  /** An API key, sent as x-api-key. */
  apiKey?: SecretGetter
  /** Or an access token (federation), sent as `Authorization: Bearer`. */
  bearer?: SecretGetter
  /** https://api.anthropic.com by default. */
  endpoint?: Endpoint
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
    async authorize(): Promise<HeaderChanges> {
      return apiKey ? { 'x-api-key': await apiKey() } : { authorization: `Bearer ${await bearer!()}` }
    }
  }
}
