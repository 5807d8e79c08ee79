// The loopback world a keyless Claude API run needs: GitHub OIDC, Anthropic's token endpoint (which
// spends each jti once) and a model endpoint under the same base URL that takes only its access tokens.
import { createAnthropicOAuth, SAMPLE_RULE, startModel, startOidc } from '../stand-ins/index.js'

type Model = Awaited<ReturnType<typeof startModel>>

export interface AnthropicKeylessWorld {
  model: Model
  oidc: Awaited<ReturnType<typeof startOidc>>
  oauth: ReturnType<typeof createAnthropicOAuth>
  /** The federation ids of the sample rule, and a model. */
  inputs: Record<string, string>
  env: Record<string, string>
  secrets(): string[]
  close(): Promise<void>
}

export interface AnthropicKeylessWorldOptions {
  oidcLifetimeSeconds?: number
  accessTokenLifetimeSeconds?: number
  turns?: NonNullable<Parameters<typeof startModel>[0]>['turns']
  text?: string
}

export async function startAnthropicKeylessWorld(options: AnthropicKeylessWorldOptions = {}): Promise<AnthropicKeylessWorld> {
  const oidc = await startOidc({ lifetimeSeconds: options.oidcLifetimeSeconds })
  const oauth = createAnthropicOAuth({ oidc, accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds })
  const model = await startModel({ oauth, turns: options.turns, text: options.text ?? 'Reviewed without a key.' })
  return {
    model,
    oidc,
    oauth,
    inputs: {
      'anthropic-federation-rule-id': SAMPLE_RULE.id,
      'anthropic-organization-id': SAMPLE_RULE.organizationId,
      'anthropic-service-account-id': SAMPLE_RULE.serviceAccountId,
      model: 'claude-sonnet-4-5'
    },
    env: {
      ANTHROPIC_BASE_URL: model.url,
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      CLAUDE_CODE_MAX_RETRIES: '0'
    },
    secrets: () => [...oidc.issued, ...oauth.exchanges.map(e => e.accessToken), oidc.requestToken],
    close: async () => {
      await model.close()
      await oidc.close()
    }
  }
}

/** The access token a model request carried. */
export const bearerOf = (r: { authorization: string | null }): string => (r.authorization ?? '').replace(/^Bearer /, '')
