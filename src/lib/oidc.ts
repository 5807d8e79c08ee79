// The job's OIDC token (from the platform: GitHub's endpoint, or the CI's id_tokens): fetched with bounded retries, masked at once, decoded for hints.
import { log, platform } from '../platform/platform.js'
import { AttemptTimeoutError, isTransient, withRetry } from './retry.js'
import { addSecret } from '../platform/secrets.js'

export interface OidcToken {
  jwt: string
  subject?: string
  /** Epoch seconds. */
  expiresAt?: number
}

/** A token this close to expiry is replaced before the next exchange attempt: it might expire in flight. */
const TOKEN_MARGIN_MS = 30_000

export function expiresSoon(expiresAtMs: number | undefined): boolean {
  return expiresAtMs !== undefined && expiresAtMs - Date.now() < TOKEN_MARGIN_MS
}

/** Fails fast, with the fix (GitHub: the YAML to add), when the job cannot get an OIDC token. */
export function assertIdTokenAvailable(): void {
  const help = platform().idTokenUnavailable()
  if (help) throw new Error(help)
}

/** Fetches the job's OIDC token; a request that hangs (it cannot be aborted) is abandoned at the deadline. */
export async function fetchIdToken(audience: string, deadline: number): Promise<OidcToken> {
  assertIdTokenAvailable()
  let jwt: string
  try {
    jwt = await withRetry(() => platform().idToken(audience), {
      attempts: 5,
      deadline,
      isRetryable: error => {
        // @actions/core reports only "Error Code : <status>" in its message.
        const status = /Error Code : (\d+)/.exec(String((error as Error).message))?.[1]
        return status === undefined || isTransient(Number(status))
      },
      onRetry: (error, attempt, delayMs) =>
        log.info(`${platform().traits.words.idToken} request failed (${firstLine(error)}); attempt ${attempt + 1} in ${delayMs} ms`)
    })
  } catch (error) {
    if (error instanceof AttemptTimeoutError) {
      throw new Error(
        `${capitalize(platform().traits.words.idTokenSource)} gave no answer before the credential deadline (waited ${error.waitedSeconds} s); re-run the job.`,
        {
          cause: error
        }
      )
    }
    throw error
  }
  addSecret(jwt)
  return { jwt, ...decodeClaims(jwt) }
}

export function decodeClaims(jwt: string): { subject?: string; expiresAt?: number } {
  const claims = readJwtClaims(jwt)
  return {
    subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined
  }
}

/** A JWT's claims, unverified: only for hints and scheduling, never for trust. */
export function readJwtClaims(jwt: string): Record<string, unknown> {
  try {
    const claims: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'

/**
 * What trust-policy hints quote from the token: its issuer, and the claim that names where the job
 * runs, GitHub's `repository` (OWNER/REPO) or GitLab's `project_path` (GROUP/PROJECT).
 */
export function trustClaims(jwt: string): { issuer: string; scopeClaim: 'repository' | 'project_path'; scope?: string } {
  const claims = readJwtClaims(jwt)
  const issuer = typeof claims.iss === 'string' ? claims.iss : GITHUB_ISSUER
  if (typeof claims.project_path === 'string') return { issuer, scopeClaim: 'project_path', scope: claims.project_path }
  return { issuer, scopeClaim: 'repository', scope: typeof claims.repository === 'string' ? claims.repository : undefined }
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
