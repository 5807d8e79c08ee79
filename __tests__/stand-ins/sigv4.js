// @ts-check
// Checks an AWS Signature Version 4 (Authorization header form) the way an AWS service does:
// canonical request → string to sign → HMAC chain from the caller's secret key. The model stand-in
// uses it, so "Bedrock was signed with the key STS issued" means the signature really verifies.
// Written from the SigV4 specification with node:crypto; stand-ins.test.ts checks it against
// @smithy/signature-v4, the signer the AWS SDKs (and the Claude Code CLI) use.
import { createHash, createHmac } from 'node:crypto'

/**
 * @typedef {{ secretAccessKey: string, sessionToken?: string, expiration?: string }} AwsSecret
 *   expiration (ISO 8601, as STS issued it): past it, a correctly signed request gets ExpiredTokenException.
 * @typedef {(accessKeyId: string) => AwsSecret | undefined | Promise<AwsSecret | undefined>} AwsSecretLookup
 * @typedef {{ accessKeyId: string, date: string, region: string, service: string, signedHeaders: string[], signature: string }} SigV4Authorization
 * @typedef {{ valid: true, accessKeyId: string, region: string }
 *   | { valid: false, accessKeyId: string | null, region: string | null, status: number, code: string, message: string }} SigV4Verdict
 * @typedef {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: Buffer }} SignedRequest
 */

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/

/** AWS's own wording for each failure. */
const INVALID_TOKEN = 'The security token included in the request is invalid.'
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/**
 * @param {string | undefined | null} header
 * @returns {SigV4Authorization | null}
 */
export function parseSigV4Authorization(header) {
  const m = AUTHORIZATION.exec(header ?? '')
  if (!m) return null
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(';'), signature: m[6] }
}

/**
 * Verify the request's signature with the secret the lookup knows for its access key id, and that
 * `x-amz-security-token` is the session token issued with that key.
 * @param {SignedRequest} request
 * @param {AwsSecretLookup} secretFor
 * @returns {Promise<SigV4Verdict>}
 */
export async function verifySigV4(request, secretFor) {
  const auth = parseSigV4Authorization(headerValue(request.headers.authorization))
  /** @param {number} status @param {string} code @param {string} message @returns {SigV4Verdict} */
  const reject = (status, code, message) => ({ valid: false, accessKeyId: auth?.accessKeyId ?? null, region: auth?.region ?? null, status, code, message })
  if (!auth) return reject(400, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature.')

  const amzDate = headerValue(request.headers['x-amz-date'])
  if (!/^\d{8}T\d{6}Z$/.test(amzDate))
    return reject(400, 'IncompleteSignatureException', 'Authorization header requires existence of either a X-Amz-Date or a Date header.')
  if (!amzDate.startsWith(auth.date)) {
    return reject(
      403,
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'`
    )
  }
  if (!auth.signedHeaders.includes('host')) return reject(403, 'InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.")

  const known = await secretFor(auth.accessKeyId)
  if (!known) return reject(403, 'UnrecognizedClientException', INVALID_TOKEN)
  if ((known.sessionToken ?? '') !== headerValue(request.headers['x-amz-security-token'])) {
    return reject(403, 'UnrecognizedClientException', INVALID_TOKEN)
  }

  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest(request, auth.signedHeaders))].join('\n')
  const expected = hmac(signingKey(known.secretAccessKey, auth.date, auth.region, auth.service), stringToSign).toString('hex')
  if (expected !== auth.signature) return reject(403, 'InvalidSignatureException', SIGNATURE_MISMATCH)
  if (known.expiration && Date.parse(known.expiration) <= Date.now()) {
    return reject(403, 'ExpiredTokenException', 'The security token included in the request is expired')
  }
  return { valid: true, accessKeyId: auth.accessKeyId, region: auth.region }
}

/**
 * Method, URI (each segment encoded once more, as every service but S3 expects), sorted query,
 * signed headers with trimmed values, their names, and the payload hash.
 * @param {SignedRequest} request
 * @param {string[]} signedHeaders
 */
export function canonicalRequest(request, signedHeaders) {
  const [rawPath, rawQuery = ''] = request.url.split('?', 2)
  const headers = signedHeaders.map(name => `${name}:${headerValue(request.headers[name]).trim().replace(/\s+/g, ' ')}\n`).join('')
  const contentHash = headerValue(request.headers['x-amz-content-sha256'])
  const payloadHash = contentHash === 'UNSIGNED-PAYLOAD' ? contentHash : sha256Hex(request.body)
  return [request.method, canonicalPath(rawPath), canonicalQuery(rawQuery), headers, signedHeaders.join(';'), payloadHash].join('\n')
}

/** @param {string} rawPath the path as sent (already percent-encoded once) */
function canonicalPath(rawPath) {
  /** @type {string[]} */
  const segments = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : ''
  return `/${segments.map(uriEncode).join('/')}${trailing}`
}

/** @param {string} rawQuery */
function canonicalQuery(rawQuery) {
  if (!rawQuery) return ''
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const at = pair.indexOf('=')
      const [key, value] = at === -1 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)]
      return [uriEncode(decodeURIComponent(key)), uriEncode(decodeURIComponent(value))]
    })
    .sort(([k1, v1], [k2, v2]) => (k1 === k2 ? compare(v1, v2) : compare(k1, k2)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
}

/** Code-point order, as the specification sorts. @param {string} a @param {string} b */
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0
}

/** RFC 3986 unreserved characters stay; everything else is %XX (encodeURIComponent leaves !'()* alone). @param {string} s */
function uriEncode(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** @param {string} secret @param {string} date @param {string} region @param {string} service */
function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request')
}

/** @param {string | Buffer} key @param {string} data */
function hmac(key, data) {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** @param {string | Buffer} data */
function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex')
}

/** @param {string | string[] | undefined} value */
function headerValue(value) {
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}
