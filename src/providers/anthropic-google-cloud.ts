// Claude on Google Cloud, operated by Anthropic (the Claude API with Google credentials and billing):
// Workload Identity Federation with the job's OIDC token, optionally impersonating a service account, or
// the job's own Google credentials. With WIF the action gets the access tokens in its own process, as for
// Vertex, and the model gateway puts them on each call to the workspace; the CLI holds no credential.
import { anthropicGoogleCloudUpstream } from '../gateway/upstreams/anthropic-google-cloud.js'
import { log } from '../platform/platform.js'
import type { AnthropicGoogleCloudSettings } from '../settings/settings.js'
import { handToLaterSteps } from './gcp-external-account.js'
import { accessToken, exchangeOnce, jobTokenSupplier, workloadIdentityClient } from './gcp-preflight.js'
import type { GatewayPlan, PrepareProvider, ProviderSession } from './provider.js'

const LABEL = 'Claude on Google Cloud'

/** Where the CLI's Google auth library, or a tool's, may read a project from. */
const PROJECT_VARIABLES = ['ANTHROPIC_GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'] as const

export const prepareAnthropicGoogleCloud: PrepareProvider<AnthropicGoogleCloudSettings> = async ({ settings, provider: google, tempDir, deadline }) => {
  for (const name of PROJECT_VARIABLES) {
    const value = process.env[name]
    if (value && value !== google.projectId) {
      log.warning(`The job sets ${name}=${value}, but ${LABEL} runs in project ${google.projectId} (project-id); Claude Code gets ${name}=${google.projectId}.`)
    }
  }
  const session: ProviderSession = {
    label: LABEL,
    region: google.region,
    env: {
      CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1',
      ANTHROPIC_GOOGLE_CLOUD_PROJECT: google.projectId,
      ANTHROPIC_GOOGLE_CLOUD_LOCATION: google.region,
      ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: google.workspaceId,
      // Else the CLI's Google auth library looks the project up itself (gcloud, the metadata server, then
      // Cloud Resource Manager, which an account holding only roles/claude.user may not read).
      GOOGLE_CLOUD_PROJECT: google.projectId,
      GCLOUD_PROJECT: google.projectId
    },
    credentialEnv: {},
    // A workspace lives in one location (fallback-regions is refused), so this never moves it.
    regionEnv: region => ({ ANTHROPIC_GOOGLE_CLOUD_LOCATION: region }),
    credentialFiles: []
  }
  const where = `project ${google.projectId}, location ${google.region}, workspace ${google.workspaceId}`
  const auth = google.auth
  if (auth.kind === 'ambient') {
    const source = process.env.GOOGLE_APPLICATION_CREDENTIALS
      ? `the job's GOOGLE_APPLICATION_CREDENTIALS (${process.env.GOOGLE_APPLICATION_CREDENTIALS})`
      : 'Application Default Credentials (gcloud auth application-default login, or the metadata server of a Google Cloud runner)'
    log.info(`${LABEL}: ${where}; no workload-identity-provider given, so Claude Code uses ${source}`)
    return session
  }
  if (process.env.GOOGLE_APPLICATION_CREDENTIALS) {
    log.info(
      `${LABEL}: the job's GOOGLE_APPLICATION_CREDENTIALS (${process.env.GOOGLE_APPLICATION_CREDENTIALS}) is not given to Claude Code; the model gateway authorizes its calls with the Workload Identity credentials`
    )
  }
  const via = auth.serviceAccount ? `, impersonating ${auth.serviceAccount}` : ', without impersonation (direct resource access)'
  log.info(`${LABEL}: exchanging the job's OIDC token (audience ${auth.audience}) with ${auth.provider}${via}`)
  const subject = jobTokenSupplier(auth.audience, deadline)
  const client = workloadIdentityClient(auth, subject)
  const access = await exchangeOnce(client, auth, subject, deadline)
  const until = access.expiresAt ? `, valid until ${new Date(access.expiresAt).toISOString()}` : ''
  log.info(
    `${LABEL}: Google accepted the token; ${auth.serviceAccount ? `impersonated ${auth.serviceAccount}` : 'federated access token issued'}${until}; ${where}`
  )
  // The client keeps the access token and exchanges a fresh OIDC token for a new one when it runs out.
  session.gateway = anthropicGoogleCloudGateway(google, () => accessToken(client), process.env)
  if (settings.exportCredentials) handToLaterSteps(session, auth, tempDir, LABEL)
  return session
}

/**
 * The calls go to claude.googleapis.com under the project, location and workspace, or under the job's
 * ANTHROPIC_GOOGLE_CLOUD_BASE_URL, read as the CLI reads it (everything up to `/invoke`).
 */
export function anthropicGoogleCloudGateway(google: AnthropicGoogleCloudSettings, token: () => Promise<string>, env: NodeJS.ProcessEnv): GatewayPlan {
  return {
    upstream: anthropicGoogleCloudUpstream({
      token,
      project: google.projectId,
      workspaceId: google.workspaceId,
      invokeBase: env.ANTHROPIC_GOOGLE_CLOUD_BASE_URL || undefined
    }),
    regions: [google.region],
    cliEnv: baseUrl => ({
      CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1',
      CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH: '1',
      ANTHROPIC_GOOGLE_CLOUD_PROJECT: google.projectId,
      GOOGLE_CLOUD_PROJECT: google.projectId,
      ANTHROPIC_GOOGLE_CLOUD_LOCATION: google.region,
      ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: google.workspaceId,
      ANTHROPIC_GOOGLE_CLOUD_BASE_URL: baseUrl
    })
  }
}
