// Google access tokens from the job's OIDC token, in the action's process: google-auth-library's
// external account client, fed the job's token by a supplier (no token file), exchanging it with STS
// (and impersonating the service account) and caching and refreshing the access token. One exchange
// before Claude Code starts makes a wrong provider name, a failing attribute condition or a missing
// impersonation grant fail in seconds with its cause named; the model gateway then asks the same
// client for a token on each call.
import { log, platform } from '../platform/platform.js'
import { IdentityPoolClient, type SubjectTokenSupplier } from 'google-auth-library'
import { expiresSoon, fetchIdToken, readJwtClaims, trustClaims } from '../lib/oidc.js'
import { RENEWAL_DEADLINE_MS } from '../lib/renewal.js'
import { AttemptTimeoutError, isTransient, withRetry } from '../lib/retry.js'
import { addSecret } from '../platform/secrets.js'
import { externalAccountBase, type WorkloadIdentity } from './gcp-external-account.js'

export interface GoogleAccessToken {
  token: string
  /** Epoch ms, when Google said. */
  expiresAt?: number
}

interface GoogleError {
  message?: string
  code?: string
  status?: number
  response?: { status?: number; data?: unknown; config?: { url?: string | URL } }
  config?: { url?: string | URL }
}

/** What the exchange failure was: which hop, and Google's own words. */
export interface ExchangeFailure {
  hop: 'sts' | 'iam' | 'network'
  status?: number
  /** OAuth error (invalid_target, ...) for STS; Google status (PERMISSION_DENIED, ...) for IAM. */
  code?: string
  description: string
  url?: string
}

/** Hands google-auth-library the job's OIDC token; `last()` is the one it was given last (for hints). */
export interface JobTokenSupplier {
  /** A google-auth-library SubjectTokenSupplier's one method (it ignores the context it is given). */
  getSubjectToken(): Promise<string>
  last(): string
}

/** GitHub's OIDC tokens live five minutes; assumed when a token carries no `exp`. */
const DEFAULT_TOKEN_LIFE_MS = 5 * 60_000

/**
 * The job's OIDC token for the audience, fetched when none is held or the held one expires soon (Google
 * STS takes one token many times); within the credential phase by its deadline, later by a renewal's.
 */
export function jobTokenSupplier(audience: string, credentialDeadline: number): JobTokenSupplier {
  let current: { jwt: string; expiresAtMs: number } | undefined
  return {
    async getSubjectToken() {
      if (!current || expiresSoon(current.expiresAtMs)) {
        const deadline = Date.now() < credentialDeadline ? credentialDeadline : Date.now() + RENEWAL_DEADLINE_MS
        const token = await fetchIdToken(audience, deadline)
        current = { jwt: token.jwt, expiresAtMs: token.expiresAt ? token.expiresAt * 1000 : Date.now() + DEFAULT_TOKEN_LIFE_MS }
      }
      return current.jwt
    },
    last: () => current?.jwt ?? ''
  }
}

/** The client that turns the supplier's tokens into Google access tokens (STS, then IAM Credentials when impersonating). */
export function workloadIdentityClient(auth: WorkloadIdentity, supplier: SubjectTokenSupplier): IdentityPoolClient {
  // The transports honour HTTPS_PROXY / NO_PROXY themselves (gaxios).
  return new IdentityPoolClient({ ...externalAccountBase(auth), subject_token_supplier: supplier })
}

/** A current access token from the client (cached until close to expiry, then refreshed), masked. */
export async function accessToken(client: IdentityPoolClient): Promise<string> {
  const { token } = await client.getAccessToken()
  if (!token) throw new Error('Google answered without an access token')
  addSecret(token)
  return token
}

export async function exchangeOnce(
  client: IdentityPoolClient,
  auth: WorkloadIdentity,
  subject: JobTokenSupplier,
  deadline: number
): Promise<GoogleAccessToken> {
  try {
    // The supplier replaces a token that expires soon, so a retry never sends one that expires in flight.
    // An attempt that hangs is abandoned at the deadline (google-auth-library takes no abort signal).
    const token = await withRetry(() => accessToken(client), {
      attempts: 2,
      deadline,
      // gaxios has already retried 5xx and dropped connections three times by now.
      isRetryable: error => {
        const failure = describeFailure(error as GoogleError)
        return isTransient(failure.status, failure.code)
      },
      onRetry: (error, attempt, delayMs) =>
        log.info(`Google token exchange failed (${summary(describeFailure(error as GoogleError))}); attempt ${attempt + 1} in ${delayMs} ms`)
    })
    return { token, expiresAt: client.credentials.expiry_date ?? undefined }
  } catch (error) {
    throw new Error(explainExchangeError(describeFailure(error as GoogleError), auth, subject.last()), { cause: error })
  }
}

export function describeFailure(error: GoogleError): ExchangeFailure {
  if (error instanceof AttemptTimeoutError) {
    return { hop: 'network', code: error.code, description: `no answer before the credential deadline (waited ${error.waitedSeconds} s)` }
  }
  const response = error.response
  const url = String(response?.config?.url ?? error.config?.url ?? '')
  const data = response?.data as { error?: unknown; error_description?: unknown } | undefined
  if (!response) return { hop: 'network', code: error.code, description: error.message ?? String(error), url: url || undefined }
  if (typeof data?.error === 'string') {
    // Google STS answers in OAuth form: {"error": "invalid_target", "error_description": "..."}.
    return { hop: 'sts', status: response.status, code: data.error, description: String(data.error_description ?? ''), url }
  }
  const google = data?.error as { message?: string; status?: string } | undefined
  return {
    hop: url.includes(':generateAccessToken') ? 'iam' : 'sts',
    status: response.status,
    code: google?.status,
    description: google?.message ?? error.message ?? '',
    url
  }
}

function summary(failure: ExchangeFailure): string {
  return [failure.code, failure.status ? `HTTP ${failure.status}` : undefined].filter(Boolean).join(', ') || failure.description
}

/** Turns Google's terse answers into the likely cause and the fix. */
export function explainExchangeError(failure: ExchangeFailure, auth: WorkloadIdentity, subjectToken: string): string {
  const claims = readJwtClaims(subjectToken) as { sub?: string; ref?: string; aud?: string }
  // GitHub's tokens name the repository, GitLab's the project_path; the hints quote whichever it has.
  const { issuer, scopeClaim, scope } = trustClaims(subjectToken)
  const scopeExample = scope ?? (scopeClaim === 'repository' ? 'OWNER/REPO' : 'GROUP/PROJECT')
  const google = `${summary(failure)}: ${failure.description}`
  const pool = auth.provider.replace(/\/providers\/[^/]+$/, '')
  const { words } = platform().traits
  if (failure.hop === 'network') {
    return (
      `Could not reach ${failure.url || 'Google'} for the token exchange: ${failure.description}\n` +
      'Check sts-endpoint and iam-credentials-endpoint, and HTTPS_PROXY / NO_PROXY if the runner needs a proxy (both are honoured).'
    )
  }
  if (failure.hop === 'sts') {
    switch (failure.code) {
      case 'invalid_target':
        return (
          `Google STS does not know the workload identity provider ${auth.provider} (${google})\n` +
          'Check workload-identity-provider: it takes the project number (not the id), and the pool and provider must exist and be enabled: ' +
          `gcloud iam workload-identity-pools providers describe ${auth.provider.split('/').pop()} --workload-identity-pool=${pool.split('/').pop()} --location=global --project=${auth.provider.split('/')[1]}`
        )
      case 'unauthorized_client':
        return (
          `The provider's attribute condition rejected this job's token (${google})\n` +
          `This job's token has sub "${claims.sub ?? 'unknown'}", ${scopeClaim} "${scope ?? 'unknown'}" and ref "${claims.ref ?? 'unknown'}"; ` +
          `change the provider's --attribute-condition to admit it, e.g. assertion.${scopeClaim} == '${scopeExample}'.`
        )
      case 'invalid_grant':
        return (
          `Google STS refused the ${words.idToken} (${google})\n` +
          `The token's audience is "${claims.aud ?? auth.audience}": the provider's allowed audiences must include it (or be empty, which admits https://iam.googleapis.com/${auth.provider}), ` +
          `and its issuer must be ${issuer}. Set the ${words.audienceSetting} to match the provider.`
        )
      case 'invalid_request':
        return `Google STS refused the token exchange for ${auth.provider} (${google})\nCheck workload-identity-provider and audience.`
    }
    return `The Google STS token exchange for ${auth.provider} failed (${google})`
  }
  const account = auth.serviceAccount ?? 'the service account'
  if (failure.status === 403) {
    return (
      `This job may not impersonate ${account} (${google})\n` +
      "Grant roles/iam.workloadIdentityUser on the service account to the job's federated principal, e.g.\n" +
      `  gcloud iam service-accounts add-iam-policy-binding ${account} --role=roles/iam.workloadIdentityUser ` +
      `--member="principalSet://iam.googleapis.com/${pool}/attribute.${scopeClaim}/${scopeExample}"\n` +
      "and check that the IAM Service Account Credentials API (iamcredentials.googleapis.com) is enabled in the service account's project."
    )
  }
  if (failure.status === 404) {
    return `The service account ${account} was not found (${google})\nCheck service-account: it must exist, in the project its email names.`
  }
  return `IAM Credentials generateAccessToken for ${account} failed (${google})`
}
