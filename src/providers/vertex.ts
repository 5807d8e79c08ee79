// Google Vertex AI: Workload Identity Federation with the job's OIDC token (GitHub's or another CI's),
// optionally impersonating a service account, or the job's own Google credentials. With WIF the action
// gets the access tokens in its own process and the model gateway puts them on each call; the CLI gets no
// credentials file and no token. export-credentials still hands later steps an external_account file,
// written once the CLI has exited.
import { log, platform } from '../platform/platform.js'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { vertexUpstream } from '../gateway/upstreams/vertex.js'
import { RENEWAL_DEADLINE_MS } from '../lib/renewal.js'
import type { Settings, VertexSettings } from '../settings/settings.js'
import { externalAccountConfig, refreshTokenFile, writeExternalAccountFile, type WorkloadIdentity } from './gcp-external-account.js'
import { accessToken, exchangeOnce, jobTokenSupplier, workloadIdentityClient } from './gcp-preflight.js'
import type { GatewayPlan, PrepareProvider, ProviderSession } from './provider.js'

/** Variables Claude Code or google-auth-library may read a project from besides ANTHROPIC_VERTEX_PROJECT_ID. */
const PROJECT_VARIABLES = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT'] as const

export const prepareVertex: PrepareProvider<VertexSettings> = async ({ settings, provider: vertex, tempDir, deadline }) => {
  warnAboutOtherProjects(vertex.projectId, process.env)
  const session: ProviderSession = {
    region: vertex.region,
    env: {
      CLAUDE_CODE_USE_VERTEX: '1',
      CLOUD_ML_REGION: vertex.region,
      ANTHROPIC_VERTEX_PROJECT_ID: vertex.projectId,
      // So every Google client the CLI (or a tool it runs) creates resolves the same project.
      GOOGLE_CLOUD_PROJECT: vertex.projectId,
      GCLOUD_PROJECT: vertex.projectId
    },
    credentialEnv: {},
    regionEnv: region => ({ CLOUD_ML_REGION: region }),
    credentialFiles: []
  }
  const auth = vertex.auth
  if (auth.kind === 'ambient') {
    describeAmbientCredentials(vertex.projectId, process.env)
    log.info(`Vertex: project ${vertex.projectId}, region ${vertex.region}`)
    return session
  }
  await useWorkloadIdentity(session, vertex, auth, settings, tempDir, deadline)
  log.info(`Vertex: project ${vertex.projectId}, region ${vertex.region}`)
  return session
}

async function useWorkloadIdentity(
  session: ProviderSession,
  vertex: VertexSettings,
  auth: WorkloadIdentity,
  settings: Settings,
  tempDir: string,
  deadline: number
): Promise<void> {
  if (process.env.GOOGLE_APPLICATION_CREDENTIALS) {
    log.info(
      `Vertex: the job's GOOGLE_APPLICATION_CREDENTIALS (${process.env.GOOGLE_APPLICATION_CREDENTIALS}) is not given to Claude Code; the model gateway authorizes its calls with the Workload Identity credentials`
    )
  }
  const via = auth.serviceAccount ? `, impersonating ${auth.serviceAccount}` : ', without impersonation (direct resource access)'
  log.info(`Vertex: exchanging the job's OIDC token (audience ${auth.audience}) with ${auth.provider}${via}`)

  const subject = jobTokenSupplier(auth.audience, deadline)
  // Fetched first, so a job that cannot get an OIDC token is told so, not that Google is unreachable.
  await subject.getSubjectToken()
  const client = workloadIdentityClient(auth, subject)
  const access = await exchangeOnce(client, auth, subject, deadline)
  const until = access.expiresAt ? `, valid until ${new Date(access.expiresAt).toISOString()}` : ''
  log.info(`Vertex: Google accepted the token; ${auth.serviceAccount ? `impersonated ${auth.serviceAccount}` : 'federated access token issued'}${until}`)
  // The client keeps the access token and exchanges a fresh OIDC token for a new one when it runs out.
  session.gateway = vertexGateway(settings, vertex, () => accessToken(client))
  if (settings.exportCredentials) handToLaterSteps(session, auth, tempDir)
}

/**
 * The job's ANTHROPIC_VERTEX_BASE_URL (a corporate gateway) is where the calls go, else each region's
 * Vertex endpoint; region and fallback-regions are the regions a call may move across.
 */
function vertexGateway(settings: Settings, vertex: VertexSettings, token: () => Promise<string>): GatewayPlan {
  return {
    upstream: vertexUpstream({ token, project: vertex.projectId, endpoint: process.env.ANTHROPIC_VERTEX_BASE_URL || undefined }),
    regions: [vertex.region, ...settings.fallbackRegions],
    cliEnv: baseUrl => ({ CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', ANTHROPIC_VERTEX_BASE_URL: `${baseUrl}/v1` })
  }
}

/**
 * export-credentials: later steps get GOOGLE_APPLICATION_CREDENTIALS, an external_account file and its
 * OIDC token file, written when renewal stops, after the CLI has exited, so the CLI never sees them.
 */
function handToLaterSteps(session: ProviderSession, auth: WorkloadIdentity, tempDir: string): void {
  const tokenFile = path.join(tempDir, 'github-oidc-token.jwt')
  const credentialsFile = path.join(tempDir, 'gcp-external-account.json')
  session.credentialFiles.push(credentialsFile, tokenFile)
  session.exportedCredentialEnv = { GOOGLE_APPLICATION_CREDENTIALS: credentialsFile }
  session.keepFresh = () => async () => {
    try {
      const token = await refreshTokenFile(tokenFile, auth.audience, Date.now() + RENEWAL_DEADLINE_MS)
      writeExternalAccountFile(credentialsFile, externalAccountConfig(auth, tokenFile))
      log.info(
        `Vertex: GOOGLE_APPLICATION_CREDENTIALS stays usable by later steps until ${new Date(token.expiresAtMs).toISOString()}, ` +
          `when its ${platform().traits.words.idToken} expires; Google clients keep the access tokens they obtained before that for up to an hour.`
      )
    } catch (error) {
      log.warning(`Could not refresh the ${platform().traits.words.idToken} for later steps: ${(error as Error).message}`)
    }
  }
}

/** Claude Code's URL uses ANTHROPIC_VERTEX_PROJECT_ID; other variables naming another project mislead. */
export function warnAboutOtherProjects(projectId: string, env: NodeJS.ProcessEnv): void {
  for (const name of ['ANTHROPIC_VERTEX_PROJECT_ID', ...PROJECT_VARIABLES]) {
    const value = env[name]
    if (value && value !== projectId) {
      log.warning(`The job sets ${name}=${value}, but Vertex runs in project ${projectId} (project-id); Claude Code gets ${name}=${projectId}.`)
    }
  }
}

/** Says which Google credentials Claude Code will find, and where their project differs. */
function describeAmbientCredentials(projectId: string, env: NodeJS.ProcessEnv): void {
  const file = env.GOOGLE_APPLICATION_CREDENTIALS
  if (!file) {
    log.info(
      'Vertex: no workload-identity-provider given; Claude Code uses Application Default Credentials ' +
        '(gcloud auth application-default login, or the metadata server of a Google Cloud runner)'
    )
    return
  }
  log.info(`Vertex: no workload-identity-provider given; Claude Code uses the job's GOOGLE_APPLICATION_CREDENTIALS (${file})`)
  let credentials: { quota_project_id?: string }
  try {
    credentials = JSON.parse(readFileSync(file, 'utf8')) as typeof credentials
  } catch (error) {
    log.warning(
      `GOOGLE_APPLICATION_CREDENTIALS names ${file}, which cannot be read as JSON (${(error as Error).message}); Claude Code will fail to authenticate.`
    )
    return
  }
  // A key file's project_id does not move the requests (ANTHROPIC_VERTEX_PROJECT_ID does), but its
  // quota project is sent as x-goog-user-project and must allow this principal to use it.
  const quota = credentials.quota_project_id
  if (quota && quota !== projectId) {
    log.warning(`The credentials file ${file} sets quota_project_id ${quota}: Vertex requests in project ${projectId} will be charged to its quota.`)
  }
}
