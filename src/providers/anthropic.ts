// The Claude API: an API key from the input, or the login already in the job's env.
import { log } from '../platform/platform.js'
import { addSecret } from '../platform/secrets.js'
import type { AnthropicSettings } from '../settings/settings.js'
import type { PrepareProvider } from './provider.js'

export const prepareAnthropic: PrepareProvider<AnthropicSettings> = async ({ provider }) => {
  const { apiKey } = provider
  if (apiKey) {
    addSecret(apiKey)
  } else {
    for (const name of ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']) addSecret(process.env[name])
    log.info('Claude API: no anthropic-api-key given; using the login already in the job env')
  }
  const credentialEnv: Record<string, string> = apiKey ? { ANTHROPIC_API_KEY: apiKey } : {}
  return {
    env: {},
    credentialEnv,
    regionEnv: () => ({}),
    credentialFiles: []
  }
}
