// The model stand-in as Claude Platform on AWS and Claude on Google Cloud, driven over plain fetch and
// signed with @smithy/signature-v4 (the AWS SDKs' signer): it lets in what the real services would and
// refuses, in their shapes, what they would not. The real CLI drives it in the e2e tests.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { afterEach, describe, expect, it } from '@jest/globals'
import { SignatureV4 } from '@smithy/signature-v4'
import type { SourceData } from '@smithy/types'
import { startModel } from './index.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})
async function started<T extends { close: () => Promise<void> }>(p: Promise<T>): Promise<T> {
  const s = await p
  closers.push(s.close)
  return s
}

/** @smithy/signature-v4 wants a hash class; node:crypto is the same SHA-256 and HMAC. */
class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256')
  }
  update(data: SourceData) {
    this.hash.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}
const bytes = (d: SourceData) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d))

const WORKSPACE = 'wrkspc_01StandIn'
const issued = {
  accessKeyId: 'ASIASTANDINPLATFORM1',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYPLATFORM01',
  sessionToken: 'IQoJb3JpZ2luX2VjPLATFORM//token+='
}
const awsSecretFor = (id: string) => (id === issued.accessKeyId ? issued : undefined)
const BODY = JSON.stringify({ model: 'claude-x', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] })

/** A call to /v1/messages signed as the service expects, or as told otherwise. */
async function signedCall(url: string, options: { service?: string; workspace?: string | null; signWorkspace?: boolean; credentials?: typeof issued } = {}) {
  const { hostname, port } = new URL(url)
  const workspace = options.workspace === undefined ? WORKSPACE : options.workspace
  const headers: Record<string, string> = { host: `${hostname}:${port}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }
  if (workspace && options.signWorkspace !== false) headers['anthropic-workspace-id'] = workspace
  const signer = new SignatureV4({
    credentials: options.credentials ?? issued,
    region: 'us-west-2',
    service: options.service ?? 'aws-external-anthropic',
    sha256: Sha256
  })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: '/v1/messages',
    query: { beta: 'true' },
    headers,
    body: BODY
  })
  const { host: _host, ...sent } = signed.headers
  if (workspace && options.signWorkspace === false) sent['anthropic-workspace-id'] = workspace
  return fetch(`${url}/v1/messages?beta=true`, { method: 'POST', headers: sent, body: BODY })
}

describe('Claude Platform on AWS', () => {
  it('lets in a call signed for aws-external-anthropic with the issued key, the workspace header signed, and reads its region', async () => {
    const model = await started(startModel({ text: 'on AWS', anthropicAws: { workspaceId: WORKSPACE }, awsSecretFor }))
    const res = await signedCall(model.url)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ content: [{ type: 'text', text: 'on AWS' }] })
    expect(model.requests[0]).toMatchObject({
      provider: 'anthropic-aws',
      workspace: WORKSPACE,
      accessKeyId: issued.accessKeyId,
      region: 'us-west-2',
      signatureValid: true,
      authProblem: null
    })
  })

  it.each([
    ['no workspace header', { workspace: null }, 400, 'anthropic-workspace-id header is required'],
    ['another workspace', { workspace: 'wrkspc_01Other' }, 403, 'Workspace wrkspc_01Other is not accessible'],
    ['the Bedrock service name', { service: 'bedrock' }, 403, "scoped to correct service: 'aws-external-anthropic'"],
    ['the workspace header left out of the signature', { signWorkspace: false }, 403, 'anthropic-workspace-id header must be signed'],
    ['another secret', { credentials: { ...issued, secretAccessKey: 'not-the-secret' } }, 403, 'The request signature we calculated does not match']
  ])('refuses a call with %s', async (_case, options, status, message) => {
    const model = await started(startModel({ anthropicAws: { workspaceId: WORKSPACE }, awsSecretFor }))
    const res = await signedCall(model.url, options)
    expect(res.status).toBe(status)
    expect(await res.text()).toContain(message)
    expect(model.requests[0].authProblem).toContain(message)
  })

  it('takes the workspace key as x-api-key, and no other key', async () => {
    const model = await started(startModel({ anthropicAws: { workspaceId: WORKSPACE, apiKey: 'aws-workspace-key-0123' } }))
    const call = (key: string) =>
      fetch(`${model.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'anthropic-workspace-id': WORKSPACE }, body: BODY })
    expect((await call('aws-workspace-key-0123')).status).toBe(200)
    expect((await call('another-key')).status).toBe(401)
    expect(model.requests.map(r => [r.provider, r.authProblem])).toEqual([
      ['anthropic-aws', null],
      ['anthropic-aws', 'invalid x-api-key']
    ])
  })
})

describe('Claude on Google Cloud', () => {
  it('answers at the full path with SSE, reads project, location and workspace, and needs a bearer it accepts', async () => {
    const model = await started(startModel({ text: 'on Google', googleCloud: { validBearer: token => token === 'ya29.good' } }))
    const path = '/v1/projects/claude-gc-prod/locations/us-east5/workspaces/wrkspc_01G/invoke/v1/messages'
    const body = JSON.stringify({ model: 'claude-x', stream: true, max_tokens: 5, messages: [], tools: [] })
    const ok = await fetch(`${model.url}${path}?beta=true`, { method: 'POST', headers: { authorization: 'Bearer ya29.good' }, body })
    expect(ok.headers.get('content-type')).toBe('text/event-stream')
    expect(await ok.text()).toContain('event: message_start')
    const refused = await fetch(`${model.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer ya29.bad' }, body })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ error: { status: 'UNAUTHENTICATED' } })
    expect(model.requests.map(r => [r.provider, r.project, r.region, r.workspace, r.main, r.authProblem === null])).toEqual([
      ['anthropic-google-cloud', 'claude-gc-prod', 'us-east5', 'wrkspc_01G', true, true],
      ['anthropic-google-cloud', 'claude-gc-prod', 'us-east5', 'wrkspc_01G', true, false]
    ])
  })
})
