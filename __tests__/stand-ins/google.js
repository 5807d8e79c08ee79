// @ts-check
// Google STS (token exchange, sts.googleapis.com) and IAM Credentials
// (generateAccessToken, iamcredentials.googleapis.com) in one loopback server:
// the two hops google-auth-library makes for an `external_account` with
// service account impersonation.
import { createServer } from 'node:http'
import { closeServer, issueSecret, listen, parseBody, randomToken, readBody, sendJson } from './http-util.js'

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt'
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token'
const IAM_PATH = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/

/** OAuth-style error codes Google STS uses, by status, for scripted answers without one. */
const STS_ERRORS = /** @type {Record<number, string>} */ ({
  400: 'invalid_request',
  401: 'invalid_client',
  403: 'access_denied',
  500: 'server_error',
  503: 'temporarily_unavailable'
})
/** Google JSON API errors, by status. */
const IAM_ERRORS = /** @type {Record<number, [string, string]>} */ ({
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: [
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
  ],
  403: ['PERMISSION_DENIED', "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist)."],
  404: ['NOT_FOUND', 'Not found; Gaia id not found for email'],
  429: ['RESOURCE_EXHAUSTED', 'Quota exceeded.'],
  500: ['INTERNAL', 'Internal error encountered.'],
  503: ['UNAVAILABLE', 'The service is currently unavailable.']
})

/**
 * @typedef {{ target?: 'sts' | 'iam', status?: number, error?: string, error_description?: string, message?: string, reset?: boolean }} GoogleScript
 * @typedef {{ target: 'sts' | 'iam' | null, method: string, path: string, headers: import('node:http').IncomingHttpHeaders,
 *   authorization: string | null, body: Record<string, any>, email: string | null }} GoogleRequest
 */

/**
 * @param {{ expectedAudience?: string, validSubjectToken?: (jwt: string) => boolean, accessTokenLifetime?: number }} [options]
 */
export async function startGoogle({ expectedAudience, validSubjectToken, accessTokenLifetime = 3600 } = {}) {
  /** @type {GoogleRequest[]} */
  const requests = []
  const issued = { federated: /** @type {string[]} */ ([]), serviceAccount: /** @type {string[]} */ ([]) }
  /** @type {GoogleScript[]} */
  const queue = []

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const body = parseBody(await readBody(req), req.headers['content-type'])
    const iam = IAM_PATH.exec(path)
    /** @type {GoogleRequest} */
    const record = {
      target: path === '/v1/token' ? 'sts' : iam ? 'iam' : null,
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      authorization: req.headers.authorization ?? null,
      body,
      email: iam ? decodeURIComponent(iam[1]) : null
    }
    requests.push(record)
    if (!record.target || req.method !== 'POST') return sendJson(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } })

    // A scripted answer applies to the next request of its target (default: sts).
    const i = queue.findIndex(s => (s.target ?? 'sts') === record.target)
    if (i >= 0) {
      const s = queue.splice(i, 1)[0]
      if (s.reset) return void req.socket.destroy()
      const status = s.status ?? 400
      if (record.target === 'iam') return iamError(res, status, s.message)
      return stsError(res, status, s.error ?? STS_ERRORS[status] ?? 'server_error', s.error_description ?? 'Scripted failure.')
    }
    if (record.target === 'sts') return exchange(res, body)
    return impersonate(res, record)
  })

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {Record<string, any>} body
   */
  function exchange(res, body) {
    if (body.grant_type !== TOKEN_EXCHANGE) return stsError(res, 400, 'unsupported_grant_type', `Unsupported grant_type: ${body.grant_type}`)
    if (body.subject_token_type !== JWT_TYPE) return stsError(res, 400, 'invalid_request', `Invalid subject_token_type: ${body.subject_token_type}`)
    if (body.requested_token_type !== ACCESS_TOKEN_TYPE)
      return stsError(res, 400, 'invalid_request', `Invalid requested_token_type: ${body.requested_token_type}`)
    if (expectedAudience !== undefined && body.audience !== expectedAudience) {
      return stsError(
        res,
        400,
        'invalid_target',
        'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.'
      )
    }
    if (!body.subject_token) return stsError(res, 400, 'invalid_request', 'Missing subject_token')
    if (validSubjectToken && !validSubjectToken(body.subject_token)) {
      return stsError(res, 400, 'unauthorized_client', 'The given credential is rejected by the attribute condition.')
    }
    if (isExpired(body.subject_token)) return stsError(res, 400, 'invalid_grant', 'ID Token issued at 0 is stale to sign-in.')
    const token = issueSecret(`federated.${randomToken(48)}`)
    issued.federated.push(token)
    sendJson(res, 200, { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer', expires_in: accessTokenLifetime })
  }

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {GoogleRequest} record
   */
  function impersonate(res, record) {
    const bearer = /^Bearer (.+)$/.exec(record.authorization ?? '')?.[1]
    if (!bearer || !issued.federated.includes(bearer)) return iamError(res, 401)
    if (!Array.isArray(record.body.scope) || record.body.scope.length === 0) return iamError(res, 400, 'Scope required.')
    const seconds = record.body.lifetime ? parseInt(String(record.body.lifetime), 10) : accessTokenLifetime
    const token = issueSecret(`ya29.${randomToken(60)}`)
    issued.serviceAccount.push(token)
    sendJson(res, 200, { accessToken: token, expireTime: new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z') })
  }

  const url = await listen(server)
  return {
    stsUrl: url,
    iamUrl: url,
    requests,
    issued,
    /**
     * Queue answers for the next STS (default) or IAM (`target: 'iam'`) requests.
     * @param {GoogleScript[]} responses
     */
    script(responses) {
      queue.push(...responses)
    },
    close: () => closeServer(server)
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} error
 * @param {string} description
 */
function stsError(res, status, error, description) {
  sendJson(res, status, { error, error_description: description })
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} [message]
 */
function iamError(res, status, message) {
  const [googleStatus, defaultMessage] = IAM_ERRORS[status] ?? IAM_ERRORS[500]
  sendJson(res, status, { error: { code: status, message: message ?? defaultMessage, status: googleStatus } })
}

/** @param {string} jwt */
function isExpired(jwt) {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
    return typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()
  } catch {
    return false
  }
}
