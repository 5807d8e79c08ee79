// Microsoft Foundry: keyless through Entra workload identity federation (the job's OIDC token for an
// Entra access token), a Foundry API key, or the job's own Azure credentials (an earlier azure/login).
//
// The Entra token and the key stay in the action's process: the model gateway puts them on each call
// in place of the placeholder bearer the CLI sends (CLAUDE_CODE_SKIP_FOUNDRY_AUTH). Entra tokens live
// 60-90 minutes; the action renews them in memory at half their life, so a run of any length needs no
// restart, no token file and no `az` shim. The job's own Azure credentials are the CLI's to use.
import { NO_REGION } from '../gateway/upstreams/anthropic.js'
import { foundryUpstream, type FoundryOptions } from '../gateway/upstreams/foundry.js'
import { log, platform } from '../platform/platform.js'
import { renewingAndReexporting } from '../lib/renewal.js'
import { addSecret } from '../platform/secrets.js'
import type { FoundryAuth, FoundrySettings, Settings } from '../settings/settings.js'
import { exchangeWithEntra } from './entra.js'
import type { GatewayPlan, PrepareProvider, ProviderSession } from './provider.js'

type WorkloadIdentity = Extract<FoundryAuth, { kind: 'workload-identity' }>

export const prepareFoundry: PrepareProvider<FoundrySettings> = async ({ settings, provider: foundry, deadline }) => {
  const session: ProviderSession = {
    env: {
      CLAUDE_CODE_USE_FOUNDRY: '1',
      ...(foundry.resource ? { ANTHROPIC_FOUNDRY_RESOURCE: foundry.resource } : { ANTHROPIC_FOUNDRY_BASE_URL: foundry.baseUrl ?? '' })
    },
    credentialEnv: {},
    regionEnv: () => ({}),
    credentialFiles: []
  }
  const where = foundry.resource ? `resource ${foundry.resource}` : foundry.baseUrl
  const auth = foundry.auth
  if (auth.kind === 'api-key') {
    addSecret(auth.apiKey)
    session.exportedCredentialEnv = { ANTHROPIC_FOUNDRY_API_KEY: auth.apiKey }
    session.gateway = foundryGateway(foundry, { apiKey: async () => auth.apiKey })
    log.info(`Foundry: ${where}, with the Foundry API key`)
    return session
  }
  if (auth.kind === 'ambient') {
    log.info(
      `Foundry: ${where}; no azure-client-id or foundry-api-key given, so Claude Code uses the job's Azure credentials ` +
        '(ANTHROPIC_FOUNDRY_AUTH_TOKEN or ANTHROPIC_FOUNDRY_API_KEY in the env, AZURE_CLIENT_SECRET, or the Azure CLI login of an earlier azure/login step)'
    )
    return session
  }
  await useWorkloadIdentity(session, foundry, auth, settings, deadline)
  log.info(`Foundry: ${where}`)
  return session
}

async function useWorkloadIdentity(
  session: ProviderSession,
  foundry: FoundrySettings,
  auth: WorkloadIdentity,
  settings: Settings,
  deadline: number
): Promise<void> {
  log.info(
    `Foundry: exchanging the job's OIDC token (audience ${auth.audience}) with Entra (${auth.authorityHost}) for app ${auth.clientId} in tenant ${auth.tenantId}`
  )
  const first = await exchangeWithEntra(auth, deadline)
  log.info(`Foundry: Entra issued an access token, valid until ${new Date(first.expiresAt).toISOString()}`)
  let current = first
  session.gateway = foundryGateway(foundry, { token: async () => current.accessToken })
  // Later steps (export-credentials) get the token itself.
  session.exportedCredentialEnv = { ANTHROPIC_FOUNDRY_AUTH_TOKEN: first.accessToken }
  session.keepFresh = renewingAndReexporting({
    name: 'Entra access token for Foundry',
    first,
    fetch: deadline => exchangeWithEntra(auth, deadline),
    store: next => (current = next),
    reexport: settings.exportCredentials
      ? latest => {
          platform().exportVariable('ANTHROPIC_FOUNDRY_AUTH_TOKEN', latest.accessToken)
          log.info(`Foundry: later steps get the renewed Entra access token, valid until ${new Date(latest.expiresAt).toISOString()}`)
        }
      : undefined
  })
}

/** The resource's endpoint is where the calls go; the CLI's base URL is the gateway, its bearer a placeholder. */
function foundryGateway(foundry: FoundrySettings, credential: Omit<FoundryOptions, 'endpoint'>): GatewayPlan {
  return {
    upstream: foundryUpstream({ endpoint: foundry.baseUrl ?? `https://${foundry.resource}.services.ai.azure.com/anthropic`, ...credential }),
    regions: [NO_REGION],
    cliEnv: baseUrl => ({ CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1', ANTHROPIC_FOUNDRY_BASE_URL: baseUrl, ANTHROPIC_FOUNDRY_RESOURCE: undefined })
  }
}
