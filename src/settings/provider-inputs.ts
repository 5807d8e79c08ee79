// The provider and its auth: one reader per provider, each checking what that provider needs.
import { log, platform } from '../platform/platform.js'
import { ANTHROPIC_AWS_SESSION_POLICY, BEDROCK_SESSION_POLICY } from '../providers/session-policy.js'
import * as rule from './rules.js'
import type { AnthropicFederation, AwsRoleAuth, FoundryAuth, ProviderName, ProviderSettings, VertexAuth } from './settings.js'
import type { InputReader } from './input-reader.js'

const PROVIDERS: ProviderName[] = ['anthropic', 'bedrock', 'vertex', 'foundry', 'anthropic-aws', 'anthropic-google-cloud']
/** The clouds' own names, read as the provider that runs Claude there. */
const PROVIDER_ALIASES: Record<string, ProviderName> = { aws: 'bedrock', gcp: 'vertex', google: 'vertex', azure: 'foundry' }

/**
 * The provider, or undefined when the value names none: every check that depends on the provider is
 * then skipped, so a typo gives one error (with the nearest name) instead of another provider's.
 */
export function readProviderName(inputs: InputReader): ProviderName | undefined {
  const value = (inputs.text('provider') ?? 'anthropic').toLowerCase()
  if ((PROVIDERS as string[]).includes(value)) return value as ProviderName
  const alias = PROVIDER_ALIASES[value]
  if (alias) {
    log.notice(`Input 'provider': '${value}' is read as ${alias}; write provider: ${alias} to silence this notice.`)
    return alias
  }
  const nearest = PROVIDERS.find(name => editDistance(value, name) <= 2)
  inputs.problem(
    'provider',
    `'${value}' is not a provider; ${nearest ? `did you mean ${nearest}? Use` : 'use'} anthropic, bedrock, vertex, foundry, anthropic-aws or anthropic-google-cloud.`
  )
  return undefined
}

/** Levenshtein distance: how many letters to add, drop or change to turn one name into the other. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]
}

const FEDERATION_INPUTS = ['anthropic-federation-rule-id', 'anthropic-organization-id', 'anthropic-service-account-id', 'anthropic-workspace-id']
const FOUNDRY_INPUTS = ['foundry-resource', 'foundry-base-url', 'azure-client-id', 'azure-tenant-id', 'foundry-api-key']
const AWS_ROLE: ProviderName[] = ['bedrock', 'anthropic-aws']
const GOOGLE_WIF: ProviderName[] = ['vertex', 'anthropic-google-cloud']

/** Which providers each provider-specific input applies to, in the order their problems are reported. */
const PROVIDER_INPUTS: [string, ProviderName[]][] = [
  ...['anthropic-api-key', ...FEDERATION_INPUTS].map((name): [string, ProviderName[]] => [name, ['anthropic']]),
  ['role-to-assume', AWS_ROLE],
  ['bedrock-api-key', ['bedrock']],
  ['small-fast-model-region', ['bedrock']],
  ['session-policy', AWS_ROLE],
  ['allowed-account-ids', AWS_ROLE],
  ...['workload-identity-provider', 'service-account', 'project-id', 'iam-credentials-endpoint'].map((name): [string, ProviderName[]] => [name, GOOGLE_WIF]),
  ...FOUNDRY_INPUTS.map((name): [string, ProviderName[]] => [name, ['foundry']]),
  ['anthropic-aws-api-key', ['anthropic-aws']],
  ['workspace-id', ['anthropic-aws', 'anthropic-google-cloud']]
]

export function readProvider(inputs: InputReader, name: ProviderName, env: NodeJS.ProcessEnv): ProviderSettings {
  for (const [input, providers] of PROVIDER_INPUTS) inputs.onlyFor(providers, name, [input])
  if (name === 'anthropic' && inputs.text('region') !== undefined) {
    inputs.problem('region', 'the Claude API has no regions; remove it, or set provider: bedrock or vertex.')
  }
  // audience serves the Claude API's keyless mode too; readAnthropic judges it. Foundry refuses sts-endpoint itself.
  if (name === 'anthropic') inputs.onlyFor(['bedrock', 'vertex', 'anthropic-aws', 'anthropic-google-cloud'], name, ['sts-endpoint'])
  switch (name) {
    case 'anthropic':
      return readAnthropic(inputs, env)
    case 'bedrock':
      return readBedrock(inputs, env)
    case 'vertex':
      return readVertex(inputs, env)
    case 'foundry':
      return readFoundry(inputs, env)
    case 'anthropic-aws':
      return readAnthropicAws(inputs, env)
    case 'anthropic-google-cloud':
      return readAnthropicGoogleCloud(inputs, env)
  }
}

const ANTHROPIC_AUDIENCE = 'https://api.anthropic.com'

function readAnthropic(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const apiKey = inputs.text('anthropic-api-key')
  if (FEDERATION_INPUTS.some(name => inputs.text(name) !== undefined)) {
    if (apiKey)
      inputs.problem(
        'anthropic-api-key',
        'give either anthropic-api-key or the workload identity inputs (anthropic-federation-rule-id, ...), not both; keyless needs no key.'
      )
    return { name: 'anthropic', federation: readAnthropicFederation(inputs) }
  }
  if (inputs.text('audience') !== undefined) {
    inputs.problem(
      'audience',
      "with provider 'anthropic' it is used with anthropic-federation-rule-id only (keyless); remove it, add the workload identity inputs, or set provider: bedrock or vertex."
    )
  }
  const loggedIn = env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN || env.CLAUDE_CODE_OAUTH_TOKEN
  if (!apiKey && !loggedIn) {
    inputs.problem('anthropic-api-key', 'required for provider anthropic; add anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}.')
  }
  return { name: 'anthropic', apiKey }
}

/** Keyless: the rule, organization and service account say who the job's OIDC token becomes. */
function readAnthropicFederation(inputs: InputReader): AnthropicFederation | undefined {
  const required = (name: string, pattern: RegExp, example: string): string | undefined => {
    if (inputs.text(name) === undefined) return inputs.problem(name, `workload identity federation needs it too; copy it from the Console, e.g. ${example}.`)
    return inputs.matching(name, pattern, example)
  }
  const ruleId = required('anthropic-federation-rule-id', rule.ANTHROPIC_FEDERATION_RULE_ID, 'fdrl_01AbCd... (Console > Settings > Workload identity)')
  const organizationId = required('anthropic-organization-id', rule.UUID, '12345678-90ab-cdef-1234-567890abcdef (Console > Settings > Organization)')
  const serviceAccountId = required('anthropic-service-account-id', rule.ANTHROPIC_SERVICE_ACCOUNT_ID, 'svac_01AbCd... (Console > Settings > Service accounts)')
  const workspaceId = inputs.matching('anthropic-workspace-id', rule.ANTHROPIC_WORKSPACE_ID, 'wrkspc_01AbCd...')
  const audience = inputs.text('audience') ?? ANTHROPIC_AUDIENCE
  if (!ruleId || !organizationId || !serviceAccountId) return undefined
  return { ruleId, organizationId, serviceAccountId, workspaceId, audience }
}

function readBedrock(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const region = readAwsRegion(inputs, env, 'Bedrock')
  const apiKey = inputs.text('bedrock-api-key')
  const role = readAwsRole(inputs, 'bedrock-api-key', BEDROCK_SESSION_POLICY)
  return { name: 'bedrock', region, auth: role ?? (apiKey ? { kind: 'api-key', apiKey } : { kind: 'ambient' }) }
}

/** Claude Platform on AWS: its workspace, in the region the workspace lives in; a role, a workspace key or the job's AWS chain. */
function readAnthropicAws(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const region = readAwsRegion(inputs, env, 'Claude Platform on AWS')
  const workspaceId = readWorkspaceId(inputs, 'Claude Platform on AWS')
  const apiKey = inputs.text('anthropic-aws-api-key')
  const role = readAwsRole(inputs, 'anthropic-aws-api-key', ANTHROPIC_AWS_SESSION_POLICY)
  return { name: 'anthropic-aws', region, workspaceId: workspaceId ?? '', auth: role ?? (apiKey ? { kind: 'api-key', apiKey } : { kind: 'ambient' }) }
}

/** role-to-assume and what goes with it; undefined without a (valid) role. `keyInput` is the provider's key, the other way in. */
function readAwsRole(inputs: InputReader, keyInput: string, defaultPolicy: string): AwsRoleAuth | undefined {
  const roleArn = inputs.matching('role-to-assume', rule.ROLE_ARN, 'arn:aws:iam::123456789012:role/claude-code')
  const sessionName = inputs.matching('role-session-name', rule.ROLE_SESSION_NAME, 'claude-code-action (2-64 of letters, digits, _+=,.@-)')
  const durationSeconds = inputs.integer('role-duration-seconds', 900, 43200)
  const stsEndpoint = inputs.url('sts-endpoint')
  if (roleArn && inputs.text(keyInput)) inputs.problem(keyInput, `give either role-to-assume or ${keyInput}, not both.`)
  // Without a role nothing is exchanged: an API key and the ambient chain would ignore these.
  for (const name of inputs.text('role-to-assume') !== undefined ? [] : ['audience', 'sts-endpoint', 'session-policy', 'allowed-account-ids']) {
    if (inputs.text(name) !== undefined) inputs.problem(name, `is used with role-to-assume only; add role-to-assume or remove ${name}.`)
  }
  if (!roleArn) return undefined
  return {
    kind: 'role',
    roleArn,
    sessionName: sessionName ?? rule.defaultRoleSessionName(platform().runIdentity().id),
    durationSeconds: durationSeconds ?? 3600,
    audience: inputs.text('audience') ?? 'sts.amazonaws.com',
    stsEndpoint,
    sessionPolicy: readSessionPolicy(inputs, defaultPolicy),
    allowedAccountIds: readAllowedAccountIds(inputs)
  }
}

/** workspace-id: where the calls of Claude Platform on AWS and Claude on Google Cloud go; the CLI refuses to start without one. */
function readWorkspaceId(inputs: InputReader, product: string): string | undefined {
  const example = 'wrkspc_01AbCd... (the Claude Console of the cloud-linked organization, Settings > Workspaces)'
  if (inputs.text('workspace-id') === undefined)
    return inputs.problem('workspace-id', `${product} needs the workspace its calls go to; set workspace-id: ${example}.`)
  return inputs.matching('workspace-id', rule.ANTHROPIC_WORKSPACE_ID, example)
}

/** The default narrows the session to the provider's model calls; `none` sends no policy, so the role's own rights apply. */
function readSessionPolicy(inputs: InputReader, defaultPolicy: string): string | undefined {
  const value = inputs.text('session-policy')
  if (value === undefined) return defaultPolicy
  if (value.trim().toLowerCase() === 'none') return undefined
  const parsed = rule.parseJsonObject(value)
  if (typeof parsed === 'string') {
    return inputs.problem('session-policy', `${parsed}; give an IAM policy as JSON ({"Version":"2012-10-17","Statement":[…]}), or none.`)
  }
  const text = JSON.stringify(parsed)
  if (text.length > rule.MAX_SESSION_POLICY_CHARS) {
    return inputs.problem(
      'session-policy',
      `is ${text.length} characters without spaces; STS takes at most ${rule.MAX_SESSION_POLICY_CHARS}. Shorten it, or use none and narrow the role itself.`
    )
  }
  return text
}

function readAllowedAccountIds(inputs: InputReader): string[] | undefined {
  const value = inputs.text('allowed-account-ids')
  if (value === undefined) return undefined
  const ids = value.split(/[,\s]+/).filter(id => id.length > 0)
  const bad = ids.filter(id => !rule.AWS_ACCOUNT_ID.test(id))
  if (bad.length > 0 || ids.length === 0) {
    return inputs.problem(
      'allowed-account-ids',
      `'${bad[0] ?? value}' is not an AWS account id; give a comma list of 12-digit ids, e.g. 123456789012,210987654321.`
    )
  }
  return ids
}

/** The input wins; otherwise the job's AWS_REGION or AWS_DEFAULT_REGION, as the AWS CLI does. */
function readAwsRegion(inputs: InputReader, env: NodeJS.ProcessEnv, product: string): string {
  if (inputs.text('region') !== undefined) return inputs.matching('region', rule.AWS_REGION, 'us-east-1') ?? ''
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (!fromEnv) {
    inputs.problem('region', `${product} needs an AWS region; set region: us-east-1, or AWS_REGION in the job env.`)
  } else if (!rule.AWS_REGION.test(fromEnv)) {
    inputs.problem('region', `'${fromEnv}' (from AWS_REGION) is not an AWS region; set region: us-east-1.`)
  }
  return fromEnv ?? ''
}

const WIF_PROVIDER_FORM = 'projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER'

function readVertex(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const region = readGcpRegion(inputs, env, 'CLOUD_ML_REGION', rule.GCP_REGION)
  return { name: 'vertex', region, ...readGoogleIdentity(inputs, env, 'Vertex', ['ANTHROPIC_VERTEX_PROJECT_ID']) }
}

/** Claude on Google Cloud: its workspace under a project and location (default global), with Google credentials as for Vertex. */
function readAnthropicGoogleCloud(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const region = readGcpRegion(inputs, env, 'ANTHROPIC_GOOGLE_CLOUD_LOCATION', rule.GCP_REGION)
  const workspaceId = readWorkspaceId(inputs, 'Claude on Google Cloud')
  const identity = readGoogleIdentity(inputs, env, 'Claude on Google Cloud', ['ANTHROPIC_GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_PROJECT'])
  return { name: 'anthropic-google-cloud', region, workspaceId: workspaceId ?? '', ...identity }
}

/** Workload Identity Federation (or the job's own Google credentials) and the project the calls name. */
function readGoogleIdentity(inputs: InputReader, env: NodeJS.ProcessEnv, product: string, projectVariables: string[]): { projectId: string; auth: VertexAuth } {
  const providerText = inputs.text('workload-identity-provider')
  let provider = providerText
  if (providerText !== undefined && !rule.WIF_PROVIDER.test(providerText)) {
    const slip = rule.wifProviderProblem(providerText)
    provider = inputs.problem(
      'workload-identity-provider',
      `'${providerText}' is not valid; ${slip ? `${slip}. Expected` : 'expected'} the form ${WIF_PROVIDER_FORM}.`
    )
  }
  const serviceAccountText = inputs.text('service-account')
  let serviceAccount: string | undefined
  if (serviceAccountText !== undefined) {
    serviceAccount = rule.GCP_SERVICE_ACCOUNT.test(serviceAccountText)
      ? serviceAccountText
      : inputs.problem('service-account', `'${serviceAccountText}' is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com.`)
  }
  const projectId = readGcpProject(inputs, serviceAccount, env, product, projectVariables)
  let auth: VertexAuth = { kind: 'ambient' }
  if (provider) {
    auth = {
      kind: 'workload-identity',
      provider,
      serviceAccount,
      audience: inputs.text('audience') ?? `https://iam.googleapis.com/${provider}`,
      stsEndpoint: inputs.url('sts-endpoint', 'https://sts.googleapis.com'),
      iamCredentialsEndpoint: inputs.url('iam-credentials-endpoint', 'https://iamcredentials.googleapis.com')
    }
  } else if (providerText === undefined) {
    // Without a provider the job's own Google credentials are used; these inputs would do nothing.
    for (const name of ['service-account', 'audience', 'sts-endpoint', 'iam-credentials-endpoint']) {
      if (inputs.text(name) !== undefined) {
        inputs.problem(name, `is used with Workload Identity Federation only; add workload-identity-provider: ${WIF_PROVIDER_FORM}, or remove ${name}.`)
      }
    }
  }
  return { projectId, auth }
}

/** The input wins; otherwise the job's `variable` (CLOUD_ML_REGION), which Claude Code itself reads; otherwise global. */
function readGcpRegion(inputs: InputReader, env: NodeJS.ProcessEnv, variable: string, pattern: RegExp): string {
  if (inputs.text('region') !== undefined) return inputs.matching('region', pattern, 'global, us-east5 or europe-west1') ?? 'global'
  const fromEnv = env[variable]
  if (!fromEnv) return 'global'
  if (!pattern.test(fromEnv)) {
    inputs.problem('region', `'${fromEnv}' (from ${variable}) is not a Google Cloud region; set region: global or us-east5.`)
  }
  return fromEnv
}

/** The input wins; then the project of service-account; then the first of the job's `variables` set (ANTHROPIC_VERTEX_PROJECT_ID). */
function readGcpProject(inputs: InputReader, serviceAccount: string | undefined, env: NodeJS.ProcessEnv, product: string, variables: string[]): string {
  if (inputs.text('project-id') !== undefined) {
    return inputs.matching('project-id', rule.PROJECT_ID, 'my-project-123 (6-30 of a-z, 0-9, -, starting with a letter)') ?? ''
  }
  const fromAccount = serviceAccount?.match(rule.SERVICE_ACCOUNT)?.[1]
  if (fromAccount) return fromAccount
  const variable = variables.find(name => env[name])
  const fromEnv = variable && env[variable]
  if (!fromEnv && serviceAccount) {
    inputs.problem('project-id', `${serviceAccount} does not name its project; set project-id: my-project.`)
  } else if (!fromEnv) {
    inputs.problem('project-id', `${product} needs the Google Cloud project; set project-id: my-project, or a service-account in that project.`)
  } else if (!rule.PROJECT_ID.test(fromEnv)) {
    inputs.problem('project-id', `'${fromEnv}' (from ${variable}) is not a project id; set project-id: my-project.`)
  }
  return fromEnv ?? ''
}

const ENTRA_AUTHORITY = 'https://login.microsoftonline.com'

function readFoundry(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  // The deployment's resource fixes where it runs; the action has nothing to move between regions.
  for (const name of ['region', 'sts-endpoint']) {
    if (inputs.text(name) !== undefined) inputs.problem(name, "does not apply to provider 'foundry' (the Foundry resource fixes the region); remove it.")
  }
  const resourceText = inputs.text('foundry-resource')
  const baseUrlText = inputs.text('foundry-base-url')
  let resource: string | undefined
  let baseUrl: string | undefined
  if (resourceText !== undefined && baseUrlText !== undefined) {
    inputs.problem('foundry-base-url', 'give either foundry-resource or foundry-base-url, not both.')
  } else if (resourceText === undefined && baseUrlText === undefined) {
    inputs.problem(
      'foundry-resource',
      'Foundry needs its resource; set foundry-resource: NAME (as in https://NAME.services.ai.azure.com), or foundry-base-url.'
    )
  } else if (resourceText !== undefined) {
    resource = rule.FOUNDRY_RESOURCE.test(resourceText)
      ? resourceText
      : inputs.problem('foundry-resource', `'${resourceText}' is not a resource name; ${rule.foundryResourceProblem(resourceText)}.`)
  } else {
    baseUrl = inputs.url('foundry-base-url')
  }

  const clientId = inputs.matching('azure-client-id', rule.GUID, '00000000-0000-0000-0000-000000000000 (the Application (client) ID)')
  const tenantId = inputs.matching(
    'azure-tenant-id',
    rule.ENTRA_TENANT,
    '00000000-0000-0000-0000-000000000000 or contoso.onmicrosoft.com (the Directory (tenant) ID)'
  )
  const keyless = inputs.text('azure-client-id') !== undefined || inputs.text('azure-tenant-id') !== undefined
  const apiKey = inputs.text('foundry-api-key')
  if (keyless && apiKey !== undefined) inputs.problem('foundry-api-key', 'give either azure-client-id (keyless) or foundry-api-key, not both.')
  if (inputs.text('azure-client-id') !== undefined && inputs.text('azure-tenant-id') === undefined) {
    inputs.problem('azure-tenant-id', 'keyless Foundry needs the tenant too; add azure-tenant-id: the Directory (tenant) ID of the app.')
  }
  if (inputs.text('azure-tenant-id') !== undefined && inputs.text('azure-client-id') === undefined) {
    inputs.problem('azure-client-id', 'keyless Foundry needs the app or managed identity; add azure-client-id: its Application (client) ID.')
  }
  if (!keyless && inputs.text('audience') !== undefined)
    inputs.problem('audience', 'is used with azure-client-id only; add azure-client-id or remove audience.')

  let auth: FoundryAuth = { kind: 'ambient' }
  if (clientId && tenantId) {
    // The Azure SDK's own variable for sovereign clouds; MSAL talks https only.
    const authorityText = env.AZURE_AUTHORITY_HOST || ENTRA_AUTHORITY
    const authorityHost = rule.parseHttpUrl(authorityText)
    if (!authorityHost?.startsWith('https://')) {
      inputs.problem(
        'azure-tenant-id',
        `AZURE_AUTHORITY_HOST '${authorityText}' is not an https URL; set it to e.g. https://login.microsoftonline.us, or unset it.`
      )
    }
    auth = {
      kind: 'workload-identity',
      clientId,
      tenantId,
      audience: inputs.text('audience') ?? 'api://AzureADTokenExchange',
      authorityHost: authorityHost ?? ENTRA_AUTHORITY
    }
  } else if (apiKey !== undefined) {
    auth = { kind: 'api-key', apiKey }
  }
  return { name: 'foundry', resource, baseUrl, auth }
}
