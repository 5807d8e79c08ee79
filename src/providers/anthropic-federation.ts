// The Claude API without a key: Anthropic workload identity federation. The action exchanges the job's
// OIDC token (RFC 7523 jwt-bearer) for an access token itself, before Claude Code starts, so a wrong
// rule fails in seconds; it keeps that token in its own process, where the model gateway puts it on each
// call, and renews it with a fresh OIDC token (each can be exchanged once) before it expires. The CLI
// gets no federation variable, no token file and no token cache.
import { log } from '../platform/platform.js'
import { keepRenewing, RENEWAL_DEADLINE_MS } from '../lib/renewal.js'
import type { AnthropicFederation, AnthropicSettings } from '../settings/settings.js'
import { preflightExchange } from './anthropic-preflight.js'
import { claudeApiGateway } from './anthropic.js'
import type { PrepareProvider } from './provider.js'

export const WORKLOAD_IDENTITY_LABEL = 'Claude API (workload identity)'

/** The beta the Messages API wants with a federation access token; the CLI, holding a placeholder key, does not send it. */
const OAUTH_BETA = 'oauth-2025-04-20'

/** Job variables that would win over the federation (an API key, a login, a profile, an inline token); the CLI gets none of them. */
const OVERRIDING_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_IDENTITY_TOKEN', 'ANTHROPIC_PROFILE']

export const prepareAnthropicFederation: PrepareProvider<AnthropicSettings & { federation: AnthropicFederation }> = async ({
  settings,
  provider,
  deadline
}) => {
  const { federation } = provider
  if (settings.exportCredentials) {
    log.warning(
      'export-credentials does not apply to Claude API workload identity: every OIDC token can be exchanged only once, ' +
        'so later steps get no credentials; give them their own step of this action, or their own exchange.'
    )
  }
  const workspace = federation.workspaceId ? `, workspace ${federation.workspaceId}` : ''
  log.info(
    `Claude API: workload identity federation with rule ${federation.ruleId}, service account ${federation.serviceAccountId}${workspace} ` +
      `(OIDC audience ${federation.audience})`
  )
  let access = await preflightExchange(federation, deadline)
  log.info(`Claude API: Anthropic accepted the job's OIDC token; its access token is valid until ${new Date(access.expiresAt).toISOString()}`)
  for (const name of OVERRIDING_VARIABLES.filter(name => process.env[name])) {
    log.info(`Claude API: the job env sets ${name}, which would override workload identity; Claude Code does not get it`)
  }

  return {
    label: WORKLOAD_IDENTITY_LABEL,
    env: {},
    credentialEnv: {},
    // Nothing is exported: a later step could not renew the token.
    exportedCredentialEnv: {},
    gateway: claudeApiGateway({ bearer: async () => access.accessToken, betas: [OAUTH_BETA] }),
    regionEnv: () => ({}),
    credentialFiles: [],
    keepFresh: () =>
      keepRenewing(
        {
          name: 'Claude API access token (workload identity)',
          renew: async abandoned => {
            const next = await preflightExchange(federation, Date.now() + RENEWAL_DEADLINE_MS)
            if (!abandoned.aborted) access = next
            return next.expiresAt
          }
        },
        access.expiresAt
      )
  }
}
