// Amazon Bedrock's InvokeModel calls, signed with SigV4 (service `bedrock`), or carrying a Bedrock API key
// as `Authorization: Bearer`, which Bedrock takes in place of a signature. The CLI's only other call,
// ListInferenceProfiles, comes without the gateway's header, so it is answered here with the 404 the CLI
// tolerates and never reaches AWS.
import { signSigV4, uriEncode } from '../sigv4.js'
import { endpointFor, joinUrl } from '../upstream.js'
import type { AwsCredentialGetter, Endpoint, HeaderChanges, LocalAnswer, SecretGetter, Upstream } from '../upstream.js'

export interface BedrockOptions {
  /** AWS keys, each call signed with them for its region. */
  credentials?: AwsCredentialGetter
  /** Or a Bedrock API key, sent as a bearer token (it is not bound to a region). */
  apiKey?: SecretGetter
  /** Base URL per region; https://bedrock-runtime.{region}.amazonaws.com by default. */
  endpoint?: Endpoint
}

/** The model segment may be one encoded segment (the SDKs' form) or, unencoded, an ARN holding a '/'. */
const INVOKE_PATH = /^\/model\/(.+)\/(invoke|invoke-with-response-stream)$/

/** Which regions a cross-region inference profile's geography prefix may be invoked from. */
const GEOGRAPHIES: Record<string, (region: string) => boolean> = {
  global: () => true,
  us: region => region.startsWith('us-') && !region.startsWith('us-gov-'),
  'us-gov': region => region.startsWith('us-gov-'),
  eu: region => region.startsWith('eu-'),
  apac: region => region.startsWith('ap-'),
  jp: region => region === 'ap-northeast-1' || region === 'ap-northeast-3',
  au: region => region === 'ap-southeast-2' || region === 'ap-southeast-4'
}

export function bedrockUpstream(options: BedrockOptions): Upstream {
  const { credentials, apiKey } = options
  if ((credentials === undefined) === (apiKey === undefined)) throw new Error('The Bedrock upstream needs exactly one of credentials or apiKey.')
  const endpoint = options.endpoint ?? ((region: string) => `https://bedrock-runtime.${region}.amazonaws.com`)
  return {
    name: 'bedrock',
    localAnswer: (method, pathname) => (method === 'GET' && /^\/inference-profiles(\/|$)/.test(pathname) ? NO_PROFILES : undefined),
    allow: (method, pathname) => method === 'POST' && INVOKE_PATH.test(pathname),
    model: request => parseInvokePath(request.pathname)?.model ?? null,
    canServe: bedrockRegionServes,
    target(pathAndQuery, region) {
      const [pathname, query = ''] = splitQuery(pathAndQuery)
      const invoke = parseInvokePath(pathname)
      // Re-encoded the way the AWS SDKs put a model id in a path, whatever form the CLI used.
      const path = invoke ? `/model/${uriEncode(invoke.model)}/${invoke.operation}` : pathname
      return joinUrl(endpointFor(endpoint, region), `${path}${query}`)
    },
    async authorize(request, region): Promise<HeaderChanges> {
      if (apiKey) return { authorization: `Bearer ${await apiKey()}` }
      return signSigV4(request, { credentials: await credentials!(), region, service: 'bedrock' })
    }
  }
}

/** Whether a Bedrock model id may be invoked in a region: an ARN only in its own, a profile in its geography. */
export function bedrockRegionServes(model: string | null, region: string): boolean {
  if (!model) return true
  if (model.startsWith('arn:')) return model.split(':')[3] === region
  const prefix = model.split('.')[0]
  // A foundation model id (anthropic.claude-…) or an unknown prefix: AWS itself says whether the region has it.
  const geography = model.includes('.') ? GEOGRAPHIES[prefix] : undefined
  return geography ? geography(region) : true
}

function parseInvokePath(pathname: string): { model: string; operation: string } | null {
  const match = INVOKE_PATH.exec(pathname)
  if (!match) return null
  try {
    return { model: decodeURIComponent(match[1]), operation: match[2] }
  } catch {
    return { model: match[1], operation: match[2] }
  }
}

function splitQuery(pathAndQuery: string): [string, string?] {
  const at = pathAndQuery.indexOf('?')
  return at === -1 ? [pathAndQuery] : [pathAndQuery.slice(0, at), pathAndQuery.slice(at)]
}

/** Bedrock's own not-found shape, which the CLI reads as "no inference profiles to list". */
const NO_PROFILES: LocalAnswer = {
  status: 404,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' },
  body: JSON.stringify({ message: 'The gateway does not list inference profiles.' })
}
