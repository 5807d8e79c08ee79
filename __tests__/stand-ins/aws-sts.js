// @ts-check
// Minimal AWS STS stand-in speaking the Query protocol of @aws-sdk/client-sts.
// We write our own (rather than only using moto) because tests need it to
// validate the web identity token and to inject faults on demand.
import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { randomUUID } from 'node:crypto'
import { closeServer, issueSecret, listen, randomChars, randomToken, readBody } from './http-util.js'

const ACCOUNT = '123456789012'
const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Default messages, worded like the real service. */
const MESSAGES = /** @type {Record<string, string>} */ ({
  InternalFailure: 'An internal error occurred.',
  Throttling: 'Rate exceeded',
  AccessDenied: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
  InvalidIdentityToken: 'Incorrect token audience',
  ExpiredTokenException: 'Token expired: current date/time must be before the expiration date/time',
  InvalidClientTokenId: 'The security token included in the request is invalid.',
  ValidationError: 'Invalid request'
})

/**
 * @typedef {{ status?: number, code?: string, message?: string, reset?: boolean, hang?: boolean, holdUntil?: Promise<unknown> }} StsScript
 * @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken: string, roleArn: string,
 *   roleSessionName: string, durationSeconds: number, webIdentityToken: string, expiration: string,
 *   policy: string | null }} StsIssued   policy: the inline session policy (`Policy`) the credentials were issued under, if any
 */

/**
 * @param {{ lifetimeCheck?: boolean, validToken?: (jwt: string) => boolean, credentialLifetimeSeconds?: number,
 *   tls?: { key: string, cert: string } }} [options]
 *   lifetimeCheck (default true): a JWT whose `exp` has passed gets ExpiredTokenException.
 *   validToken: return false to answer InvalidIdentityToken.
 *   credentialLifetimeSeconds: issue credentials that expire sooner than DurationSeconds (renewal tests).
 *   tls: serve https with this key and certificate (see tls.js); the url then starts with https://.
 */
export async function startSts({ lifetimeCheck = true, validToken, credentialLifetimeSeconds, tls } = {}) {
  /** @type {{ action: string | null, params: Record<string, string>, authorization: string | null }[]} */
  const requests = []
  /** @type {StsIssued[]} */
  const issued = []
  /** @type {StsScript[]} */
  const queue = []

  /** @type {import('node:http').RequestListener} */
  const handle = async (req, res) => {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)))
    const action = params.Action ?? null
    requests.push({ action, params, authorization: req.headers.authorization ?? null })

    /** @param {string} code @param {number} status @param {string} [message] */
    const fail = (code, status, message) => sendError(res, code, status, message ?? MESSAGES[code] ?? code)

    const scripted = queue.shift()
    // holdUntil: answers (as scripted, else as usual) once the promise settles; a slow STS for ordering tests.
    if (scripted?.holdUntil) await scripted.holdUntil
    if (scripted && (scripted.reset || scripted.hang || scripted.status || scripted.code)) return answerScripted(scripted)
    return answer()

    /** @param {StsScript} scripted */
    function answerScripted(scripted) {
      if (scripted.reset) return void req.socket.destroy()
      // Reads the request and never answers, as a black-holed endpoint does; close() ends the socket.
      if (scripted.hang) return
      return fail(scripted.code ?? 'InternalFailure', scripted.status ?? 400, scripted.message)
    }

    function answer() {
      if (req.method !== 'POST') return fail('InvalidAction', 400, 'Only POST is supported')
      if (action === 'AssumeRoleWithWebIdentity') {
        const token = params.WebIdentityToken ?? ''
        if (!params.RoleArn || !params.RoleSessionName || !token) return fail('ValidationError', 400, 'Missing required parameter')
        const durationSeconds = Number(params.DurationSeconds ?? 3600)
        if (!(durationSeconds >= 900 && durationSeconds <= 43200)) {
          return fail(
            'ValidationError',
            400,
            `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint`
          )
        }
        const claims = tryDecode(token)
        if (lifetimeCheck && typeof claims?.exp === 'number' && claims.exp * 1000 < Date.now()) {
          return fail('ExpiredTokenException', 400)
        }
        if (validToken && !validToken(token)) return fail('InvalidIdentityToken', 400)
        return sendXml(res, assumeRoleResponse(params, credentialLifetimeSeconds ?? durationSeconds, token, claims, issued))
      }
      if (action === 'GetCallerIdentity') {
        // Identify the caller from the SigV4 credential scope.
        const akid = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1]
        const found = issued.find(c => c.accessKeyId === akid)
        if (!found) return fail('InvalidClientTokenId', 403)
        const role = found.roleArn.split('/').pop()
        return sendXml(
          res,
          `<GetCallerIdentityResponse xmlns="${XMLNS}">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${found.roleSessionName}</Arn>
    <UserId>AROA${randomChars(17)}:${found.roleSessionName}</UserId>
    <Account>${ACCOUNT}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`
        )
      }
      fail('InvalidAction', 400, `Could not find operation ${action}`)
    }
  }

  const server = tls ? createTlsServer(tls, handle) : createServer(handle)
  const url = (await listen(server)).replace(/^http:/, tls ? 'https:' : 'http:')
  return {
    url,
    requests,
    issued,
    /**
     * Queue the next answers (any action), oldest first.
     * @param {StsScript[]} responses
     */
    script(responses) {
      queue.push(...responses)
    },
    close: () => closeServer(server)
  }
}

/**
 * @param {Record<string, string>} params
 * @param {number} durationSeconds
 * @param {string} token
 * @param {Record<string, any> | null} claims
 * @param {StsIssued[]} issued
 */
function assumeRoleResponse(params, durationSeconds, token, claims, issued) {
  const roleName = params.RoleArn.split('/').pop()
  const creds = {
    accessKeyId: issueSecret(`ASIA${randomChars(16)}`),
    secretAccessKey: issueSecret(randomChars(40, ALNUM + '/+')),
    sessionToken: issueSecret(`IQoJb3JpZ2luX2Vj${randomToken(300)}`),
    roleArn: params.RoleArn,
    roleSessionName: params.RoleSessionName,
    durationSeconds,
    webIdentityToken: token,
    policy: params.Policy ?? null,
    expiration: new Date(Date.now() + durationSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
  }
  issued.push(creds)
  return `<AssumeRoleWithWebIdentityResponse xmlns="${XMLNS}">
  <AssumeRoleWithWebIdentityResult>
    <Audience>${escapeXml(String(claims?.aud ?? 'sts.amazonaws.com'))}</Audience>
    <AssumedRoleUser>
      <AssumedRoleId>AROA${randomChars(17)}:${escapeXml(creds.roleSessionName)}</AssumedRoleId>
      <Arn>arn:aws:sts::${ACCOUNT}:assumed-role/${escapeXml(roleName ?? '')}/${escapeXml(creds.roleSessionName)}</Arn>
    </AssumedRoleUser>
    <Provider>${escapeXml(String(claims?.iss ?? 'token.actions.githubusercontent.com').replace(/^https:\/\//, ''))}</Provider>
    <Credentials>
      <AccessKeyId>${creds.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>
      <SessionToken>${creds.sessionToken}</SessionToken>
      <Expiration>${creds.expiration}</Expiration>
    </Credentials>
    <SubjectFromWebIdentityToken>${escapeXml(String(claims?.sub ?? 'unknown'))}</SubjectFromWebIdentityToken>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`
}

/**
 * The real STS error shape; Receiver faults are the server's, Sender the caller's.
 * @param {import('node:http').ServerResponse} res
 * @param {string} code
 * @param {number} status
 * @param {string} message
 */
function sendError(res, code, status, message) {
  const requestId = randomUUID()
  const xml = `<ErrorResponse xmlns="${XMLNS}">
  <Error>
    <Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>
    <Code>${escapeXml(code)}</Code>
    <Message>${escapeXml(message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>`
  sendXml(res, xml, status, requestId)
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} xml
 */
function sendXml(res, xml, status = 200, requestId = randomUUID()) {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
    'x-amzn-requestid': requestId
  })
  res.end(xml)
}

/** @param {string} s */
function escapeXml(s) {
  return s.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`)
}

/**
 * @param {string} jwt
 * @returns {Record<string, any> | null}
 */
function tryDecode(jwt) {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
  } catch {
    return null
  }
}
