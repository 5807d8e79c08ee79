// The CLI's env when the model gateway serves its provider: the gateway's URL, the skip-auth switch
// and the run's secret header in, and every credential the job env carries for that provider out, so
// neither the CLI nor a tool it runs holds a key, a token or a path to one.
import type { GatewayPlan } from '../providers/provider.js'
import type { ProviderName } from '../settings/settings.js'

/** Where the CLI reaches the gateway, and the header that lets it in. */
export interface GatewayAccess {
  baseUrl: string
  /** `name: value`, added to ANTHROPIC_CUSTOM_HEADERS. */
  customHeaders: string
}

/**
 * What the job env may carry for each provider that would hand the agent a credential (or make the CLI
 * skip the gateway): keys, tokens, and files or helpers holding them.
 */
export const CREDENTIAL_VARIABLES: Record<ProviderName, readonly string[]> = {
  anthropic: [
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_AUTH_TOKEN',
    'CLAUDE_CODE_OAUTH_TOKEN',
    'ANTHROPIC_IDENTITY_TOKEN',
    'ANTHROPIC_IDENTITY_TOKEN_FILE',
    'ANTHROPIC_FEDERATION_RULE_ID',
    'ANTHROPIC_SERVICE_ACCOUNT_ID',
    'ANTHROPIC_PROFILE',
    'ANTHROPIC_CONFIG_DIR',
    'CLAUDE_CODE_FEDERATION_CACHE_DIR'
  ],
  bedrock: [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_SECURITY_TOKEN',
    'AWS_BEARER_TOKEN_BEDROCK',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'
  ],
  vertex: [
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GOOGLE_GHA_CREDS_PATH',
    'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE',
    'CLOUDSDK_AUTH_ACCESS_TOKEN',
    'GOOGLE_OAUTH_ACCESS_TOKEN'
  ],
  foundry: [
    'ANTHROPIC_FOUNDRY_API_KEY',
    'ANTHROPIC_FOUNDRY_AUTH_TOKEN',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PATH',
    'AZURE_CLIENT_CERTIFICATE_PASSWORD',
    'AZURE_USERNAME',
    'AZURE_PASSWORD',
    'AZURE_FEDERATED_TOKEN_FILE'
  ]
}

/** Rewrites the CLI's env in place for the gateway. */
export function applyGatewayEnv(env: NodeJS.ProcessEnv, provider: ProviderName, plan: GatewayPlan, access: GatewayAccess): void {
  for (const name of CREDENTIAL_VARIABLES[provider]) delete env[name]
  for (const [name, value] of Object.entries(plan.cliEnv(access.baseUrl))) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  // The job's own headers (a corporate gateway's) stay; each header is one line.
  env.ANTHROPIC_CUSTOM_HEADERS = [env.ANTHROPIC_CUSTOM_HEADERS, access.customHeaders].filter(Boolean).join('\n')
  // The gateway is on loopback: never through the job's proxy, which would see the secret header.
  if (PROXY_VARIABLES.some(name => env[name])) {
    const noProxy = [env.no_proxy ?? env.NO_PROXY, LOOPBACK].filter(Boolean).join(',')
    const NO_PROXY = [env.NO_PROXY ?? env.no_proxy, LOOPBACK].filter(Boolean).join(',')
    Object.assign(env, { no_proxy: noProxy, NO_PROXY })
  }
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']
const LOOPBACK = '127.0.0.1'
