// Regions: a throttled or unreachable region hands the same call to the next one at once, signed anew;
// an ARN stays in its region and a geography prefix in its geography; `spread` rotates the first region.
import { describe, expect, it } from '@jest/globals'
import { startGateway } from '../../../src/gateway/gateway.js'
import { anthropicUpstream } from '../../../src/gateway/upstreams/anthropic.js'
import { bedrockRegionServes, bedrockUpstream } from '../../../src/gateway/upstreams/bedrock.js'
import { vertexEndpoint, vertexUpstream } from '../../../src/gateway/upstreams/vertex.js'
import { startModel } from '../../stand-ins/model.js'
import { AWS_KEYS, awsSecretFor, call, messagesBody, refusedUrl, started, startUpstream } from './support.js'

const INVOKE_BODY = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }
const invokePath = (model: string) => `/model/${encodeURIComponent(model)}/invoke`

async function bedrockGateway(endpoint: string | ((region: string) => string), regions: string[], strategy?: 'failover' | 'spread') {
  return started(startGateway({ upstream: bedrockUpstream({ credentials: async () => AWS_KEYS, endpoint }), regions, strategy }))
}

/** One recording upstream per region, each answering with `status` (and its region in the body). */
async function upstreamsByRegion(statuses: Record<string, number>) {
  const entries = await Promise.all(
    Object.entries(statuses).map(async ([region, status]) => {
      const upstream = await started(
        startUpstream(() =>
          status === 200
            ? undefined
            : {
                status,
                headers: { 'content-type': 'application/json', 'retry-after': '7', 'x-region': region },
                body: JSON.stringify({ message: `slow down in ${region}` })
              }
        )
      )
      return [region, upstream] as const
    })
  )
  const byRegion = Object.fromEntries(entries)
  return { byRegion, endpoint: (region: string) => byRegion[region].url }
}

describe('failover within one call', () => {
  it.each([429, 503, 529])('moves a call answered %i to the next region at once, re-signed for it', async status => {
    const model = await started(startModel({ awsSecretFor }))
    model.respondWith(request => (request.region === 'us-east-1' ? { status } : undefined))
    const gateway = await bedrockGateway(model.url, ['us-east-1', 'us-west-2'])
    const res = await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    expect(res.status).toBe(200)
    expect(model.requests.map(r => [r.region, r.signatureValid, r.model])).toEqual([
      ['us-east-1', true, 'us.anthropic.claude-x-v1:0'],
      ['us-west-2', true, 'us.anthropic.claude-x-v1:0']
    ])
    expect(gateway.meter).toEqual([expect.objectContaining({ region: 'us-west-2', status: 200, retriedFrom: ['us-east-1'], retryReasons: [status] })])
    expect(gateway.summary()).toMatchObject({ requests: 1, requestsByRegion: { 'us-west-2': 1 }, throttled: 1, retries: 1 })
  })

  it('moves on from a region whose connection is refused', async () => {
    const model = await started(startModel({ awsSecretFor }))
    const refused = await refusedUrl()
    const gateway = await bedrockGateway(region => (region === 'eu-west-1' ? refused : model.url), ['eu-west-1', 'eu-central-1'])
    const res = await call(gateway, invokePath('eu.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    expect(res.status).toBe(200)
    expect(model.requests.map(r => r.region)).toEqual(['eu-central-1'])
    expect(gateway.meter[0]).toMatchObject({ region: 'eu-central-1', retriedFrom: ['eu-west-1'], retryReasons: ['connection-error'] })
  })

  it('passes the last answer through unchanged when every region is throttled', async () => {
    const { byRegion, endpoint } = await upstreamsByRegion({ 'us-east-1': 429, 'us-east-2': 503, 'us-west-2': 429 })
    const gateway = await bedrockGateway(endpoint, ['us-east-1', 'us-east-2', 'us-west-2'])
    const res = await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(res.headers.get('x-region')).toBe('us-west-2')
    expect(JSON.parse(res.text)).toEqual({ message: 'slow down in us-west-2' })
    expect(Object.values(byRegion).map(u => u.requests.length)).toEqual([1, 1, 1])
    expect(gateway.meter[0]).toMatchObject({
      status: 429,
      region: 'us-west-2',
      retriedFrom: ['us-east-1', 'us-east-2'],
      retryReasons: [429, 503]
    })
    expect(gateway.summary()).toMatchObject({ throttled: 3, retries: 2 })
  })

  it('answers 502 when the last region cannot be reached, naming the error code only', async () => {
    const refused = await refusedUrl()
    const gateway = await bedrockGateway(refused, ['us-east-1'])
    const res = await call(gateway, invokePath('anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    expect(res.status).toBe(502)
    expect(JSON.parse(res.text).error.message).toBe('The model gateway could not reach bedrock in us-east-1 (ECONNREFUSED).')
  })

  it.each([400, 403, 500])('does not retry a %i: it is the answer', async status => {
    const { byRegion, endpoint } = await upstreamsByRegion({ 'us-east-1': status, 'us-west-2': 200 })
    const gateway = await bedrockGateway(endpoint, ['us-east-1', 'us-west-2'])
    expect((await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })).status).toBe(status)
    expect(byRegion['us-west-2'].requests).toHaveLength(0)
  })

  it('with one region (the Claude API), a 429 is simply passed on', async () => {
    const upstream = await started(startUpstream(() => ({ status: 429, body: '{"type":"error","error":{"type":"rate_limit_error"}}' })))
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    expect((await call(gateway, '/v1/messages', { body: messagesBody() })).status).toBe(429)
    expect(upstream.requests).toHaveLength(1)
  })

  it('Vertex: the next region is the same call with its location rewritten', async () => {
    const model = await started(startModel())
    model.respondWith(request => (request.region === 'us-east5' ? { status: 429 } : undefined))
    const gateway = await started(
      startGateway({
        upstream: vertexUpstream({ token: async () => 'ya29.t', project: 'p1', endpoint: `${model.url}/v1` }),
        regions: ['us-east5', 'europe-west1']
      })
    )
    const path = '/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-x:streamRawPredict'
    expect((await call(gateway, path, { body: { anthropic_version: 'vertex-2023-10-16', stream: true, max_tokens: 8, messages: [] } })).status).toBe(200)
    expect(model.requests.map(r => [r.project, r.region, r.model])).toEqual([
      ['p1', 'us-east5', 'claude-x'],
      ['p1', 'europe-west1', 'claude-x']
    ])
  })
})

describe('where a model may go', () => {
  const ARN = 'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc123'

  it('sends an ARN only to its own region, skipping the home region, and never elsewhere when throttled', async () => {
    const { byRegion, endpoint } = await upstreamsByRegion({ 'us-east-1': 200, 'us-west-2': 429, 'us-east-2': 200 })
    const gateway = await bedrockGateway(endpoint, ['us-east-1', 'us-west-2', 'us-east-2'])
    // Encoded once (the SDKs' form) and with its slash bare: the same ARN either way.
    for (const path of [invokePath(ARN), `/model/${ARN}/invoke`]) {
      expect((await call(gateway, path, { body: INVOKE_BODY })).status).toBe(429)
    }
    expect(byRegion['us-east-1'].requests).toHaveLength(0)
    expect(byRegion['us-east-2'].requests).toHaveLength(0)
    expect(byRegion['us-west-2'].requests.map(r => r.url)).toEqual([invokePath(ARN), invokePath(ARN)])
    expect(invokePath(ARN)).toContain('arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Aapplication-inference-profile%2Fabc123')
  })

  it("refuses an ARN whose region is not among the gateway's, sending nothing", async () => {
    const { byRegion, endpoint } = await upstreamsByRegion({ 'eu-west-1': 200 })
    const gateway = await bedrockGateway(endpoint, ['eu-west-1'])
    const res = await call(gateway, invokePath(ARN), { body: INVOKE_BODY })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.text).error.message).toBe(`The model ${ARN} cannot be served from the gateway's regions (eu-west-1).`)
    expect(byRegion['eu-west-1'].requests).toHaveLength(0)
  })

  it('keeps a geography prefix in its geography, in the order of the regions', async () => {
    const { byRegion, endpoint } = await upstreamsByRegion({
      'eu-west-1': 429,
      'us-east-1': 429,
      'ap-northeast-1': 429,
      'eu-central-1': 429
    })
    const gateway = await bedrockGateway(endpoint, ['eu-west-1', 'us-east-1', 'ap-northeast-1', 'eu-central-1'])
    const tried = async (model: string) => {
      for (const upstream of Object.values(byRegion)) upstream.requests.length = 0
      await call(gateway, invokePath(model), { body: INVOKE_BODY })
      return Object.keys(byRegion).filter(region => byRegion[region].requests.length > 0)
    }
    expect(await tried('us.anthropic.claude-x-v1:0')).toEqual(['us-east-1'])
    expect(await tried('eu.anthropic.claude-x-v1:0')).toEqual(['eu-west-1', 'eu-central-1'])
    expect(await tried('apac.anthropic.claude-x-v1:0')).toEqual(['ap-northeast-1'])
    expect(await tried('global.anthropic.claude-x-v1:0')).toEqual(['eu-west-1', 'us-east-1', 'ap-northeast-1', 'eu-central-1'])
    expect(await tried('anthropic.claude-x-v1:0')).toEqual(['eu-west-1', 'us-east-1', 'ap-northeast-1', 'eu-central-1'])
    expect(gateway.meter.map(r => r.retriedFrom ?? [])).toEqual([
      [],
      ['eu-west-1'],
      [],
      ['eu-west-1', 'us-east-1', 'ap-northeast-1'],
      ['eu-west-1', 'us-east-1', 'ap-northeast-1']
    ])
  })

  it.each([
    ['us.anthropic.m', 'us-east-1', true],
    ['us.anthropic.m', 'us-gov-west-1', false],
    ['us.anthropic.m', 'eu-west-1', false],
    ['us-gov.anthropic.m', 'us-gov-west-1', true],
    ['us-gov.anthropic.m', 'us-east-1', false],
    ['eu.anthropic.m', 'eu-north-1', true],
    ['eu.anthropic.m', 'us-east-1', false],
    ['apac.anthropic.m', 'ap-south-1', true],
    ['apac.anthropic.m', 'eu-west-1', false],
    ['jp.anthropic.m', 'ap-northeast-1', true],
    ['jp.anthropic.m', 'ap-south-1', false],
    ['au.anthropic.m', 'ap-southeast-2', true],
    ['au.anthropic.m', 'ap-northeast-1', false],
    ['global.anthropic.m', 'sa-east-1', true],
    ['anthropic.claude-x-v1:0', 'ca-central-1', true],
    ['arn:aws:bedrock:eu-west-3:1:inference-profile/eu.anthropic.m', 'eu-west-3', true],
    ['arn:aws:bedrock:eu-west-3:1:inference-profile/eu.anthropic.m', 'eu-west-1', false]
  ])('%s may go to %s: %s', (model, region, expected) => {
    expect(bedrockRegionServes(model, region)).toBe(expected)
  })

  it("Vertex's endpoint per location: regional, the us/eu multi-regions, and global", () => {
    expect(vertexEndpoint('us-east5')).toBe('https://us-east5-aiplatform.googleapis.com/v1')
    expect(vertexEndpoint('eu')).toBe('https://aiplatform.eu.rep.googleapis.com/v1')
    expect(vertexEndpoint('us')).toBe('https://aiplatform.us.rep.googleapis.com/v1')
    expect(vertexEndpoint('global')).toBe('https://aiplatform.googleapis.com/v1')
  })
})

describe('spread', () => {
  it('starts each call at the next region in turn', async () => {
    const model = await started(startModel({ awsSecretFor }))
    const gateway = await bedrockGateway(model.url, ['us-east-1', 'us-east-2', 'us-west-2'], 'spread')
    for (let i = 0; i < 6; i++) expect((await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })).status).toBe(200)
    expect(model.requests.map(r => r.region)).toEqual(['us-east-1', 'us-east-2', 'us-west-2', 'us-east-1', 'us-east-2', 'us-west-2'])
    expect(gateway.summary().requestsByRegion).toEqual({ 'us-east-1': 2, 'us-east-2': 2, 'us-west-2': 2 })
  })

  it('still fails over from its starting region, wrapping round the list', async () => {
    const model = await started(startModel({ awsSecretFor }))
    model.respondWith(request => (request.region === 'us-west-2' ? { status: 429 } : undefined))
    const gateway = await bedrockGateway(model.url, ['us-east-1', 'us-west-2'], 'spread')
    for (let i = 0; i < 2; i++) await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    expect(model.requests.map(r => r.region)).toEqual(['us-east-1', 'us-west-2', 'us-east-1'])
    expect(gateway.meter.map(r => [r.region, r.retriedFrom])).toEqual([
      ['us-east-1', undefined],
      ['us-east-1', ['us-west-2']]
    ])
  })
})

describe('home region and models with regions of their own', () => {
  it("setHomeRegion makes later calls start there (a resumed session's region), then fail over as before", async () => {
    const model = await started(startModel({ awsSecretFor }))
    model.respondWith(request => (request.region === 'us-west-2' ? { status: 429 } : undefined))
    const gateway = await bedrockGateway(model.url, ['us-east-1', 'us-west-2', 'us-east-2'])
    gateway.setHomeRegion('us-west-2')
    await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    gateway.setHomeRegion('eu-west-1')
    await call(gateway, invokePath('us.anthropic.claude-x-v1:0'), { body: INVOKE_BODY })
    // A region that is not the gateway's changes nothing.
    expect(model.requests.map(r => r.region)).toEqual(['us-west-2', 'us-east-2', 'us-west-2', 'us-east-2'])
  })

  it('a model bound to its own regions (small-fast-model-region) goes only there, throttled or not', async () => {
    const model = await started(startModel({ awsSecretFor }))
    model.respondWith(request => (request.region === 'us-west-2' ? { status: 429 } : undefined))
    const gateway = await started(
      startGateway({
        upstream: bedrockUpstream({ credentials: async () => AWS_KEYS, endpoint: model.url }),
        regions: ['us-east-1', 'us-east-2'],
        modelRegions: { 'us.anthropic.claude-haiku-x': ['us-west-2'] }
      })
    )
    expect((await call(gateway, invokePath('us.anthropic.claude-haiku-x'), { body: INVOKE_BODY })).status).toBe(429)
    expect((await call(gateway, invokePath('us.anthropic.claude-main-x'), { body: INVOKE_BODY })).status).toBe(200)
    expect(model.requests.map(r => [r.model, r.region])).toEqual([
      ['us.anthropic.claude-haiku-x', 'us-west-2'],
      ['us.anthropic.claude-main-x', 'us-east-1']
    ])
  })

  it('Vertex: a call naming another location than the home region (VERTEX_REGION_CLAUDE_*) goes there only', async () => {
    const model = await started(startModel())
    model.respondWith(request => (request.region === 'us-east5' ? { status: 429 } : undefined))
    const gateway = await started(
      startGateway({
        upstream: vertexUpstream({ token: async () => 'ya29.t', project: 'p1', endpoint: `${model.url}/v1` }),
        regions: ['europe-west1', 'europe-west4']
      })
    )
    const path = (location: string) => `/v1/projects/p1/locations/${location}/publishers/anthropic/models/claude-haiku-x:rawPredict`
    const body = { anthropic_version: 'vertex-2023-10-16', max_tokens: 8, messages: [] }
    // The pinned location throttles: the 429 is the answer, with no move to the gateway's regions.
    expect((await call(gateway, path('us-east5'), { body })).status).toBe(429)
    expect((await call(gateway, path('europe-west1'), { body })).status).toBe(200)
    expect(model.requests.map(r => r.region)).toEqual(['us-east5', 'europe-west1'])
    gateway.setHomeRegion('europe-west4')
    expect((await call(gateway, path('europe-west4'), { body })).status).toBe(200)
    expect(model.requests.map(r => r.region).slice(2)).toEqual(['europe-west4'])
  })
})
