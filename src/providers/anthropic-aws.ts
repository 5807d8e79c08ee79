// Claude Platform on AWS (the Claude API run by Anthropic, AWS auth and billing): an assumed role through
// OIDC, a workspace API key, or the job's own AWS chain. The role's keys and the workspace key stay in the
// action's process: the model gateway signs (or carries) every call to the workspace, and the CLI holds
// nothing. The ambient chain is the job's own: the CLI uses it.
import { anthropicAwsUpstream, type AnthropicAwsOptions } from '../gateway/upstreams/anthropic-aws.js'
import { log } from '../platform/platform.js'
import { addSecret } from '../platform/secrets.js'
import type { AnthropicAwsSettings } from '../settings/settings.js'
import { awsCredentialVariables, holdAssumedRole } from './aws-role.js'
import type { GatewayPlan, PrepareProvider, ProviderSession } from './provider.js'
import { ANTHROPIC_AWS_SESSION_POLICY } from './session-policy.js'

const LABEL = 'Claude Platform on AWS'

export const prepareAnthropicAws: PrepareProvider<AnthropicAwsSettings> = async ({ settings, provider: aws, deadline }) => {
  const session: ProviderSession = {
    label: LABEL,
    region: aws.region,
    env: { CLAUDE_CODE_USE_ANTHROPIC_AWS: '1', AWS_REGION: aws.region, ANTHROPIC_AWS_WORKSPACE_ID: aws.workspaceId },
    credentialEnv: {},
    // A workspace answers in its own region only (fallback-regions is refused), so this never moves it.
    regionEnv: region => ({ AWS_REGION: region }),
    credentialFiles: []
  }
  // The job env's own keys are secrets too: redacted from the result, the log and the execution file.
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'ANTHROPIC_AWS_API_KEY']) addSecret(process.env[name])
  const where = `workspace ${aws.workspaceId} in ${aws.region}`
  const auth = aws.auth
  if (auth.kind === 'api-key') {
    addSecret(auth.apiKey)
    session.exportedCredentialEnv = { ANTHROPIC_AWS_API_KEY: auth.apiKey }
    session.gateway = anthropicAwsGateway(aws, { apiKey: async () => auth.apiKey })
    log.info(`${LABEL}: ${where}, with the workspace API key`)
    return session
  }
  if (auth.kind === 'ambient') {
    log.info(
      `${LABEL}: ${where}; no role-to-assume or anthropic-aws-api-key given, so Claude Code uses the ambient AWS credential chain (env, profile or instance role)`
    )
    return session
  }

  const role = await holdAssumedRole({
    label: LABEL,
    auth,
    region: aws.region,
    deadline,
    defaultPolicy: ANTHROPIC_AWS_SESSION_POLICY,
    defaultPolicyWords: 'inference calls only',
    exportCredentials: settings.exportCredentials,
    detail: where
  })
  session.awsAccountId = role.first.accountId
  session.exportedCredentialEnv = awsCredentialVariables(role.first)
  session.gateway = anthropicAwsGateway(aws, { credentials: async () => role.current() })
  session.keepFresh = role.keepFresh
  return session
}

/**
 * The job's ANTHROPIC_AWS_BASE_URL (a corporate gateway, or a stand-in) is where the calls go, else the
 * region's endpoint. The CLI sends unsigned calls to the model gateway, which adds the workspace header.
 */
function anthropicAwsGateway(aws: AnthropicAwsSettings, credential: Pick<AnthropicAwsOptions, 'credentials' | 'apiKey'>): GatewayPlan {
  return {
    upstream: anthropicAwsUpstream({ workspaceId: aws.workspaceId, endpoint: process.env.ANTHROPIC_AWS_BASE_URL || undefined, ...credential }),
    regions: [aws.region],
    cliEnv: baseUrl => ({
      CLAUDE_CODE_USE_ANTHROPIC_AWS: '1',
      CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH: '1',
      AWS_REGION: aws.region,
      ANTHROPIC_AWS_WORKSPACE_ID: aws.workspaceId,
      ANTHROPIC_AWS_BASE_URL: baseUrl
    })
  }
}
