// The `external_account` credentials file Claude Code's google-auth-library reads through
// GOOGLE_APPLICATION_CREDENTIALS, and the GitHub OIDC token file it names as credential_source.
// The file holds a JWT for the audience only, never the runner's OIDC request URL or token.
import { fetchIdToken, type OidcToken } from '../oidc.js'
import { writePrivateFile } from '../private-file.js'
import type { VertexAuth } from '../settings.js'

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

/** A GitHub OIDC token as written to the token file, with its expiry in epoch ms. */
export interface WrittenToken extends OidcToken {
  expiresAtMs: number
}

/** GitHub's OIDC tokens live five minutes; assumed when a token carries no `exp`. */
const DEFAULT_TOKEN_LIFE_MS = 5 * 60_000

export function externalAccountConfig(auth: WorkloadIdentity, tokenFile: string): ExternalAccountConfig {
  const config: ExternalAccountConfig = {
    type: 'external_account',
    audience: `//iam.googleapis.com/${auth.provider}`,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: `${auth.stsEndpoint}/v1/token`,
    credential_source: { file: tokenFile, format: { type: 'text' } }
  }
  if (auth.serviceAccount) {
    config.service_account_impersonation_url =
      `${auth.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${auth.serviceAccount}:generateAccessToken`
  }
  return config
}

export function writeExternalAccountFile(file: string, config: ExternalAccountConfig): void {
  writePrivateFile(file, `${JSON.stringify(config, null, 2)}\n`)
}

/**
 * Fetches a fresh GitHub OIDC token for the audience and replaces the token file with it, atomically;
 * not when `abandoned` has aborted meanwhile (the file may be gone, and must stay gone).
 */
export async function refreshTokenFile(file: string, audience: string, deadline: number, abandoned?: AbortSignal): Promise<WrittenToken> {
  const token = await fetchIdToken(audience, deadline)
  if (!abandoned?.aborted) writePrivateFile(file, token.jwt)
  return { ...token, expiresAtMs: token.expiresAt ? token.expiresAt * 1000 : Date.now() + DEFAULT_TOKEN_LIFE_MS }
}
