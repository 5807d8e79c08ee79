// Claude Platform on AWS: the Messages API at aws-external-anthropic.{region}.api.aws, signed with SigV4
// (service `aws-external-anthropic`), or carrying a workspace API key. The workspace header is set here
// and, with SigV4, covered by the signature.
import { signSigV4 } from '../sigv4.js'
import { endpointFor, isMessagesCall, joinUrl, modelInBody } from '../upstream.js'
import type { AwsCredentialGetter, Endpoint, HeaderChanges, SecretGetter, Upstream } from '../upstream.js'

export interface AnthropicAwsOptions {
  /** AWS keys to sign with; or */
  credentials?: AwsCredentialGetter
  /** a workspace API key, sent as x-api-key without a signature. */
  apiKey?: SecretGetter
  workspaceId: string
  /** Base URL per region; https://aws-external-anthropic.{region}.api.aws by default. */
  endpoint?: Endpoint
}

const WORKSPACE_HEADER = 'anthropic-workspace-id'

export function anthropicAwsUpstream(options: AnthropicAwsOptions): Upstream {
  const { credentials, apiKey } = options
  if ((credentials === undefined) === (apiKey === undefined)) throw new Error('The anthropic-aws upstream needs exactly one of credentials or apiKey.')
  const endpoint = options.endpoint ?? ((region: string) => `https://aws-external-anthropic.${region}.api.aws`)
  return {
    name: 'anthropic-aws',
    allow: isMessagesCall,
    model: modelInBody,
    canServe: () => true,
    target: (pathAndQuery, region) => joinUrl(endpointFor(endpoint, region), pathAndQuery),
    async authorize(request, region): Promise<HeaderChanges> {
      if (apiKey) return { [WORKSPACE_HEADER]: options.workspaceId, 'x-api-key': await apiKey() }
      const keys = await credentials!()
      const headers = { ...request.headers, [WORKSPACE_HEADER]: options.workspaceId }
      const signature = signSigV4({ ...request, headers }, { credentials: keys, region, service: 'aws-external-anthropic', signHeaders: [WORKSPACE_HEADER] })
      return { [WORKSPACE_HEADER]: options.workspaceId, ...signature }
    }
  }
}
