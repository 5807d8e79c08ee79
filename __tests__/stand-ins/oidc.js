// @ts-check
// GitHub Actions OIDC token endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL points
// at). @actions/core's getIDToken() appends `&audience=...` to the URL and sends
// `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`. `mint()` issues a token without a
// request, as GitLab puts an `id_tokens:` JWT in the job's env (with `issuer` and `claims` to match).
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { closeServer, issueSecret, listen, randomToken, sendJson } from './http-util.js'

const ISSUER = 'https://token.actions.githubusercontent.com'

/**
 * @param {{ lifetimeSeconds?: number, subject?: string, issuer?: string, claims?: Record<string, unknown> }} [options]
 *   issuer and claims: another CI's tokens, e.g. `https://gitlab.com` with `project_path`; claims replace GitHub's.
 */
export async function startOidc({
  lifetimeSeconds = 300,
  subject = 'repo:octo-org/octo-repo:ref:refs/heads/main',
  issuer = ISSUER,
  claims: ciClaims = undefined
} = {}) {
  const requestToken = issueSecret(randomToken(24))
  /** @type {string[]} */
  const issued = []
  /** @type {{ audience: string | null, authorization: string | null }[]} */
  const requests = []
  let failures = 0
  let failStatus = 503
  let hangs = 0

  // The repository and ref claims follow the subject, like GitHub's do.
  const repository = /^repo:([^:]+)/.exec(subject)?.[1] ?? 'octo-org/octo-repo'
  const ref = /:ref:(.+)$/.exec(subject)?.[1] ?? 'refs/heads/main'

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const audience = url.searchParams.get('audience')
    const authorization = req.headers.authorization ?? null
    requests.push({ audience, authorization })

    if (req.method !== 'GET' || url.pathname !== '/token') {
      return sendJson(res, 404, { message: 'Not Found' })
    }
    if (authorization !== `Bearer ${requestToken}`) {
      return sendJson(res, 401, { message: 'Bad credentials' })
    }
    // Never answers, as a black-holed endpoint does; close() ends the socket.
    if (hangs > 0) return void hangs--
    if (failures > 0) {
      failures--
      return sendJson(res, failStatus, { message: 'Service Unavailable' })
    }
    // GitHub answers exactly {"value": "<jwt>"}.
    sendJson(res, 200, { value: mint(audience ?? `https://github.com/${repository.split('/')[0]}`) })
  })

  /** @param {string} audience */
  const mint = audience => {
    const iat = Math.floor(Date.now() / 1000)
    const own = ciClaims ?? { ref, repository, repository_owner: repository.split('/')[0], event_name: 'push' }
    const jwt = encodeJwt({ jti: randomUUID(), sub: subject, aud: audience, ...own, iss: issuer, iat, nbf: iat, exp: iat + lifetimeSeconds })
    issued.push(jwt)
    return jwt
  }

  const base = await listen(server)
  return {
    url: `${base}/token?api-version=2.0`,
    requestToken,
    issued,
    requests,
    /** A token for `audience`, issued without a request (what a CI such as GitLab hands the job). */
    mint,
    /**
     * Make the next `count` authorised requests fail with `status`.
     * @param {number} count
     * @param {number} [status]
     */
    failNext(count, status = 503) {
      failures = count
      failStatus = status
    },
    /**
     * Leave the next `count` authorised requests without an answer.
     * @param {number} count
     */
    hangNext(count) {
      hangs = count
    },
    close: () => closeServer(server)
  }
}

/**
 * An unsigned-looking RS256 JWT: nobody verifies the signature, so it is random.
 * @param {Record<string, unknown>} claims
 */
function encodeJwt(claims) {
  const part = (/** @type {unknown} */ v) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return issueSecret(`${part({ alg: 'RS256', typ: 'JWT', kid: 'standin' })}.${part(claims)}.${randomToken(256)}`)
}

/**
 * Decode (without verifying) the claims of a JWT.
 * @param {string} jwt
 * @returns {Record<string, any>}
 */
export function decodeJwt(jwt) {
  const payload = jwt.split('.')[1]
  if (!payload) throw new Error('not a JWT')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
}
