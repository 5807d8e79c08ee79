// @ts-check
// One model endpoint for all three providers the CLI can use:
//   Claude API  POST /v1/messages                              (SSE or JSON)
//   Bedrock     POST /model/{id}/invoke-with-response-stream   (AWS event stream)
//               POST /model/{id}/invoke                        (JSON)
//               GET  /inference-profiles                       (404, tolerated by the CLI)
//               With `awsSecretFor`, SigV4 signatures are verified (403 when wrong).
//               With `oauth`, also POST /v1/oauth/token (workload identity), and only its tokens are accepted.
//   Vertex      POST /v1/projects/{p}/locations/{r}/publishers/anthropic/models/{m}:streamRawPredict (SSE)
//               ... :rawPredict                                (JSON)
//   Foundry     POST /anthropic/v1/messages                    (SSE or JSON, as the Claude API)
//               With `foundry`, only Entra-issued, unexpired bearer tokens (or the API key) are let in (401),
//               and only known deployments (404 DeploymentNotFound).
//   Claude Platform on AWS  POST /v1/messages, with `anthropicAws`: the workspace header, and SigV4 for
//               service aws-external-anthropic (verified with `awsSecretFor`, the header signed) or the workspace key.
//   Claude on Google Cloud  POST /v1/projects/{p}/locations/{l}/workspaces/{w}/invoke/v1/messages (SSE or JSON);
//               with `googleCloud`, only bearer tokens it accepts get in (401 UNAUTHENTICATED).
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { bedrockChunk } from './bedrock-eventstream.js'
import { closeServer, listen, readBytes, randomToken, sendJson } from './http-util.js'
import { anthropicAwsRefusal, describeAnthropicCloud } from './anthropic-cloud.js'
import { verifySigV4 } from './sigv4.js'

/**
 * @typedef {{ text?: string, toolUse?: { name: string, input: Record<string, unknown>, id?: string } }} Answer
 * @typedef {Answer | ((request: ModelRequest) => Answer)} Turn a fixed answer, or one made from the request (its system prompt, say)
 * @typedef {{
 *   provider: 'anthropic' | 'bedrock' | 'vertex' | 'foundry' | 'anthropic-aws' | 'anthropic-google-cloud' | null,
 *   method: string, path: string, model: string | null,
 *   headers: import('node:http').IncomingHttpHeaders, body: any, authorization: string | null,
 *   region: string | null, project: string | null, workspace: string | null, accessKeyId: string | null,
 *   signatureValid: boolean | null, signatureProblem: string | null,
 *   stream: boolean, main: boolean, turn: number | null, authProblem: string | null, receivedAt: number }} ModelRequest
 * @typedef {{ tokenExpiry?: (token: string) => number | undefined, apiKey?: string, deployments?: string[] }} FoundryOptions
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} Override
 */

const VERTEX_PATH = /^(?:\/v1)?\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(streamRawPredict|rawPredict)$/
const BEDROCK_PATH = /^\/model\/([^/]+)\/(invoke-with-response-stream|invoke)$/
const STRUCTURED_OUTPUT_TOOL = 'StructuredOutput'

/**
 * @param {{ text?: string, turns?: Turn[], structuredOutput?: Record<string, unknown>,
 *   awsSecretFor?: import('./sigv4.js').AwsSecretLookup, oauth?: import('./anthropic-oauth.js').AnthropicOAuth, foundry?: FoundryOptions,
 *   anthropicAws?: import('./anthropic-cloud.js').AnthropicAwsOptions, googleCloud?: import('./anthropic-cloud.js').GoogleCloudOptions }} [options]
 *   turns: successive answers of the main calls (streaming, with `tools`); afterwards `text`.
 *   structuredOutput: once the turns are used up, a main call offering the CLI's StructuredOutput tool
 *   (`--json-schema`) is answered by calling it with this input, as a model told to must.
 *   awsSecretFor: the secret key and session token an STS issued with an access key id. Given it, every
 *   SigV4-signed Bedrock request is verified (`signatureValid`), and a bad one gets Bedrock's 403.
 *   oauth: Anthropic's token endpoint (anthropic-oauth.js), served at /v1/oauth/token under the same base URL,
 *   as the CLI expects; Claude API calls then need `Authorization: Bearer` with a live token it issued (else 401).
 *   foundry: `tokenExpiry` (the Entra stand-in's) says when a bearer token it issued expires; any other
 *   or expired token gets Foundry's 401 (`authProblem`). `apiKey` is let in as the `api-key` or `x-api-key`
 *   header. With `deployments`, another model name gets 404 DeploymentNotFound.
 *   anthropicAws: /v1/messages is Claude Platform on AWS: a call must name `workspaceId` in anthropic-workspace-id
 *   and be signed for aws-external-anthropic with that header signed (verified with `awsSecretFor`), or carry `apiKey`
 *   as x-api-key; else 400 or 403 (`authProblem`).
 *   googleCloud: a Claude on Google Cloud call needs a bearer token `validBearer` accepts; else 401 (`authProblem`).
 */
export async function startModel({ text = 'Hello from the stand-in.', turns, structuredOutput, awsSecretFor, oauth, foundry, anthropicAws, googleCloud } = {}) {
  /** @type {ModelRequest[]} */
  const requests = []
  /** @type {((req: ModelRequest) => Override | undefined | Promise<Override | undefined>) | undefined} */
  let override
  let messageCount = 0
  let mainCount = 0

  const server = createServer(async (req, res) => {
    const bytes = await readBytes(req)
    if (oauth && req.method === 'POST' && (req.url ?? '').split('?')[0] === '/v1/oauth/token') return oauth.handle(req, res, bytes.toString('utf8'))
    const record = describe(req, bytes.toString('utf8'), anthropicAws)
    requests.push(record)

    if (req.method === 'HEAD') return void res.writeHead(200).end()
    if (record.provider === 'bedrock' && awsSecretFor && record.authorization?.startsWith('AWS4-HMAC-SHA256')) {
      const verdict = await verifySigV4({ method: record.method, url: req.url ?? '/', headers: req.headers, body: bytes }, awsSecretFor)
      record.signatureValid = verdict.valid
      if (!verdict.valid) {
        record.signatureProblem = `${verdict.code}: ${verdict.message}`
        return sendBedrockError(res, verdict.status, verdict.code, verdict.message)
      }
    }
    if (record.provider === 'anthropic-aws' && anthropicAws) {
      const refusal = await anthropicAwsRefusal(
        record,
        { method: record.method, url: req.url ?? '/', headers: req.headers, body: bytes },
        anthropicAws,
        awsSecretFor
      )
      if (refusal) {
        record.authProblem = refusal.message
        return refusal.aws
          ? sendBedrockError(res, refusal.status, refusal.type, refusal.message)
          : sendAnthropicError(res, refusal.status, refusal.type, refusal.message)
      }
    }
    if (record.provider === 'anthropic-google-cloud' && googleCloud && !googleCloud.validBearer(/^Bearer (.+)$/.exec(record.authorization ?? '')?.[1] ?? '')) {
      record.authProblem = 'Request had invalid authentication credentials. Expected OAuth 2 access token.'
      return sendJson(res, 401, { error: { code: 401, message: record.authProblem, status: 'UNAUTHENTICATED' } })
    }
    if (record.provider === 'foundry' && foundry) {
      record.authProblem = foundryAuthProblem(record, foundry)
      if (record.authProblem) return sendFoundryError(res, 401, '401', `Unauthorized. ${record.authProblem}`)
      if (foundry.deployments && !foundry.deployments.includes(record.model ?? '')) {
        return sendFoundryError(
          res,
          404,
          'DeploymentNotFound',
          'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'
        )
      }
    }
    if (record.provider === 'bedrock' && record.path.startsWith('/inference-profiles')) {
      return sendJson(res, 404, { message: 'Not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' })
    }
    if (!record.provider || req.method !== 'POST') return sendJson(res, 404, { message: `No route for ${req.method} ${record.path}` })
    if (oauth && record.provider === 'anthropic' && !oauth.accepts((record.authorization ?? '').replace(/^Bearer /, ''))) {
      return sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } })
    }

    const custom = await override?.(record)
    if (custom) return sendOverride(res, record, custom)

    if (record.main) record.turn = mainCount++
    const scripted = record.turn !== null ? turns?.[record.turn] : undefined
    const turn = (typeof scripted === 'function' ? scripted(record) : scripted) || structuredOutputTurn(record, structuredOutput) || { text }
    const events = messageEvents(turn, record.model ?? 'claude-standin', `msg_standin_${++messageCount}`)

    if (!record.stream) return sendJson(res, 200, assemble(events), requestIdHeader(record.provider))
    if (record.provider === 'bedrock') {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', ...requestIdHeader('bedrock') })
      for (const event of events) res.write(bedrockChunk(event))
      return void res.end()
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...requestIdHeader(record.provider) })
    for (const event of events) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
    res.end()
  })

  const url = await listen(server)
  return {
    url,
    requests,
    /**
     * Override answers: `fn(request)` returns `{ status, body?, headers? }`, or undefined for the normal answer;
     * a promise of one holds the answer until it settles (a handshake with the test).
     * @param {((req: ModelRequest) => Override | undefined | Promise<Override | undefined>) | undefined} fn
     */
    respondWith(fn) {
      override = fn
    },
    close: () => closeServer(server)
  }
}

/**
 * Work out provider, model, region, project and signer from the request.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} raw
 * @param {import('./anthropic-cloud.js').AnthropicAwsOptions | undefined} anthropicAws when set, /v1/messages is Claude Platform on AWS's
 * @returns {ModelRequest}
 */
function describe(req, raw, anthropicAws) {
  const path = (req.url ?? '/').split('?')[0]
  /** @type {any} */
  let body = null
  try {
    body = raw ? JSON.parse(raw) : null
  } catch {
    body = null
  }
  const authorization = req.headers.authorization ?? null
  /** @type {ModelRequest} */
  const record = {
    provider: null,
    method: req.method ?? 'GET',
    path,
    model: null,
    headers: req.headers,
    body,
    authorization,
    region: null,
    project: null,
    workspace: null,
    accessKeyId: null,
    signatureValid: null,
    signatureProblem: null,
    stream: false,
    main: false,
    turn: null,
    authProblem: null,
    receivedAt: Date.now()
  }
  const bedrock = BEDROCK_PATH.exec(path)
  const vertex = VERTEX_PATH.exec(path)
  const cloud = describeAnthropicCloud(path, req.headers, body, authorization, anthropicAws)
  if (cloud) {
    Object.assign(record, cloud)
  } else if (path === '/v1/messages') {
    Object.assign(record, { provider: 'anthropic', model: body?.model ?? null, stream: body?.stream === true })
  } else if (path === '/anthropic/v1/messages') {
    Object.assign(record, { provider: 'foundry', model: body?.model ?? null, stream: body?.stream === true })
  } else if (bedrock || path.startsWith('/inference-profiles')) {
    // SigV4: Credential=<AKID>/<yyyymmdd>/<region>/bedrock/aws4_request
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/bedrock\//.exec(authorization ?? '')
    Object.assign(record, {
      provider: 'bedrock',
      model: bedrock ? decodeURIComponent(bedrock[1]) : null,
      stream: bedrock?.[2] === 'invoke-with-response-stream',
      accessKeyId: scope?.[1] ?? null,
      region: scope?.[2] ?? null
    })
  } else if (vertex) {
    Object.assign(record, {
      provider: 'vertex',
      project: vertex[1],
      region: vertex[2],
      model: decodeURIComponent(vertex[3]),
      stream: vertex[4] === 'streamRawPredict'
    })
  }
  // Conversation turns are streaming calls carrying a `tools` array (empty with
  // `--tools ''`); the CLI's availability probes are non-streaming, max_tokens 1, no tools.
  record.main = record.stream && Array.isArray(body?.tools) && body?.max_tokens !== 1
  return record
}

/**
 * The CLI turns `--json-schema` into a StructuredOutput tool whose input_schema is the schema, and
 * ends the run when it is called.
 * @param {ModelRequest} record
 * @param {Record<string, unknown> | undefined} input
 * @returns {Answer | undefined}
 */
function structuredOutputTurn(record, input) {
  const offered = record.body?.tools?.some((/** @type {{ name?: string }} */ t) => t.name === STRUCTURED_OUTPUT_TOOL)
  return input && offered ? { toolUse: { name: STRUCTURED_OUTPUT_TOOL, input } } : undefined
}

/**
 * The Anthropic streaming events of one answer.
 * @param {Answer} turn
 * @param {string} model
 * @param {string} id
 * @returns {any[]}
 */
function messageEvents(turn, model, id) {
  /** @type {any[]} */
  const blocks = []
  if (turn.text !== undefined || !turn.toolUse) {
    const text = turn.text ?? ''
    blocks.push(
      { type: 'content_block_start', content_block: { type: 'text', text: '' } },
      // Two deltas, so clients really have to concatenate.
      ...splitInTwo(text).map(part => ({ type: 'content_block_delta', delta: { type: 'text_delta', text: part } }))
    )
  }
  if (turn.toolUse) {
    const json = JSON.stringify(turn.toolUse.input ?? {})
    blocks.push(
      {
        type: 'content_block_start',
        content_block: { type: 'tool_use', id: turn.toolUse.id ?? `toolu_standin_${randomToken(9)}`, name: turn.toolUse.name, input: {} }
      },
      ...splitInTwo(json).map(part => ({ type: 'content_block_delta', delta: { type: 'input_json_delta', partial_json: part } }))
    )
  }
  // Number the blocks and close each one before the next starts.
  /** @type {any[]} */
  const numbered = []
  let index = -1
  for (const event of blocks) {
    if (event.type === 'content_block_start') {
      if (index >= 0) numbered.push({ type: 'content_block_stop', index })
      index++
    }
    numbered.push({ ...event, index })
  }
  numbered.push({ type: 'content_block_stop', index })

  const outputTokens = Math.max(1, Math.ceil(JSON.stringify(turn).length / 4))
  return [
    {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
      }
    },
    ...numbered,
    {
      type: 'message_delta',
      delta: { stop_reason: turn.toolUse ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: outputTokens }
    },
    { type: 'message_stop' }
  ]
}

/**
 * Fold streaming events into the non-streaming message.
 * @param {any[]} events
 */
function assemble(events) {
  const message = { ...events[0].message, content: /** @type {any[]} */ ([]) }
  /** @type {string[]} */
  const json = []
  for (const e of events) {
    if (e.type === 'content_block_start') message.content[e.index] = { ...e.content_block }
    if (e.delta?.type === 'text_delta') message.content[e.index].text += e.delta.text
    if (e.delta?.type === 'input_json_delta') json[e.index] = (json[e.index] ?? '') + e.delta.partial_json
    if (e.type === 'message_delta') {
      message.stop_reason = e.delta.stop_reason
      message.usage = { ...message.usage, output_tokens: e.usage.output_tokens }
    }
  }
  json.forEach((text, i) => text !== undefined && (message.content[i].input = JSON.parse(text)))
  return message
}

/** @param {string} s */
function splitInTwo(s) {
  const half = Math.ceil(s.length / 2)
  return s.length < 2 ? [s] : [s.slice(0, half), s.slice(half)]
}

/** @param {ModelRequest['provider']} provider @returns {Record<string, string>} */
function requestIdHeader(provider) {
  if (provider === 'bedrock') return { 'x-amzn-requestid': randomUUID() }
  return { 'request-id': `req_standin_${randomToken(12)}` }
}

const ANTHROPIC_ERRORS = /** @type {Record<number, [string, string]>} */ ({
  400: ['invalid_request_error', 'Invalid request'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'model: not found'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded']
})
const BEDROCK_ERRORS = /** @type {Record<number, [string, string]>} */ ({
  400: ['ValidationException', 'Malformed input request'],
  401: ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  403: ['AccessDeniedException', "You don't have access to the model with the specified model ID."],
  404: ['ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.'],
  429: ['ThrottlingException', 'Too many requests, please wait before trying again.'],
  500: ['InternalServerException', 'The server encountered an internal error.'],
  503: ['ServiceUnavailableException', 'Service unavailable. Try again later.'],
  529: ['ServiceUnavailableException', 'Service unavailable. Try again later.']
})
const GOOGLE_STATUS = /** @type {Record<number, [string, string]>} */ ({
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.'],
  403: ['PERMISSION_DENIED', "Permission 'aiplatform.endpoints.predict' denied on resource (or it may not exist)."],
  404: ['NOT_FOUND', 'Publisher Model was not found or your project does not have access to it.'],
  429: ['RESOURCE_EXHAUSTED', 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model.'],
  500: ['INTERNAL', 'Internal error encountered.'],
  503: ['UNAVAILABLE', 'The service is currently unavailable.']
})

/**
 * Answer an override; without a body, use the provider's own error shape.
 * @param {import('node:http').ServerResponse} res
 * @param {ModelRequest} record
 * @param {Override} custom
 */
function sendOverride(res, record, custom) {
  const { status } = custom
  let body = custom.body
  if (body === undefined && record.provider === 'bedrock') {
    const [type, message] = BEDROCK_ERRORS[status] ?? BEDROCK_ERRORS[500]
    return sendBedrockError(res, status, type, message, custom.headers)
  }
  if (body === undefined && record.provider === 'vertex' && GOOGLE_STATUS[status]) {
    const [googleStatus, message] = GOOGLE_STATUS[status]
    body = { error: { code: status, message, status: googleStatus } }
  } else if (body === undefined) {
    const [type, message] = ANTHROPIC_ERRORS[status] ?? ANTHROPIC_ERRORS[500]
    body = { type: 'error', error: { type, message } }
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', ...requestIdHeader(record.provider), ...custom.headers })
  res.end(text)
}

/**
 * Bedrock's error shape: the type in `x-amzn-errortype`, the text in `message`.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status @param {string} type @param {string} message
 * @param {Record<string, string>} [headers]
 */
function sendBedrockError(res, status, type, message, headers = {}) {
  sendJson(
    res,
    status,
    { message },
    {
      ...requestIdHeader('bedrock'),
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      ...headers
    }
  )
}

/** The Claude API's error shape. @param {import('node:http').ServerResponse} res @param {number} status @param {string} type @param {string} message */
function sendAnthropicError(res, status, type, message) {
  sendJson(res, status, { type: 'error', error: { type, message } }, requestIdHeader('anthropic'))
}

/**
 * Why Foundry refuses the request's credentials, or null when it accepts them.
 * @param {ModelRequest} record @param {FoundryOptions} foundry
 */
function foundryAuthProblem(record, foundry) {
  const key = record.headers['api-key'] ?? record.headers['x-api-key']
  if (key !== undefined) return foundry.apiKey !== undefined && key === foundry.apiKey ? null : 'The API key is not valid for this resource.'
  const token = /^Bearer (.+)$/.exec(record.authorization ?? '')?.[1]
  if (!token) return 'Access token is missing.'
  const expiresAt = foundry.tokenExpiry?.(token)
  if (expiresAt === undefined) return 'Access token is invalid, or its audience is not https://cognitiveservices.azure.com.'
  if (expiresAt <= record.receivedAt) return 'Access token has expired.'
  return null
}

/**
 * Azure AI services' error shape.
 * @param {import('node:http').ServerResponse} res @param {number} status @param {string} code @param {string} message
 */
function sendFoundryError(res, status, code, message) {
  sendJson(res, status, { error: { code, message } }, { 'apim-request-id': randomUUID() })
}
