// Amazon Bedrock: an assumed role through OIDC, a Bedrock API key, or the ambient AWS chain. The role's
// keys and the API key stay in the action's process: the model gateway signs (or carries) every call, in
// the region it picks, and the CLI holds nothing. The ambient chain is the job's own: the CLI uses it.
import { bedrockUpstream, type BedrockOptions } from '../gateway/upstreams/bedrock.js'
import { log } from '../platform/platform.js'
import { addSecret } from '../platform/secrets.js'
import type { BedrockSettings, Settings } from '../settings/settings.js'
import { awsCredentialVariables, holdAssumedRole } from './aws-role.js'
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

  const role = await holdAssumedRole({
    label: 'Bedrock',
    auth,
    region: bedrock.region,
    deadline,
    defaultPolicy: BEDROCK_SESSION_POLICY,
    defaultPolicyWords: 'Bedrock calls only',
    exportCredentials: settings.exportCredentials
  })
  session.awsAccountId = role.first.accountId
  session.exportedCredentialEnv = awsCredentialVariables(role.first)
  session.gateway = bedrockGateway(settings, bedrock, { credentials: async () => role.current() })
  session.keepFresh = role.keepFresh
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
