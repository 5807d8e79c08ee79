// Claude on Vertex AI: rawPredict, streamRawPredict and count-tokens (a rawPredict on the model
// `count-tokens`), with a Google bearer token. Another region is the same call with its `locations/{r}`
// segment rewritten, sent to that region's endpoint.
import { endpointFor, joinUrl, modelInBody } from '../upstream.js'
import type { Endpoint, SecretGetter, Upstream } from '../upstream.js'

export interface VertexOptions {
  token: SecretGetter
  /** The project calls must name: the token is never spent on another one. */
  project: string
  /** Base URL per region, ending in /v1; Google's regional, multi-region or global endpoint by default. */
  endpoint?: Endpoint
}

/** With a base URL ending in /v1 the CLI's path starts with /v1; with the bare origin it does not. */
const PREDICT_PATH = /^(?:\/v1)?\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/

export function vertexUpstream(options: VertexOptions): Upstream {
  const endpoint = options.endpoint ?? vertexEndpoint
  return {
    name: 'vertex',
    allow(method, pathname) {
      const match = PREDICT_PATH.exec(pathname)
      return method === 'POST' && match !== null && decodeSafely(match[1]) === options.project
    },
    model(request) {
      const match = PREDICT_PATH.exec(request.pathname)
      if (!match) return null
      const model = decodeSafely(match[3])
      return model === 'count-tokens' ? (modelInBody(request) ?? model) : model
    },
    canServe: () => true,
    pinnedRegion(request, home) {
      const location = PREDICT_PATH.exec(request.pathname)?.[2]
      const named = location === undefined ? undefined : decodeSafely(location)
      return named !== undefined && named !== home ? named : undefined
    },
    target(pathAndQuery, region) {
      const relative = pathAndQuery.replace(/^\/v1(?=\/)/, '').replace(/^(\/projects\/[^/]+\/locations\/)[^/]+/, `$1${encodeURIComponent(region)}`)
      return joinUrl(endpointFor(endpoint, region), relative)
    },
    async authorize() {
      return { authorization: `Bearer ${await options.token()}` }
    }
  }
}

/** Google's endpoint for a location: `global` and the `us`/`eu` multi-regions have their own hosts. */
export function vertexEndpoint(region: string): string {
  if (region === 'global') return 'https://aiplatform.googleapis.com/v1'
  if (region === 'us' || region === 'eu') return `https://aiplatform.${region}.rep.googleapis.com/v1`
  return `https://${region}-aiplatform.googleapis.com/v1`
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
