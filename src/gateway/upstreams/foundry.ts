// Claude in Microsoft Foundry: the Messages API under the resource's /anthropic base. The CLI sends a
// placeholder `Authorization: Bearer skip-foundry-auth`; it goes, and an Entra token or the key comes in.
import { endpointFor, isMessagesCall, joinUrl, modelInBody } from '../upstream.js'
import type { Endpoint, HeaderChanges, SecretGetter, Upstream } from '../upstream.js'

export interface FoundryOptions {
  /** The resource's base URL, e.g. https://NAME.services.ai.azure.com/anthropic, or one per region. */
  endpoint: Endpoint
  /** An Entra access token for https://cognitiveservices.azure.com (sent as a bearer token). */
  token?: SecretGetter
  /** Or the resource's key (sent as `api-key`). */
  apiKey?: SecretGetter
}

export function foundryUpstream(options: FoundryOptions): Upstream {
  const { token, apiKey } = options
  if ((token === undefined) === (apiKey === undefined)) throw new Error('The Foundry upstream needs exactly one of token or apiKey.')
  return {
    name: 'foundry',
    allow: isMessagesCall,
    model: modelInBody,
    canServe: () => true,
    target: (pathAndQuery, region) => joinUrl(endpointFor(options.endpoint, region), pathAndQuery),
    async authorize(): Promise<HeaderChanges> {
      return token ? { authorization: `Bearer ${await token()}` } : { 'api-key': await apiKey!() }
    }
  }
}
