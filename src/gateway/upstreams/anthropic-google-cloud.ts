// Claude on Google Cloud, run by Anthropic: the CLI posts {base}/v1/messages, and the call goes to
// claude.googleapis.com under the project, location and workspace, with a Google bearer token. The
// location is the region, so another region is the same call under another location.
import { endpointFor, isMessagesCall, joinUrl, modelInBody } from '../upstream.js'
import type { Endpoint, SecretGetter, Upstream } from '../upstream.js'

export interface AnthropicGoogleCloudOptions {
  token: SecretGetter
  project: string
  workspaceId: string
  /** https://claude.googleapis.com by default. */
  endpoint?: Endpoint
  /**
   * Instead, a base URL that stands for everything up to `/invoke`, as the CLI reads
   * ANTHROPIC_GOOGLE_CLOUD_BASE_URL (a corporate gateway, a Private Service Connect endpoint): the calls go right under it.
   */
  invokeBase?: string
}

export function anthropicGoogleCloudUpstream(options: AnthropicGoogleCloudOptions): Upstream {
  const endpoint = options.endpoint ?? 'https://claude.googleapis.com'
  return {
    name: 'anthropic-google-cloud',
    allow: isMessagesCall,
    model: modelInBody,
    canServe: () => true,
    target(pathAndQuery, region) {
      if (options.invokeBase) return joinUrl(options.invokeBase.replace(/\/+$/, ''), pathAndQuery)
      const prefix = `/v1/projects/${encodeURIComponent(options.project)}/locations/${encodeURIComponent(region)}`
      return joinUrl(endpointFor(endpoint, region), `${prefix}/workspaces/${encodeURIComponent(options.workspaceId)}/invoke${pathAndQuery}`)
    },
    async authorize() {
      return { authorization: `Bearer ${await options.token()}` }
    }
  }
}
