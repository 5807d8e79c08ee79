// The `external_account` configuration: in the action's process with a token supplier, and, only for
// later steps (export-credentials), the file GOOGLE_APPLICATION_CREDENTIALS names, with the OIDC token
// file it names as credential_source. That file holds a JWT for the audience only, never the runner's
// OIDC request URL or token.
import { writePrivateFile } from '../lib/private-file.js'
import type { VertexAuth } from '../settings/settings.js'

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
