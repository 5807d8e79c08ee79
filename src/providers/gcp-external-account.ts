// The `external_account` configuration: in the action's process with a token supplier, and, only for
// later steps (export-credentials), the file GOOGLE_APPLICATION_CREDENTIALS names, with the OIDC token
// file it names as credential_source. That file holds a JWT for the audience only, never the runner's
// OIDC request URL or token.
import { log, platform } from '../platform/platform.js'
import path from 'node:path'
import { writePrivateFile } from '../lib/private-file.js'
import { RENEWAL_DEADLINE_MS } from '../lib/renewal.js'
import type { VertexAuth } from '../settings/settings.js'
import { refreshTokenFile } from './oidc-token-file.js'
import type { ProviderSession } from './provider.js'

export { refreshTokenFile, type WrittenToken } from './oidc-token-file.js'

export type WorkloadIdentity = Extract<VertexAuth, { kind: 'workload-identity' }>

export interface ExternalAccountBase {
  type: 'external_account'
  /** What Google STS expects: `//iam.googleapis.com/` + the provider (not the JWT's `aud`). */
  audience: string
  subject_token_type: 'urn:ietf:params:oauth:token-type:jwt'
  token_url: string
  service_account_impersonation_url?: string
}

export interface ExternalAccountConfig extends ExternalAccountBase {
  credential_source: { file: string; format: { type: 'text' } }
}

/** Everything but where the subject token comes from. */
export function externalAccountBase(auth: WorkloadIdentity): ExternalAccountBase {
  const base: ExternalAccountBase = {
    type: 'external_account',
    audience: `//iam.googleapis.com/${auth.provider}`,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${auth.stsEndpoint}/v1/token`
  }
  if (auth.serviceAccount) {
    base.service_account_impersonation_url = `${auth.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${auth.serviceAccount}:generateAccessToken`
  }
  return base
}

export function externalAccountConfig(auth: WorkloadIdentity, tokenFile: string): ExternalAccountConfig {
  const { service_account_impersonation_url: impersonation, ...base } = externalAccountBase(auth)
  // Keys in the order Google's own files have them.
  return {
    ...base,
    credential_source: { file: tokenFile, format: { type: 'text' } },
    ...(impersonation ? { service_account_impersonation_url: impersonation } : {})
  }
}

export function writeExternalAccountFile(file: string, config: ExternalAccountConfig): void {
  writePrivateFile(file, `${JSON.stringify(config, null, 2)}\n`)
}

/**
 * export-credentials: later steps get GOOGLE_APPLICATION_CREDENTIALS, an external_account file and its
 * OIDC token file, written when renewal stops, after the CLI has exited, so the CLI never sees them.
 * `label` names the provider in the log.
 */
export function handToLaterSteps(session: ProviderSession, auth: WorkloadIdentity, tempDir: string, label: string): void {
  const tokenFile = path.join(tempDir, 'github-oidc-token.jwt')
  const credentialsFile = path.join(tempDir, 'gcp-external-account.json')
  session.credentialFiles.push(credentialsFile, tokenFile)
  session.exportedCredentialEnv = { GOOGLE_APPLICATION_CREDENTIALS: credentialsFile }
  session.keepFresh = () => async () => {
    try {
      const token = await refreshTokenFile(tokenFile, auth.audience, Date.now() + RENEWAL_DEADLINE_MS)
      writeExternalAccountFile(credentialsFile, externalAccountConfig(auth, tokenFile))
      log.info(
        `${label}: GOOGLE_APPLICATION_CREDENTIALS stays usable by later steps until ${new Date(token.expiresAtMs).toISOString()}, ` +
          `when its ${platform().traits.words.idToken} expires; Google clients keep the access tokens they obtained before that for up to an hour.`
      )
    } catch (error) {
      log.warning(`Could not refresh the ${platform().traits.words.idToken} for later steps: ${(error as Error).message}`)
    }
  }
}
