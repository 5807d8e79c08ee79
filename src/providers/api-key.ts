// A fixed API key (the Claude API's, Foundry's, a Bedrock or Claude Platform on AWS workspace key) cannot get better by waiting: the
// CLI retries a 401 ten times (about three minutes), so the run stops at the first refusal and names
// the input, and the secret behind it, to fix.
import { platform } from '../platform/platform.js'
import type { ProviderSettings } from '../settings/settings.js'

export interface ApiKeySource {
  /** How messages name the service: `the Claude API`, `Bedrock`, `Foundry`. */
  service: string
  /** The input that holds the key; undefined when the key came from the job env. */
  input?: string
  /** The job env variable that holds it, when no input does. */
  variable?: string
}

/** Variables a Claude API login in the job env may sit in, in the order the CLI prefers them. */
const ANTHROPIC_LOGIN_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN']

/** The fixed key the CLI will authenticate with; undefined for renewable credentials (a role, workload identity). */
export function fixedApiKey(provider: ProviderSettings, env: NodeJS.ProcessEnv): ApiKeySource | undefined {
  switch (provider.name) {
    case 'anthropic':
      if (provider.federation) return undefined
      if (provider.apiKey) return { service: 'the Claude API', input: 'anthropic-api-key' }
      return { service: 'the Claude API', variable: ANTHROPIC_LOGIN_VARIABLES.find(name => env[name]) ?? 'ANTHROPIC_API_KEY' }
    case 'bedrock':
      return provider.auth.kind === 'api-key' ? { service: 'Bedrock', input: 'bedrock-api-key' } : undefined
    case 'foundry':
      return provider.auth.kind === 'api-key' ? { service: 'Foundry', input: 'foundry-api-key' } : undefined
    case 'anthropic-aws':
      return provider.auth.kind === 'api-key' ? { service: 'Claude Platform on AWS', input: 'anthropic-aws-api-key' } : undefined
    case 'vertex':
    case 'anthropic-google-cloud':
      return undefined
  }
}

/** A refusal of the key: 401 (unknown, expired or revoked) or 403 (no access to what was asked). */
export function isKeyRefusal(status: number | null | undefined): status is 401 | 403 {
  return status === 401 || status === 403
}

/** The message for a refused key, naming the input and where its value comes from. */
export function explainKeyRefusal(key: ApiKeySource, status: 401 | 403, stopped: boolean): string {
  const { words } = platform().traits
  const where = key.input ? `the key in ${key.input}` : `the key in ${key.variable} (from the job env)`
  const secret = key.input ? words.secretOf(key.input) : `${key.variable} in the job env`
  const why =
    status === 401
      ? `${where} is wrong, expired or revoked. Put a valid key in ${secret}`
      : `${where} may not use this model or resource${key.service === 'Bedrock' ? ', or it has expired (short-term Bedrock API keys last at most 12 hours)' : ''}. Check its permissions, or put another key in ${secret}`
  const stop = stopped ? '; Claude Code was stopped at the first refusal instead of retrying for minutes' : ''
  return `API key refused by ${key.service} (HTTP ${status}): ${why}${stop}.`
}
