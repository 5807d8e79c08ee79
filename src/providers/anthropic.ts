// The Claude API: an API key from the input, or the login already in the job's env. A key (or the job's
// ANTHROPIC_AUTH_TOKEN) stays in the action's process: the model gateway puts it on each call, and the
// CLI holds a placeholder. A subscription login (CLAUDE_CODE_OAUTH_TOKEN alone) goes to the CLI as it is.
// The upstream's own module: the gateway's index would load SigV4, and with it node:crypto.
import { anthropicUpstream, NO_REGION, PLACEHOLDER_API_KEY } from '../gateway/upstreams/anthropic.js'
import { log } from '../platform/platform.js'
import { addSecret } from '../platform/secrets.js'
import type { AnthropicSettings } from '../settings/settings.js'
import type { GatewayPlan, PrepareProvider } from './provider.js'

export const prepareAnthropic: PrepareProvider<AnthropicSettings> = async ({ provider }) => {
  const { apiKey } = provider
  if (apiKey) {
    addSecret(apiKey)
  } else {
    for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']) addSecret(process.env[name])
    log.info('Claude API: no anthropic-api-key given; using the login already in the job env')
  }
  const key = apiKey || process.env.ANTHROPIC_API_KEY || undefined
  const token = key ? undefined : process.env.ANTHROPIC_AUTH_TOKEN || undefined
  const exported: Record<string, string> = apiKey ? { ANTHROPIC_API_KEY: apiKey } : {}
  return {
    env: {},
    credentialEnv: {},
    // export-credentials hands the input's key to later steps; a key from the job env is theirs already.
    exportedCredentialEnv: exported,
    gateway: key || token ? claudeApiGateway(key ? { apiKey: async () => key } : { bearer: async () => token! }) : undefined,
    regionEnv: () => ({}),
    credentialFiles: []
  }
}

/** The job's ANTHROPIC_BASE_URL (a corporate gateway) is where the calls go; the CLI's points at the model gateway. */
export function claudeApiGateway(credential: Parameters<typeof anthropicUpstream>[0]): GatewayPlan {
  return {
    upstream: anthropicUpstream({ endpoint: process.env.ANTHROPIC_BASE_URL || undefined, ...credential }),
    regions: [NO_REGION],
    cliEnv: baseUrl => ({ ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_API_KEY: PLACEHOLDER_API_KEY })
  }
}
