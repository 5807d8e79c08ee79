// Amazon Bedrock: an assumed role through OIDC, a Bedrock API key, or the ambient AWS chain. The role's
// keys and the API key stay in the action's process: the model gateway signs (or carries) every call, in
// the region it picks, and the CLI holds nothing. The ambient chain is the job's own: the CLI uses it.
import { bedrockUpstream, type BedrockOptions } from '../gateway/upstreams/bedrock.js'
import { log, platform } from '../platform/platform.js'
import { renewingAndReexporting } from '../lib/renewal.js'
import { addSecret } from '../platform/secrets.js'
import type { BedrockSettings, Settings } from '../settings/settings.js'
import { assumeRoleWithOidc, type AwsCredentials } from './aws-role.js'
import type { GatewayPlan, PrepareProvider, ProviderSession } from './provider.js'
import { BEDROCK_SESSION_POLICY } from './session-policy.js'

export const prepareBedrock: PrepareProvider<BedrockSettings> = async ({ settings, provider: bedrock, deadline }) => {
  const session: ProviderSession = {
    region: bedrock.region,
    env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: bedrock.region },
    credentialEnv: {},
    regionEnv: region => ({ AWS_REGION: region }),
    credentialFiles: []
  }
  // The job env's own AWS credentials are secrets like the API key, redacted from the result, the log
  // and the execution file (without a role or key they reach the CLI and sign its calls).
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK']) addSecret(process.env[name])
  const auth = bedrock.auth
  if (auth.kind === 'api-key') {
    addSecret(auth.apiKey)
    session.exportedCredentialEnv = { AWS_BEARER_TOKEN_BEDROCK: auth.apiKey }
    session.gateway = bedrockGateway(settings, bedrock, { apiKey: async () => auth.apiKey })
    log.info('Bedrock: using the Bedrock API key')
    return session
  }
  if (auth.kind === 'ambient') {
    log.info('Bedrock: no role-to-assume or bedrock-api-key given; Claude Code uses the ambient AWS credential chain (env, profile or instance role)')
    return session
  }

  const scope =
    auth.sessionPolicy === undefined
      ? 'no session policy'
      : auth.sessionPolicy === BEDROCK_SESSION_POLICY
        ? 'session policy: Bedrock calls only'
        : 'the session-policy input'
  log.info(`Bedrock: assuming ${auth.roleArn} as session ${auth.sessionName} with the job's OIDC token (${scope})`)
  const credentials = await assumeRoleWithOidc(auth, bedrock.region, deadline)
  log.info(`Bedrock: assumed ${auth.roleArn} in account ${credentials.accountId ?? 'unknown'}, valid until ${new Date(credentials.expiresAt).toISOString()}`)
  let current = credentials
  session.awsAccountId = credentials.accountId
  session.exportedCredentialEnv = credentialVariables(credentials)
  // Renewed in memory; each call is signed with the keys current when it goes out.
  session.gateway = bedrockGateway(settings, bedrock, { credentials: async () => current })
  session.keepFresh = renewingAndReexporting({
    name: 'AWS credentials',
    first: credentials,
    fetch: deadline => assumeRoleWithOidc(auth, bedrock.region, deadline),
    store: next => (current = next),
    reexport: settings.exportCredentials ? exportForLaterSteps : undefined
  })
  return session
}

/**
 * The job's ANTHROPIC_BEDROCK_BASE_URL (a corporate gateway) is where the calls go, else each region's
 * Bedrock endpoint; region and fallback-regions are the regions a call may move across, and the small,
 * fast model keeps to small-fast-model-region.
 */
function bedrockGateway(settings: Settings, bedrock: BedrockSettings, credential: Omit<BedrockOptions, 'endpoint'>): GatewayPlan {
  const { smallFastModel, smallFastModelRegion } = settings.models
  return {
    upstream: bedrockUpstream({ endpoint: process.env.ANTHROPIC_BEDROCK_BASE_URL || undefined, ...credential }),
    regions: [bedrock.region, ...settings.fallbackRegions],
    modelRegions: smallFastModel && smallFastModelRegion ? { [smallFastModel]: [smallFastModelRegion] } : undefined,
    cliEnv: baseUrl => ({ CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', ANTHROPIC_BEDROCK_BASE_URL: baseUrl })
  }
}

function credentialVariables(credentials: AwsCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken
  }
}

/** The renewed keys replace the first ones for later steps (export-credentials); they are masked already. */
function exportForLaterSteps(credentials: AwsCredentials): void {
  for (const [name, value] of Object.entries(credentialVariables(credentials))) platform().exportVariable(name, value)
  log.info(`Bedrock: later steps get the renewed AWS credentials, valid until ${new Date(credentials.expiresAt).toISOString()}`)
}
