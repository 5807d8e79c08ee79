// Shapes that inputs must have. Each rule returns the reason a value is wrong, or undefined.
// They are plain patterns on purpose: validation happens before any network request.

export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/
/** A Google Cloud region, `global`, or the `us` and `eu` multi-regions Claude is offered in. */
export const GCP_REGION = /^(global|us|eu|[a-z]+-[a-z]+\d{1,2})$/
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
export const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/
export const AWS_ACCOUNT_ID = /^\d{12}$/
/** STS's limit on an inline session policy's plaintext. */
export const MAX_SESSION_POLICY_CHARS = 2048
export const WIF_PROVIDER = /^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{4,32}\/providers\/[a-z0-9-]{4,32}$/
/** A user-managed service account; the group is its project id. */
export const SERVICE_ACCOUNT = /^[^@\s]+@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/
/** Any service account email, the Google-managed ones (developer., appspot.) and domain-scoped projects included. */
export const GCP_SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9._-]*@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/
export const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/
export const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/
export const DIST_TAGS = ['latest', 'stable', 'next']
export const COMMENT_TAG = /^[\w.-]{1,64}$/
/** Anthropic workload identity federation ids: prefixed base62 tagged ids, and the organization's UUID. */
export const ANTHROPIC_FEDERATION_RULE_ID = /^fdrl_[A-Za-z0-9]{1,100}$/
export const ANTHROPIC_SERVICE_ACCOUNT_ID = /^svac_[A-Za-z0-9]{1,100}$/
export const ANTHROPIC_WORKSPACE_ID = /^wrkspc_[A-Za-z0-9]{1,100}$/
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The default role-session-name: the run id in it lets CloudTrail tie each Bedrock call to the run.
 * Kept within STS's pattern and 64 characters; a long id keeps its (more distinctive) end.
 */
export function defaultRoleSessionName(runId: string): string {
  const prefix = 'claude-code-action'
  const id = runId.replace(/[^\w+=,.@-]/g, '-')
  return id ? `${prefix}-${id.slice(-(64 - prefix.length - 1))}` : prefix
}

/**
 * Bedrock's cross-region inference profiles: the geography prefix of the profile id and the source
 * regions it is offered in (and routes within). `global.` routes world-wide and is not listed.
 */
const BEDROCK_GEOGRAPHIES: Record<string, { name: string; regions: RegExp }> = {
  us: { name: 'US', regions: /^us-(east|west)-\d+$/ },
  'us-gov': { name: 'AWS GovCloud (US)', regions: /^us-gov-/ },
  eu: { name: 'EU', regions: /^eu-/ },
  apac: { name: 'Asia-Pacific', regions: /^ap-/ },
  jp: { name: 'Japan', regions: /^ap-northeast-[13]$/ },
  au: { name: 'Australia', regions: /^ap-southeast-[24]$/ },
  ca: { name: 'Canada', regions: /^ca-/ }
}

/** The region a Bedrock ARN names (an application inference profile's, a provisioned model's); undefined for model ids. */
export function bedrockArnRegion(modelId: string): string | undefined {
  return /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):\d{12}:/.exec(modelId)?.[1]
}

/** A foundation model id with no geography prefix (`anthropic.claude…`), which newer models do not serve on demand. */
export function isBareBedrockModelId(modelId: string): boolean {
  return /^anthropic\./.test(modelId)
}

/** The geography prefix of inference profiles offered in a region (`us` for us-east-1); undefined when none is known. */
export function bedrockGeographyOf(region: string): string | undefined {
  return Object.entries(BEDROCK_GEOGRAPHIES).find(([, geography]) => geography.regions.test(region))?.[0]
}

/** The geography of a Bedrock model id's prefix (`eu.anthropic…`); undefined for `global.`, plain ids and ARNs. */
export function bedrockGeography(modelId: string): { prefix: string; name: string; regions: RegExp } | undefined {
  const prefix = /^([a-z]+(?:-[a-z]+)?)\.[a-z]+\./.exec(modelId)?.[1]
  const geography = prefix ? BEDROCK_GEOGRAPHIES[prefix] : undefined
  return prefix && geography ? { prefix, ...geography } : undefined
}

const GCP_CONTINENTS: Record<string, string> = {
  us: 'North America',
  eu: 'Europe',
  northamerica: 'North America',
  southamerica: 'South America',
  europe: 'Europe',
  asia: 'Asia',
  me: 'the Middle East',
  australia: 'Australia',
  africa: 'Africa'
}

/** The continent of a Google Cloud region (`europe-west1` → Europe); 'anywhere' for `global`. */
export function gcpContinent(region: string): string {
  if (region === 'global') return 'anywhere (global)'
  const area = region.split('-')[0]
  return GCP_CONTINENTS[area] ?? area
}

/** Why a workload-identity-provider value is wrong, naming the usual slips; undefined when it is right. */
export function wifProviderProblem(value: string): string | undefined {
  if (WIF_PROVIDER.test(value)) return undefined
  const bare = value.replace(/^(https:)?\/\/iam\.googleapis\.com\//, '')
  if (bare !== value && WIF_PROVIDER.test(bare)) return `drop the '${value.slice(0, value.length - bare.length)}' prefix and give ${bare}`
  const project = /^projects\/([^/]+)\//.exec(bare)?.[1]
  if (project && !/^\d+$/.test(project)) {
    return `'${project}' must be the project number, not the project id (gcloud projects describe ${project} --format='value(projectNumber)')`
  }
  if (/workloadIdentityPools\/[^/]+\/?$/.test(bare)) return 'this names a pool; add /providers/PROVIDER'
  return undefined
}

export function parseInteger(value: string, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  if (!/^\d+$/.test(value)) return `'${value}' is not a whole number`
  const n = Number(value)
  if (n < min || n > max) {
    return max === Number.MAX_SAFE_INTEGER ? `${n} is below ${min}` : `${n} is outside ${min} to ${max}`
  }
  return n
}

export function parsePositiveNumber(value: string): number | string {
  const n = Number(value)
  if (!/^\d*\.?\d+$/.test(value) || !Number.isFinite(n) || n <= 0) return `'${value}' is not a positive number`
  return n
}

export function parseBoolean(value: string): boolean | string {
  if (/^(true|yes|on|1)$/i.test(value)) return true
  if (/^(false|no|off|0)$/i.test(value)) return false
  return `'${value}' is not true or false`
}

export function parseHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value)
    if (url.protocol === 'https:' || url.protocol === 'http:') return value.replace(/\/+$/, '')
  } catch {
    // fall through: not a URL
  }
  return undefined
}

export function parseJsonObject(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
    return 'it is JSON but not an object'
  } catch (error) {
    return `it is not valid JSON (${(error as Error).message})`
  }
}

/** A GitHub user or organization login, or an app's bot login (`name[bot]`). */
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/

/** Splits a tool list on newlines and on commas outside parentheses, so `Bash(a,b)` stays whole. */
export function splitToolList(value: string): string[] {
  const tools: string[] = []
  let depth = 0
  let current = ''
  for (const ch of value) {
    if (ch === '(') depth++
    if (ch === ')') depth = Math.max(0, depth - 1)
    if (ch === '\n' || (ch === ',' && depth === 0)) {
      tools.push(current)
      current = ''
    } else {
      current += ch
    }
  }
  tools.push(current)
  return tools.map(t => t.trim()).filter(t => t.length > 0)
}

/** An Azure AI Services resource's custom subdomain: 2-64 of letters, digits and inner hyphens. */
export const FOUNDRY_RESOURCE = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}[a-zA-Z0-9]$/
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
/** A tenant ID, or one of its domain names (contoso.onmicrosoft.com). */
export const ENTRA_TENANT = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+)$/

/** What to give instead of a foundry-resource value that is not a bare name. */
export function foundryResourceProblem(value: string): string {
  const host = /^(?:https?:\/\/)?([a-zA-Z0-9-]+)\.(?:services\.ai|openai|cognitiveservices)\.azure\.com/.exec(value)?.[1]
  if (host) return `give just the name, foundry-resource: ${host}, or the whole URL as foundry-base-url`
  if (/^https?:\/\//.test(value)) return 'for a URL use foundry-base-url instead'
  return 'expected 2-64 letters, digits and hyphens, as in https://NAME.services.ai.azure.com'
}
