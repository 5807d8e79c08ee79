// Claude Platform on AWS: the Messages API at aws-external-anthropic.{region}.api.aws, signed with SigV4
// (service `aws-external-anthropic`). The workspace header is set here and covered by the signature.
import { signSigV4 } from '../sigv4.js'
import { endpointFor, isMessagesCall, joinUrl, modelInBody } from '../upstream.js'
import type { AwsCredentialGetter, Endpoint, Upstream } from '../upstream.js'

export interface AnthropicAwsOptions {
  credentials: AwsCredentialGetter
  workspaceId: string
  /** Base URL per region; https://aws-external-anthropic.{region}.api.aws by default. */
  endpoint?: Endpoint
}

const WORKSPACE_HEADER = 'anthropic-workspace-id'

export function anthropicAwsUpstream(options: AnthropicAwsOptions): Upstream {
  const endpoint = options.endpoint ?? ((region: string) => `https://aws-external-anthropic.${region}.api.aws`)
  return {
    name: 'anthropic-aws',
    allow: isMessagesCall,
    model: modelInBody,
    canServe: () => true,
    target: (pathAndQuery, region) => joinUrl(endpointFor(endpoint, region), pathAndQuery),
    async authorize(request, region) {
      const credentials = await options.credentials()
      const headers = { ...request.headers, [WORKSPACE_HEADER]: options.workspaceId }
      const signature = signSigV4({ ...request, headers }, { credentials, region, service: 'aws-external-anthropic', signHeaders: [WORKSPACE_HEADER] })
      return { [WORKSPACE_HEADER]: options.workspaceId, ...signature }
    }
  }
}
