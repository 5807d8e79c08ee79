// The action's exchange of the job's OIDC token for a Claude API access token: before Claude Code starts,
// so a wrong rule, organization, service account, audience or subject fails in seconds with the input
// named, and again (with a fresh OIDC token: every assertion can be exchanged only once) to renew it.
// The access token is masked the moment it arrives and stays in the action's process.
import { HttpClient, loadHttpClient } from '../bundle/lazy-http-client.js'
import { fetchIdToken, GITHUB_ISSUER, readJwtClaims, trustClaims } from '../lib/oidc.js'
import { log, platform } from '../platform/platform.js'
import { AttemptTimeoutError, isTransient, withRetry } from '../lib/retry.js'
import { addSecret } from '../platform/secrets.js'
import type { AnthropicFederation } from '../settings/settings.js'

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
/** What Claude Code 2.1.331 sends on its own exchange (observed); the endpoint wants both betas. */
export const FEDERATION_BETA = 'oauth-2025-04-20,oidc-federation-2026-04-01'
const ATTEMPT_TIMEOUT_MS = 30_000

/** The token endpoint's refusal, in Anthropic's words. */
export interface ExchangeFailure {
  status?: number
  /** Anthropic's error type (authentication_error, ...), or the OAuth error code. */
  type?: string
  message: string
  url: string
}

class ExchangeError extends Error {
  constructor(readonly failure: ExchangeFailure) {
    super(failure.message)
  }
}

/** fetchIdToken has retried and explained its own failure; it passes through as it is. */
class OidcFailure extends Error {
  constructor(readonly original: unknown) {
    super((original as Error).message)
  }
}

/** The token endpoint Claude Code uses: under ANTHROPIC_BASE_URL, as the CLI resolves it. */
export function tokenUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `${(env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com').replace(/\/+$/, '')}/v1/oauth/token`
}

export function exchangeBody(federation: AnthropicFederation, assertion: string): Record<string, string> {
  return {
    grant_type: JWT_BEARER,
    assertion,
    federation_rule_id: federation.ruleId,
    organization_id: federation.organizationId,
    service_account_id: federation.serviceAccountId,
    ...(federation.workspaceId ? { workspace_id: federation.workspaceId } : {})
  }
}

/** An access token from the exchange, with its expiry (epoch ms). */
export interface FederationAccess {
  accessToken: string
  expiresAt: number
}

/** Assumed when Anthropic does not say how long its access token lives. */
const DEFAULT_ACCESS_LIFE_MS = 3600_000

/** Exchanges a fresh OIDC token once, for an access token. */
export async function preflightExchange(federation: AnthropicFederation, deadline: number): Promise<FederationAccess> {
  const url = tokenUrl()
  await loadHttpClient()
  // Proxies (HTTPS_PROXY / NO_PROXY) are honoured by the client, as the CLI honours them.
  const client = new HttpClient('claude-cloud-action', [], { allowRetries: false, socketTimeout: ATTEMPT_TIMEOUT_MS })
  let assertion = ''
  try {
    return await withRetry(
      async () => {
        // Each attempt needs an unused assertion: one that reached Anthropic is spent even if the answer was lost.
        assertion = (await fetchIdToken(federation.audience, deadline).catch((error: unknown) => Promise.reject(new OidcFailure(error)))).jwt
        const response = await client.post(url, JSON.stringify(exchangeBody(federation, assertion)), {
          'content-type': 'application/json',
          'anthropic-beta': FEDERATION_BETA
        })
        const text = await response.readBody()
        const status = response.message.statusCode ?? 0
        const data = parseJson(text)
        if (status !== 200) throw new ExchangeError({ status, ...anthropicError(data, text), url })
        const accessToken = typeof data?.access_token === 'string' ? data.access_token : undefined
        if (!accessToken) throw new ExchangeError({ status, message: 'Anthropic answered without an access token', url })
        addSecret(accessToken)
        return { accessToken, expiresAt: Date.now() + (typeof data?.expires_in === 'number' ? data.expires_in * 1000 : DEFAULT_ACCESS_LIFE_MS) }
      },
      {
        attempts: 3,
        deadline,
        attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
        isRetryable: error =>
          !(error instanceof OidcFailure) &&
          (error instanceof ExchangeError ? isTransient(error.failure.status) : isTransient(undefined, (error as { code?: string }).code)),
        onRetry: (error, attempt, delayMs) =>
          log.info(`Anthropic token exchange failed (${(error as Error).message.slice(0, 200)}); attempt ${attempt + 1} in ${delayMs} ms`)
      }
    )
  } catch (error) {
    if (error instanceof OidcFailure) throw error.original
    throw new Error(explainFederationError(describeFailure(error, url), federation, assertion), { cause: error })
  }
}

function describeFailure(error: unknown, url: string): ExchangeFailure {
  if (error instanceof ExchangeError) return error.failure
  if (error instanceof AttemptTimeoutError) return { message: `no answer before the credential deadline (waited ${error.waitedSeconds} s)`, url }
  const { message, code } = error as { message?: string; code?: string }
  return { type: code, message: message ?? String(error), url }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Anthropic's shape, `{"type":"error","error":{"type","message"}}`, or OAuth's, `{"error","error_description"}`. */
function anthropicError(data: Record<string, unknown> | undefined, text: string): { type?: string; message: string } {
  const error = data?.error
  if (error && typeof error === 'object') {
    const { type, message } = error as { type?: unknown; message?: unknown }
    return { type: typeof type === 'string' ? type : undefined, message: typeof message === 'string' ? message : text.slice(0, 300) }
  }
  if (typeof error === 'string') return { type: error, message: typeof data?.error_description === 'string' ? data.error_description : error }
  return { message: text.slice(0, 300) || 'no body' }
}

/** Which input Anthropic's refusal points at, from its words; one line, with the token's sub and aud and the fix. */
export function explainFederationError(failure: ExchangeFailure, federation: AnthropicFederation, assertion: string): string {
  const claims = readJwtClaims(assertion) as { sub?: unknown; aud?: unknown }
  const seen = `the job's token has sub "${String(claims.sub ?? 'unknown')}" and aud "${String(claims.aud ?? federation.audience)}"`
  const said = `${[failure.status ? `HTTP ${failure.status}` : undefined, failure.type].filter(Boolean).join(' ')}: ${failure.message}`.replace(/\s+/g, ' ')
  const lowered = failure.message.toLowerCase()
  // GitHub's audience is an input and its issuer fixed; elsewhere the CI's id_tokens: entry sets them.
  const { words, issuesIdToken: onGitHub } = platform().traits
  if (failure.status === undefined) {
    return `Could not reach ${failure.url} for the Anthropic token exchange (${said}); check ANTHROPIC_BASE_URL and HTTPS_PROXY / NO_PROXY.`
  }
  if (failure.status >= 500 || failure.status === 429) {
    return `The Anthropic token exchange at ${failure.url} kept failing (${said}); re-run the job, or check status.anthropic.com.`
  }
  if (failure.status === 200) {
    return `The token exchange at ${failure.url} answered without an access token; ANTHROPIC_BASE_URL must point at the Claude API (or a gateway that passes /v1/oauth/token through).`
  }
  if (/jti|already (been )?(used|exchanged)|reuse/.test(lowered)) {
    return `Anthropic refused the job's OIDC token as already used (${said}); each token can be exchanged once: re-run the job.`
  }
  if (/service.?account|svac_/.test(lowered)) {
    return `Anthropic refused the service account ${federation.serviceAccountId} (anthropic-service-account-id) for rule ${federation.ruleId} (${said}); ${seen}: give the service account the rule is bound to (Console > Settings > Service accounts).`
  }
  if (/workspace|wrkspc_/.test(lowered)) {
    return `Anthropic refused the workspace (anthropic-workspace-id ${federation.workspaceId ?? 'not set'}) for rule ${federation.ruleId} (${said}); set anthropic-workspace-id to a workspace the rule is scoped to.`
  }
  if (/audience|\baud\b/.test(lowered)) {
    return `The federation rule ${federation.ruleId} does not expect the audience "${onGitHub ? federation.audience : String(claims.aud ?? federation.audience)}" (${words.audienceSetting}) (${said}); ${seen}: set ${onGitHub ? 'audience' : `the ${words.audienceSetting}`} to the rule's audience, or add this one to the rule.`
  }
  if (/subject|\bsub\b|condition|claim|issuer|\biss\b/.test(lowered)) {
    return `The federation rule ${federation.ruleId} (anthropic-federation-rule-id) does not admit this job's token (${said}); ${seen}: make the rule's issuer ${onGitHub ? GITHUB_ISSUER : trustClaims(assertion).issuer} and its subject condition match that sub (docs/anthropic.md).`
  }
  if (/organi[sz]ation/.test(lowered) && !/rule/.test(lowered)) {
    return `Anthropic does not know the organization ${federation.organizationId} (anthropic-organization-id) (${said}); copy the organization ID from Console > Settings > Organization.`
  }
  return `Anthropic refused the workload identity exchange for the federation rule ${federation.ruleId} (anthropic-federation-rule-id) (${said}); ${seen}: check the rule ID, anthropic-organization-id and anthropic-service-account-id in the Console (Settings > Workload identity).`
}
