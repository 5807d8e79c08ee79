// @ts-check
// Microsoft Entra ID over loopback TLS (MSAL talks https only), for workload identity federation:
//   GET  /{tenant}/v2.0/.well-known/openid-configuration   the authority's metadata
//   POST /{tenant}/oauth2/v2.0/token                        client credentials with a client assertion
// The token endpoint accepts only an assertion the OIDC stand-in issued (`validAssertion`), with audience
// api://AzureADTokenExchange, unexpired, whose subject one of the app's federated credentials names,
// and answers with an access token for https://cognitiveservices.azure.com/.default.
import { createServer } from 'node:https'
import { randomUUID } from 'node:crypto'
import { closeServer, issueSecret, listen, parseBody, randomToken, readBody, sendJson } from './http-util.js'
import { loopbackTls } from './tls.js'

export const ENTRA_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange'
const SCOPE = 'https://cognitiveservices.azure.com/.default'

/**
 * @typedef {{ accessToken: string, expiresAt: number, clientId: string, subject: string }} IssuedToken
 * @typedef {{ code: number, status?: number }} EntraFault
 */

/**
 * @param {{ tenantId: string, clientId: string, subjects: string[], validAssertion: (jwt: string) => boolean,
 *   tokenLifetimeSeconds?: number }} options
 *   subjects: the `sub` values of the app's federated credentials (issuer GitHub, audience api://AzureADTokenExchange).
 *   validAssertion: true for a JWT the OIDC stand-in issued (its `issued` list).
 */
export async function startEntra({ tenantId, clientId, subjects, validAssertion, tokenLifetimeSeconds = 3600 }) {
  /** @type {IssuedToken[]} */
  const issued = []
  /** @type {{ method: string, path: string, form: Record<string, string> }[]} */
  const requests = []
  /** @type {EntraFault[]} */
  const faults = []
  let url = ''

  const server = createServer(loopbackTls(), async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const text = await readBody(req)
    const form = /** @type {Record<string, string>} */ (parseBody(text, req.headers['content-type']))
    requests.push({ method: req.method ?? 'GET', path, form })
    const tenant = path.split('/')[1]
    if (req.method === 'GET' && path === `/${tenant}/v2.0/.well-known/openid-configuration`) {
      if (tenant !== tenantId) return sendError(res, 400, 90002, `Tenant '${tenant}' not found.`, 'invalid_tenant')
      const base = `${url}/${tenant}`
      return sendJson(res, 200, {
        issuer: `${base}/v2.0`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic']
      })
    }
    if (req.method !== 'POST' || path !== `/${tenant}/oauth2/v2.0/token`) return sendJson(res, 404, { error: 'not_found' })
    const fault = faults.shift()
    if (fault) return sendError(res, fault.status ?? 400, fault.code, faultText(fault.code, form), 'invalid_client')
    if (tenant !== tenantId) return sendError(res, 400, 90002, `Tenant '${tenant}' not found.`, 'invalid_tenant')
    if (form.grant_type !== 'client_credentials') return sendError(res, 400, 70003, 'The app requested an unsupported grant type.', 'unsupported_grant_type')
    if (form.client_id !== clientId) return sendError(res, 400, 700016, faultText(700016, form), 'unauthorized_client')
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !form.client_assertion) {
      return sendError(res, 401, 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", 'invalid_client')
    }
    const claims = decodeClaims(form.client_assertion)
    if (!validAssertion(form.client_assertion)) return sendError(res, 401, 50027, 'JWT token is invalid or malformed.', 'invalid_client')
    if (claims.aud !== ENTRA_EXCHANGE_AUDIENCE) return sendError(res, 400, 700212, faultText(700212, form), 'invalid_client')
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now())
      return sendError(res, 400, 700024, 'Client assertion is not within its valid time range.', 'invalid_client')
    if (!subjects.includes(claims.sub)) return sendError(res, 400, 70021, faultText(70021, form), 'invalid_client')
    if (form.scope !== SCOPE)
      return sendError(
        res,
        400,
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${form.scope} is not valid.`,
        'invalid_scope'
      )

    const expiresAt = Date.now() + tokenLifetimeSeconds * 1000
    const accessToken = issueSecret(
      `eyJ0eXAiOiJKV1QifQ.${Buffer.from(JSON.stringify({ aud: 'https://cognitiveservices.azure.com', sub: claims.sub, exp: Math.floor(expiresAt / 1000) })).toString('base64url')}.${randomToken(64)}`
    )
    issued.push({ accessToken, expiresAt, clientId, subject: claims.sub })
    sendJson(res, 200, { token_type: 'Bearer', expires_in: tokenLifetimeSeconds, ext_expires_in: tokenLifetimeSeconds, access_token: accessToken })
  })

  url = (await listen(server)).replace(/^http:/, 'https:')
  return {
    /** Goes in AZURE_AUTHORITY_HOST. */
    url,
    issued,
    requests,
    /** The expiry (epoch ms) of an access token this stand-in issued; undefined for any other string. @param {string} token */
    tokenExpiry: token => issued.find(t => t.accessToken === token)?.expiresAt,
    /** Queues AADSTS errors for the next token requests, e.g. `{ code: 700211 }`. @param {EntraFault[]} list */
    script: list => void faults.push(...list),
    close: () => closeServer(/** @type {any} */ (server))
  }
}

/** Entra's wording, which names the assertion's claims. @param {number} code @param {Record<string, string>} form */
function faultText(code, form) {
  const claims = form.client_assertion ? decodeClaims(form.client_assertion) : {}
  const assertion = `Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${claims.aud}'.`
  if (code === 700211)
    return `AADSTS700211: No matching federated identity record found for presented assertion issuer '${claims.iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`
  if (code === 70021)
    return `AADSTS70021: No matching federated identity record found for presented assertion. ${assertion} Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`
  if (code === 700212) return `AADSTS700212: No matching federated identity record found for presented assertion audience '${claims.aud}'.`
  if (code === 700016)
    return `AADSTS700016: Application with identifier '${form.client_id}' was not found in the directory 'Stand-in'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`
  return `AADSTS${code}: Scripted error.`
}

/**
 * Entra's error body; the code leads error_description, as the real one's does.
 * @param {import('node:http').ServerResponse} res @param {number} status @param {number} code @param {string} text @param {string} error
 */
function sendError(res, status, code, text, error) {
  const description = text.startsWith('AADSTS') ? text : `AADSTS${code}: ${text}`
  const traceId = randomUUID()
  sendJson(res, status, {
    error,
    error_description: `${description} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: randomUUID(),
    error_uri: `https://login.microsoftonline.com/error?code=${code}`
  })
}

/** @param {string} jwt @returns {Record<string, any>} */
function decodeClaims(jwt) {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
  } catch {
    return {}
  }
}
