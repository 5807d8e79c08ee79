// Google Vertex AI: Workload Identity Federation with the job's OIDC token (GitHub's or another CI's),
// optionally impersonating a service account, or the job's own Google credentials. Claude Code does the
// token exchange itself from an external_account file; the action keeps that file's JWT fresh.
import { log, platform } from '../platform/platform.js'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { removingFilesOnFailure } from '../lib/remove-files.js'
import { keepRenewing, RENEWAL_DEADLINE_MS } from '../lib/renewal.js'
import type { Settings, VertexSettings } from '../settings/settings.js'
import { externalAccountConfig, refreshTokenFile, writeExternalAccountFile, type WorkloadIdentity, type WrittenToken } from './gcp-external-account.js'
import { exchangeOnce } from './gcp-preflight.js'
import type { PrepareProvider, ProviderSession } from './provider.js'

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
  // The JWT must not wait for the post step after a failed exchange.
  await removingFilesOnFailure(session.credentialFiles, () => useWorkloadIdentity(session, auth, settings, tempDir, deadline))
  log.info(`Vertex: project ${vertex.projectId}, region ${vertex.region}`)
  return session
}

async function useWorkloadIdentity(session: ProviderSession, auth: WorkloadIdentity, settings: Settings, tempDir: string, deadline: number): Promise<void> {
  const tokenFile = path.join(tempDir, 'github-oidc-token.jwt')
  const credentialsFile = path.join(tempDir, 'gcp-external-account.json')
  session.credentialFiles.push(credentialsFile, tokenFile)
  if (process.env.GOOGLE_APPLICATION_CREDENTIALS) {
    log.info(
      `Vertex: the job's GOOGLE_APPLICATION_CREDENTIALS (${process.env.GOOGLE_APPLICATION_CREDENTIALS}) is replaced for Claude Code by the Workload Identity credentials`
    )
  }
  const via = auth.serviceAccount ? `, impersonating ${auth.serviceAccount}` : ', without impersonation (direct resource access)'
  log.info(`Vertex: exchanging the job's OIDC token (audience ${auth.audience}) with ${auth.provider}${via}`)

  let token: WrittenToken = await refreshTokenFile(tokenFile, auth.audience, deadline)
  const config = externalAccountConfig(auth, tokenFile)
  writeExternalAccountFile(credentialsFile, config)
  const refresh = async (): Promise<WrittenToken> => (token = await refreshTokenFile(tokenFile, auth.audience, deadline))
  const access = await exchangeOnce(config, auth, { token, refresh }, deadline)
  const until = access.expiresAt ? `, valid until ${new Date(access.expiresAt).toISOString()}` : ''
  log.info(`Vertex: Google accepted the token; ${auth.serviceAccount ? `impersonated ${auth.serviceAccount}` : 'federated access token issued'}${until}`)

  session.credentialEnv.GOOGLE_APPLICATION_CREDENTIALS = credentialsFile
  const renew = async (abandoned?: AbortSignal): Promise<number> => {
    const next = await refreshTokenFile(tokenFile, auth.audience, Date.now() + RENEWAL_DEADLINE_MS, abandoned)
    if (!abandoned?.aborted) token = next
    return next.expiresAtMs
  }
  // Claude Code exchanges the JWT again for every request, so the file must always hold a live one.
  session.keepFresh = () => {
    const stop = keepRenewing({ name: `${platform().traits.words.idToken} for Google STS`, renew }, token.expiresAtMs)
    return async () => {
      await stop()
      if (settings.exportCredentials) await refreshForLaterSteps(() => renew())
    }
  }
}

/** Later steps get the file with a freshly fetched JWT; it lives as long as the CI lets it. */
async function refreshForLaterSteps(renew: () => Promise<number>): Promise<void> {
  try {
    const expiresAt = await renew()
    log.info(
      `Vertex: GOOGLE_APPLICATION_CREDENTIALS stays usable by later steps until ${new Date(expiresAt).toISOString()}, ` +
        `when its ${platform().traits.words.idToken} expires; Google clients keep the access tokens they obtained before that for up to an hour.`
    )
  } catch (error) {
    log.warning(`Could not refresh the ${platform().traits.words.idToken} for later steps: ${(error as Error).message}`)
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
