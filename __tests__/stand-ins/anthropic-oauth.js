// @ts-check
// Anthropic's workload identity token endpoint, `POST /v1/oauth/token` (RFC 7523 jwt-bearer), as
// Claude Code 2.1.331 calls it: JSON `{grant_type, assertion, federation_rule_id, organization_id,
// service_account_id[, workspace_id]}` with `anthropic-beta: oauth-2025-04-20,oidc-federation-2026-04-01`.
// It accepts only JWTs the OIDC stand-in issued, for the rule's audience and not expired, each jti
// once, and issues `sk-ant-oat01-…` access tokens. The CLI calls it under ANTHROPIC_BASE_URL, so
// the model stand-in serves it too (`startModel({ oauth })`); `startAnthropicOAuth` also listens alone.
import { createServer } from 'node:http'
import { decodeJwt } from './oidc.js'
import { closeServer, issueSecret, listen, randomToken, readBody, sendJson } from './http-util.js'

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const BETAS = ['oauth-2025-04-20', 'oidc-federation-2026-04-01']

/**
 * @typedef {{ id: string, organizationId: string, serviceAccountId: string, audience: string,
 *   subject?: string, workspaceId?: string }} FederationRule
 * @typedef {{ accessToken: string, jti: string, assertion: string, expiresAt: number, at: number }} Exchange
 * @typedef {{ at: number, status: number, type: string, message: string, body: any }} Refusal
 * @typedef {ReturnType<typeof createAnthropicOAuth>} AnthropicOAuth
 */

/** A sample rule, matching the tests' inputs. */
export const SAMPLE_RULE = /** @type {FederationRule} */ ({
  id: 'fdrl_01StandinRule',
  organizationId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  serviceAccountId: 'svac_01StandinAccount',
  audience: 'https://api.anthropic.com'
})

/**
 * @param {{ oidc: { issued: string[] }, rule?: FederationRule, accessTokenLifetimeSeconds?: number }} options
 *   oidc: the OIDC stand-in whose tokens are trusted (its `issued`).
 *   rule: the one federation rule the organization has; `subject`, when set, must equal the JWT's `sub`.
 *   accessTokenLifetimeSeconds: `expires_in` of the access tokens (default 3600).
 */
export function createAnthropicOAuth({ oidc, rule = SAMPLE_RULE, accessTokenLifetimeSeconds = 3600 }) {
  /** @type {Exchange[]} */
  const exchanges = []
  /** @type {Refusal[]} */
  const refusals = []
  /** @type {{ headers: import('node:http').IncomingHttpHeaders, body: any }[]} */
  const requests = []
  const seenJti = new Set()
  /** @type {Map<string, number>} access token → expiry (epoch ms) */
  const live = new Map()

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} raw
   */
  function handle(req, res, raw) {
    /** @type {any} */
    let body = null
    try {
      body = JSON.parse(raw)
    } catch {
      body = null
    }
    requests.push({ headers: req.headers, body })
    /** @param {number} status @param {string} type @param {string} message */
    const refuse = (status, type, message) => {
      refusals.push({ at: Date.now(), status, type, message, body })
      sendJson(res, status, { type: 'error', error: { type, message } }, { 'request-id': `req_standin_${randomToken(12)}` })
    }
    const betas = String(req.headers['anthropic-beta'] ?? '')
      .split(',')
      .map(s => s.trim())
    if (!BETAS.every(beta => betas.includes(beta))) return refuse(400, 'invalid_request_error', `anthropic-beta must include ${BETAS.join(', ')}`)
    if (!body || body.grant_type !== JWT_BEARER) return refuse(400, 'invalid_request_error', `grant_type must be ${JWT_BEARER}`)
    const assertion = typeof body.assertion === 'string' ? body.assertion : ''
    if (!oidc.issued.includes(assertion)) return refuse(401, 'authentication_error', 'invalid_grant: the assertion is not a token of a trusted issuer')
    const claims = decodeJwt(assertion)
    if (claims.exp * 1000 <= Date.now()) return refuse(401, 'authentication_error', 'invalid_grant: the assertion has expired')
    if (seenJti.has(claims.jti)) return refuse(401, 'authentication_error', 'jti_reused: this assertion was already exchanged')
    seenJti.add(claims.jti)
    if (body.organization_id !== rule.organizationId) return refuse(401, 'authentication_error', `organization ${body.organization_id} not found`)
    if (body.federation_rule_id !== rule.id) return refuse(401, 'authentication_error', `federation rule ${body.federation_rule_id} not found`)
    if (body.service_account_id !== rule.serviceAccountId) {
      return refuse(401, 'authentication_error', `service account ${body.service_account_id} is not bound to federation rule ${rule.id}`)
    }
    if (claims.aud !== rule.audience) return refuse(401, 'authentication_error', `the assertion's audience ${claims.aud} is not the rule's audience`)
    if (rule.subject !== undefined && claims.sub !== rule.subject)
      return refuse(401, 'authentication_error', `the assertion's subject ${claims.sub} does not match the rule's condition`)
    if (rule.workspaceId !== undefined && body.workspace_id !== rule.workspaceId)
      return refuse(401, 'authentication_error', `workspace ${body.workspace_id} is not in the rule's scope`)

    const accessToken = issueSecret(`sk-ant-oat01-${randomToken(48)}`)
    const expiresAt = Date.now() + accessTokenLifetimeSeconds * 1000
    live.set(accessToken, expiresAt)
    exchanges.push({ accessToken, jti: claims.jti, assertion, expiresAt, at: Date.now() })
    sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: accessTokenLifetimeSeconds })
  }

  return {
    handle,
    exchanges,
    refusals,
    requests,
    /** Whether `token` is an access token this endpoint issued and that has not expired. @param {string} token */
    accepts(token) {
      const expiresAt = live.get(token)
      return expiresAt !== undefined && expiresAt > Date.now()
    }
  }
}

/**
 * The token endpoint alone, on its own port (the model stand-in serves it too, with `oauth`).
 * @param {Parameters<typeof createAnthropicOAuth>[0]} options
 */
export async function startAnthropicOAuth(options) {
  const oauth = createAnthropicOAuth(options)
  const server = createServer(async (req, res) => {
    const raw = await readBody(req)
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/v1/oauth/token') {
      return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } })
    }
    oauth.handle(req, res, raw)
  })
  const url = await listen(server)
  return { ...oauth, url, close: () => closeServer(server) }
}
