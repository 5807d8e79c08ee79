// @ts-check
// The Claude API on the clouds, for model.js: how a call to Claude Platform on AWS and to Claude on
// Google Cloud is recognized, and what Claude Platform on AWS checks before the model sees it.
//   Claude Platform on AWS  POST /v1/messages with anthropic-workspace-id, SigV4 for aws-external-anthropic
//                           (that header signed) or a workspace key as x-api-key
//   Claude on Google Cloud  POST /v1/projects/{p}/locations/{l}/workspaces/{w}/invoke/v1/messages, a Google bearer
import { parseSigV4Authorization, verifySigV4 } from './sigv4.js'

/**
 * @typedef {{ workspaceId: string, apiKey?: string }} AnthropicAwsOptions
 * @typedef {{ validBearer: (token: string) => boolean }} GoogleCloudOptions
 * @typedef {{ status: number, type: string, message: string, aws: boolean }} Refusal
 *   aws: answered in AWS's error shape (the signature), else in the Claude API's
 */

const GOOGLE_CLOUD_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/workspaces\/([^/]+)\/invoke\/v1\/messages$/
const AWS_SERVICE = 'aws-external-anthropic'
const WORKSPACE_HEADER = 'anthropic-workspace-id'

/**
 * The request's provider fields when it is a call to one of them, else null.
 * @param {string} path @param {import('node:http').IncomingHttpHeaders} headers @param {any} body
 * @param {string | null} authorization @param {AnthropicAwsOptions | undefined} anthropicAws /v1/messages is Claude Platform on AWS's
 */
export function describeAnthropicCloud(path, headers, body, authorization, anthropicAws) {
  const common = { model: body?.model ?? null, stream: body?.stream === true }
  if (path === '/v1/messages' && anthropicAws) {
    // SigV4: Credential=<AKID>/<yyyymmdd>/<region>/aws-external-anthropic/aws4_request
    const scope = parseSigV4Authorization(authorization)
    return {
      provider: /** @type {const} */ ('anthropic-aws'),
      ...common,
      workspace: headerText(headers[WORKSPACE_HEADER]) || null,
      accessKeyId: scope?.accessKeyId ?? null,
      region: scope?.region ?? null
    }
  }
  const google = GOOGLE_CLOUD_PATH.exec(path)
  if (!google) return null
  return {
    provider: /** @type {const} */ ('anthropic-google-cloud'),
    ...common,
    project: decodeURIComponent(google[1]),
    region: decodeURIComponent(google[2]),
    workspace: decodeURIComponent(google[3])
  }
}

/**
 * What Claude Platform on AWS checks before a call reaches the model: the workspace, then the key or the
 * SigV4 signature (service, signed workspace header, the secret and session token STS issued). Null: let in.
 * @param {{ workspace: string | null, authorization: string | null, signatureValid: boolean | null, signatureProblem: string | null }} record
 * @param {import('./sigv4.js').SignedRequest} request
 * @param {AnthropicAwsOptions} options @param {import('./sigv4.js').AwsSecretLookup | undefined} awsSecretFor
 * @returns {Promise<Refusal | null>}
 */
export async function anthropicAwsRefusal(record, request, options, awsSecretFor) {
  if (!record.workspace) return { status: 400, type: 'invalid_request_error', message: 'anthropic-workspace-id header is required', aws: false }
  if (record.workspace !== options.workspaceId) {
    return { status: 403, type: 'permission_error', message: `Workspace ${record.workspace} is not accessible with these credentials.`, aws: false }
  }
  const key = headerText(request.headers['x-api-key'])
  if (key) {
    if (options.apiKey !== undefined && key === options.apiKey) return null
    return { status: 401, type: 'authentication_error', message: 'invalid x-api-key', aws: false }
  }
  const auth = parseSigV4Authorization(record.authorization)
  if (!auth) return { status: 403, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', aws: true }
  if (auth.service !== AWS_SERVICE) {
    return { status: 403, type: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${AWS_SERVICE}'.`, aws: true }
  }
  if (!auth.signedHeaders.includes(WORKSPACE_HEADER)) {
    return { status: 403, type: 'InvalidSignatureException', message: `The ${WORKSPACE_HEADER} header must be signed.`, aws: true }
  }
  if (!awsSecretFor) return { status: 403, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', aws: true }
  const verdict = await verifySigV4(request, awsSecretFor)
  record.signatureValid = verdict.valid
  if (verdict.valid) return null
  record.signatureProblem = `${verdict.code}: ${verdict.message}`
  return { status: verdict.status, type: verdict.code, message: verdict.message, aws: true }
}

/** @param {string | string[] | undefined} value */
function headerText(value) {
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}
