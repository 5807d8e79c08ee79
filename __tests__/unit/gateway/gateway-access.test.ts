// What the gateway lets through and how: the secret header, the allow-lists, Bedrock's unsigned
// inference-profile listing, the body bound, and each upstream's credential put in place of the CLI's.
import http from 'node:http'
import { describe, expect, it } from '@jest/globals'
import { startGateway } from '../../../src/gateway/gateway.js'
import { anthropicAwsUpstream } from '../../../src/gateway/upstreams/anthropic-aws.js'
import { anthropicGoogleCloudUpstream } from '../../../src/gateway/upstreams/anthropic-google-cloud.js'
import { anthropicUpstream } from '../../../src/gateway/upstreams/anthropic.js'
import { bedrockUpstream } from '../../../src/gateway/upstreams/bedrock.js'
import { foundryUpstream } from '../../../src/gateway/upstreams/foundry.js'
import { vertexUpstream } from '../../../src/gateway/upstreams/vertex.js'
import { startModel } from '../../stand-ins/model.js'
import { verifySigV4 } from '../../stand-ins/sigv4.js'
import { AWS_KEYS, amzDate, awsSecretFor, call, messagesBody, smithyAuthorization, started, startUpstream } from './support.js'

const CLI_HEADERS = { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219', 'user-agent': 'claude-cli/2.1.331' }

describe('the secret header', () => {
  it('refuses a call without it, or with another value, with a 401 that echoes no secret, and forwards nothing', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'sk-ant-real', endpoint: upstream.url }), regions: ['global'] })
    )
    const another = await started(
      startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'sk-ant-real', endpoint: upstream.url }), regions: ['global'] })
    )
    for (const g of [gateway, another]) {
      for (const secret of [null, 'wrong', `${g.secret}x`, g.secret.slice(1)]) {
        const res = await call(g, '/v1/messages', { body: messagesBody(), secret })
        expect(res.status).toBe(401)
        expect(JSON.parse(res.text)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } })
        expect(res.text).toContain(g.headerName)
        expect(res.text).not.toContain(g.secret)
      }
    }
    expect(upstream.requests).toHaveLength(0)
    expect(gateway.customHeaders).toBe(`${gateway.headerName}: ${gateway.secret}`)
    expect(gateway.secret).not.toBe(another.secret)
    expect(gateway.secret).toMatch(/^[\w-]{43}$/)
  })

  it('is taken off before the call goes upstream', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    expect((await call(gateway, '/v1/messages', { body: messagesBody() })).status).toBe(200)
    expect(upstream.requests[0].headers[gateway.headerName]).toBeUndefined()
    expect(JSON.stringify(upstream.requests[0].headers)).not.toContain(gateway.secret)
  })
})

describe('allow-lists', () => {
  it.each([
    [
      'bedrock',
      [
        ['POST', '/model/anthropic.claude-x/converse'],
        ['POST', '/model/anthropic.claude-x/count-tokens'],
        ['GET', '/model/anthropic.claude-x/invoke'],
        ['POST', '/v1/messages'],
        ['DELETE', '/guardrails/g1']
      ]
    ],
    [
      'anthropic',
      [
        ['GET', '/v1/models'],
        ['POST', '/v1/files'],
        ['POST', '/v1/oauth/token'],
        ['GET', '/v1/messages'],
        ['POST', '/v1/messages/batches']
      ]
    ],
    [
      'vertex',
      [
        ['POST', '/v1/projects/p1/locations/us-east5/publishers/google/models/gemini:generateContent'],
        ['POST', '/v1/projects/other/locations/us-east5/publishers/anthropic/models/claude-x:rawPredict'],
        ['GET', '/v1/projects/p1/locations']
      ]
    ]
  ] as const)('%s: refuses other calls with a 403 that names the path, and forwards nothing', async (kind, refused) => {
    const upstream = await started(startUpstream())
    let credentialUses = 0
    const bearer = async () => `token-${++credentialUses}`
    const choice = {
      bedrock: bedrockUpstream({ credentials: async () => (credentialUses++, AWS_KEYS), endpoint: upstream.url }),
      anthropic: anthropicUpstream({ bearer, endpoint: upstream.url }),
      vertex: vertexUpstream({ token: bearer, project: 'p1', endpoint: `${upstream.url}/v1` })
    }[kind]
    const gateway = await started(startGateway({ upstream: choice, regions: ['us-east5'] }))
    for (const [method, path] of refused) {
      const res = await call(gateway, path, { method, body: method === 'GET' ? undefined : messagesBody() })
      expect(res.status).toBe(403)
      expect(JSON.parse(res.text).error).toEqual({
        type: 'permission_error',
        message: expect.stringContaining(`${method} ${path} is not one`)
      })
    }
    expect(upstream.requests).toHaveLength(0)
    expect(credentialUses).toBe(0)
  })

  it("answers Bedrock's GET /inference-profiles itself with a 404, with or without the secret, using no credential", async () => {
    const model = await started(startModel({ awsSecretFor }))
    let credentialUses = 0
    const credentials = async () => (credentialUses++, AWS_KEYS)
    const gateway = await started(startGateway({ upstream: bedrockUpstream({ credentials, endpoint: model.url }), regions: ['us-east-1'] }))
    for (const secret of [null, gateway.secret]) {
      const res = await call(gateway, '/inference-profiles?type=SYSTEM_DEFINED&maxResults=1000', { method: 'GET', secret })
      expect(res.status).toBe(404)
      expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    }
    expect((await call(gateway, '/inference-profiles/us.anthropic.claude-x', { method: 'GET', secret: null })).status).toBe(404)
    expect(model.requests).toHaveLength(0)
    expect(credentialUses).toBe(0)
  })

  it('answers a body over the bound with a 413 and forwards nothing', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({
        upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }),
        regions: ['global'],
        maxBodyBytes: 1024
      })
    )
    const declared = await call(gateway, '/v1/messages', { body: 'x'.repeat(1025) })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.text).error.type).toBe('request_too_large')
    // Chunked, with no length declared: counted as it comes.
    const chunked = await streamedCall(gateway.baseUrl, '/v1/messages', { [gateway.headerName]: gateway.secret }, ['x'.repeat(600), 'y'.repeat(600)])
    expect(chunked.status).toBe(413)
    expect((await call(gateway, '/v1/messages', { body: 'x'.repeat(1000) })).status).toBe(200)
    expect(upstream.requests).toHaveLength(1)
  })
})

describe('credentials put in place of the CLI placeholders', () => {
  it('Claude API: the real key replaces the placeholder x-api-key; the CLI headers, path and query go as sent', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'sk-ant-real-key', endpoint: upstream.url }), regions: ['global'] })
    )
    const res = await call(gateway, '/v1/messages?beta=true', {
      body: messagesBody(),
      headers: { ...CLI_HEADERS, 'x-api-key': 'placeholder', 'accept-encoding': 'gzip, br' }
    })
    expect(res.status).toBe(200)
    const sent = upstream.requests[0]
    expect(sent.url).toBe('/v1/messages?beta=true')
    expect(sent.headers).toMatchObject({ ...CLI_HEADERS, 'x-api-key': 'sk-ant-real-key', 'accept-encoding': 'identity' })
    expect(sent.headers.authorization).toBeUndefined()
    expect(JSON.parse(sent.body.toString())).toEqual(messagesBody())
  })

  it('Claude API with a federation token: x-api-key goes, Authorization: Bearer comes', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({ upstream: anthropicUpstream({ bearer: async () => 'sk-ant-oat01-fed', endpoint: upstream.url }), regions: ['global'] })
    )
    await call(gateway, '/v1/messages/count_tokens?beta=true', { body: messagesBody(), headers: { 'x-api-key': 'placeholder' } })
    expect(upstream.requests[0].headers['x-api-key']).toBeUndefined()
    expect(upstream.requests[0].headers.authorization).toBe('Bearer sk-ant-oat01-fed')
  })

  it("Claude API with a federation token and betas: the missing betas join the CLI's, none twice", async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({
        upstream: anthropicUpstream({ bearer: async () => 'sk-ant-oat01-fed', betas: ['oauth-2025-04-20'], endpoint: upstream.url }),
        regions: ['global']
      })
    )
    await call(gateway, '/v1/messages', { body: messagesBody(), headers: CLI_HEADERS })
    await call(gateway, '/v1/messages', { body: messagesBody(), headers: { ...CLI_HEADERS, 'anthropic-beta': 'oauth-2025-04-20, claude-code-20250219' } })
    await call(gateway, '/v1/messages', { body: messagesBody() })
    expect(upstream.requests.map(r => r.headers['anthropic-beta'])).toEqual([
      'claude-code-20250219,oauth-2025-04-20',
      'oauth-2025-04-20, claude-code-20250219',
      'oauth-2025-04-20'
    ])
  })

  it('Bedrock with an API key: sent as the bearer token, no signature, in whichever region', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({ upstream: bedrockUpstream({ apiKey: async () => 'ABSKbedrock-api-key', endpoint: upstream.url }), regions: ['eu-west-1'] })
    )
    const res = await call(gateway, '/model/eu.anthropic.claude-x-v1%3A0/invoke', { body: { anthropic_version: 'bedrock-2023-05-31', messages: [] } })
    expect(res.status).toBe(200)
    const sent = upstream.requests[0].headers
    expect(sent.authorization).toBe('Bearer ABSKbedrock-api-key')
    expect(sent['x-amz-date']).toBeUndefined()
    expect(sent['x-amz-security-token']).toBeUndefined()
    expect(() => bedrockUpstream({})).toThrow('exactly one of credentials or apiKey')
  })

  it.each([
    ['an Entra token', { token: async () => 'entra-access-token' }, { authorization: 'Bearer entra-access-token' }, 'Bearer entra-access-token'],
    ['a key', { apiKey: async () => 'foundry-key' }, { 'api-key': 'foundry-key' }, null]
  ])("Foundry: %s replaces the CLI's placeholder bearer, and Foundry lets the call in", async (_name, credential, expected, authorization) => {
    const model = await started(
      startModel({
        foundry: {
          apiKey: 'foundry-key',
          tokenExpiry: (token: string) => (token === 'entra-access-token' ? Date.now() + 3_600_000 : undefined)
        }
      })
    )
    const gateway = await started(startGateway({ upstream: foundryUpstream({ endpoint: `${model.url}/anthropic`, ...credential }), regions: ['eastus2'] }))
    const res = await call(gateway, '/v1/messages', { body: messagesBody(), headers: { authorization: 'Bearer skip-foundry-auth' } })
    expect(res.status).toBe(200)
    expect(model.requests[0]).toMatchObject({ provider: 'foundry', authProblem: null, headers: expected, authorization })
  })

  it('Vertex: a bearer token, with or without /v1 in the CLI path (another region is the regions test)', async () => {
    const model = await started(startModel())
    const gateway = await started(
      startGateway({
        upstream: vertexUpstream({ token: async () => 'ya29.vertex', project: 'p1', endpoint: `${model.url}/v1` }),
        regions: ['europe-west1']
      })
    )
    const path = 'projects/p1/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict'
    for (const prefix of ['/v1/', '/']) {
      expect((await call(gateway, `${prefix}${path}`, { body: { anthropic_version: 'vertex-2023-10-16', max_tokens: 1, messages: [] } })).status).toBe(200)
    }
    expect(model.requests.map(r => [r.provider, r.project, r.region, r.model, r.authorization])).toEqual([
      ['vertex', 'p1', 'europe-west1', 'claude-sonnet-4-5@20250929', 'Bearer ya29.vertex'],
      ['vertex', 'p1', 'europe-west1', 'claude-sonnet-4-5@20250929', 'Bearer ya29.vertex']
    ])
    // Counting tokens is a rawPredict on the model `count-tokens`; the meter names the model in the body.
    const counted = '/v1/projects/p1/locations/europe-west1/publishers/anthropic/models/count-tokens:rawPredict'
    expect((await call(gateway, counted, { body: { model: 'claude-sonnet-4-5@20250929', messages: [] } })).status).toBe(200)
    expect(model.requests[2]).toMatchObject({ region: 'europe-west1', model: 'count-tokens', authorization: 'Bearer ya29.vertex' })
    expect(gateway.meter.map(r => r.model)).toEqual(['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5@20250929', 'claude-sonnet-4-5@20250929'])
  })

  it('Claude on Google Cloud: the path is rebuilt under project, location and workspace, with a bearer token', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({
        upstream: anthropicGoogleCloudUpstream({
          token: async () => 'ya29.claude',
          project: 'proj-1',
          workspaceId: 'wrkspc_9',
          endpoint: upstream.url
        }),
        regions: ['us-east5']
      })
    )
    expect((await call(gateway, '/v1/messages?beta=true', { body: messagesBody(), headers: { 'x-api-key': 'placeholder' } })).status).toBe(200)
    expect(upstream.requests[0].url).toBe('/v1/projects/proj-1/locations/us-east5/workspaces/wrkspc_9/invoke/v1/messages?beta=true')
    expect(upstream.requests[0].headers).toMatchObject({ authorization: 'Bearer ya29.claude' })
    expect(upstream.requests[0].headers['x-api-key']).toBeUndefined()
  })

  it('Claude Platform on AWS: SigV4 for aws-external-anthropic, the workspace header set and signed', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({
        upstream: anthropicAwsUpstream({ credentials: async () => AWS_KEYS, workspaceId: 'wrkspc_aws', endpoint: upstream.url }),
        regions: ['us-west-2']
      })
    )
    const res = await call(gateway, '/v1/messages?beta=true', {
      body: messagesBody(),
      headers: { ...CLI_HEADERS, 'anthropic-workspace-id': 'from-the-cli' }
    })
    expect(res.status).toBe(200)
    const sent = upstream.requests[0]
    expect(sent.headers['anthropic-workspace-id']).toBe('wrkspc_aws')
    expect(sent.headers.authorization).toMatch(
      /Credential=ASIAGATEWAYTEST00001\/\d{8}\/us-west-2\/aws-external-anthropic\/aws4_request, SignedHeaders=anthropic-workspace-id;/
    )
    expect(await verifySigV4({ method: sent.method, url: sent.url, headers: sent.headers, body: sent.body }, awsSecretFor)).toMatchObject({
      valid: true,
      region: 'us-west-2'
    })
  })

  it('Bedrock: a body streamed in chunks is held, signed, and verifies at the stand-in and against @smithy/signature-v4', async () => {
    const model = await started(startModel({ awsSecretFor }))
    const recorder = await started(startUpstream())
    const body = JSON.stringify({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'ünïcode ✓ '.repeat(5000) }]
    })
    const pieces = [body.slice(0, 7), body.slice(7, 30_000), body.slice(30_000)]
    const path = `/model/${encodeURIComponent('us.anthropic.claude-sonnet-4-5-v1:0')}/invoke`
    for (const endpoint of [model.url, recorder.url]) {
      const gateway = await started(startGateway({ upstream: bedrockUpstream({ credentials: async () => AWS_KEYS, endpoint }), regions: ['us-east-2'] }))
      const res = await streamedCall(gateway.baseUrl, path, { [gateway.headerName]: gateway.secret, 'content-type': 'application/json' }, pieces)
      expect(res.status).toBe(200)
    }
    expect(model.requests[0]).toMatchObject({
      provider: 'bedrock',
      signatureValid: true,
      region: 'us-east-2',
      model: 'us.anthropic.claude-sonnet-4-5-v1:0'
    })

    const sent = recorder.requests[0]
    expect(sent.url).toBe('/model/us.anthropic.claude-sonnet-4-5-v1%3A0/invoke')
    expect(sent.body.toString()).toBe(body)
    const signedNames = /SignedHeaders=([^,]+),/.exec(String(sent.headers.authorization))![1].split(';')
    const signedHeaders = Object.fromEntries(
      signedNames.filter(n => !['host', 'x-amz-date', 'x-amz-security-token'].includes(n)).map(n => [n, String(sent.headers[n])])
    )
    const expected = await smithyAuthorization(
      { method: 'POST', url: new URL(`${recorder.url}${sent.url}`), headers: signedHeaders, body: sent.body },
      { credentials: AWS_KEYS, region: 'us-east-2', service: 'bedrock', date: amzDate(String(sent.headers['x-amz-date'])) }
    )
    expect(sent.headers.authorization).toBe(expected)
  })

  it('a failing credential getter gives a 502 whose body and log name no credential', async () => {
    const upstream = await started(startUpstream())
    const logged: string[] = []
    const gateway = await started(
      startGateway({
        upstream: anthropicUpstream({
          apiKey: async () => {
            throw new Error('refused: sk-ant-leaked-in-message')
          },
          endpoint: upstream.url
        }),
        regions: ['global'],
        log: line => logged.push(line)
      })
    )
    const res = await call(gateway, '/v1/messages', { body: messagesBody() })
    expect(res.status).toBe(502)
    expect(res.text).toContain('could not get anthropic credentials')
    for (const text of [res.text, ...logged]) {
      expect(text).not.toContain('sk-ant-leaked')
      expect(text).not.toContain(gateway.secret)
    }
    expect(logged.length).toBeGreaterThan(0)
    expect(upstream.requests).toHaveLength(0)
    expect(gateway.meter[0]).toMatchObject({ status: 502, region: 'global' })
  })
})

/** Sends a body in pieces with chunked transfer encoding (no content-length), as a stream would. */
function streamedCall(baseUrl: string, path: string, headers: Record<string, string>, pieces: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${path}`, { method: 'POST', headers }, res => {
      let text = ''
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    // A 413 may close the connection before every piece is written; the answer still comes.
    request.on('error', error => (request.destroyed ? undefined : reject(error)))
    const write = (index: number) => {
      if (index === pieces.length) return void request.end()
      request.write(pieces[index], () => setImmediate(() => write(index + 1)))
    }
    write(0)
  })
}
