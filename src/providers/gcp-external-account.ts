// The `external_account` credentials file Claude Code's google-auth-library reads through
// GOOGLE_APPLICATION_CREDENTIALS, and the OIDC token file it names as credential_source.
// The file holds a JWT for the audience only, never the runner's OIDC request URL or token.
import { writePrivateFile } from '../lib/private-file.js'
import type { VertexAuth } from '../settings/settings.js'

export { refreshTokenFile, type WrittenToken } from './oidc-token-file.js'

export type WorkloadIdentity = Extract<VertexAuth, { kind: 'workload-identity' }>

export interface ExternalAccountConfig {
  type: 'external_account'
  /** What Google STS expects: `//iam.googleapis.com/` + the provider (not the JWT's `aud`). */
  audience: string
  subject_token_type: 'urn:ietf:params:oauth:token-type:jwt'
  token_url: string
  credential_source: { file: string; format: { type: 'text' } }
  service_account_impersonation_url?: string
}

export function externalAccountConfig(auth: WorkloadIdentity, tokenFile: string): ExternalAccountConfig {
  const config: ExternalAccountConfig = {
    type: 'external_account',
    audience: `//iam.googleapis.com/${auth.provider}`,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${auth.stsEndpoint}/v1/token`,
    credential_source: { file: tokenFile, format: { type: 'text' } }
  }
  if (auth.serviceAccount) {
    config.service_account_impersonation_url = `${auth.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${auth.serviceAccount}:generateAccessToken`
  }
  return config
}

export function writeExternalAccountFile(file: string, config: ExternalAccountConfig): void {
  writePrivateFile(file, `${JSON.stringify(config, null, 2)}\n`)
}
