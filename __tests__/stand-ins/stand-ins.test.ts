// Each stand-in exercised by the real client library the action uses.
// (The real Claude Code CLI is exercised against model.js by the e2e tests.)
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { ExternalAccountClient } from 'google-auth-library'
import { getOctokit } from '@actions/github'
import { SignatureV4 } from '@smithy/signature-v4'
import type { SourceData } from '@smithy/types'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { decodeJwt, startGitHubApi, startGoogle, startModel, startOidc, startSts } from './index.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})
async function started<T extends { close: () => Promise<void> }>(p: Promise<T>): Promise<T> {
  const s = await p
  closers.push(s.close)
  return s
}
async function oidcToken(audience: string) {
  const oidc = await started(startOidc())
  const res = await fetch(`${oidc.url}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${oidc.requestToken}` }
  })
  return { oidc, jwt: ((await res.json()) as { value: string }).value }
}

describe('oidc', () => {
  it('issues a JWT for the requested audience and checks the request token', async () => {
    const { oidc, jwt } = await oidcToken('sts.amazonaws.com')
    expect(decodeJwt(jwt)).toMatchObject({ aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com' })
    expect(oidc.issued).toEqual([jwt])
    expect((await fetch(`${oidc.url}&audience=x`)).status).toBe(401)
  })
})

describe('aws-sts', () => {
  const assume = (url: string, token: string) =>
    new STSClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }).send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::123456789012:role/ci', RoleSessionName: 's1', WebIdentityToken: token })
    )

  it('answers AssumeRoleWithWebIdentity in a shape the SDK parses', async () => {
    const { oidc, jwt } = await oidcToken('sts.amazonaws.com')
    const sts = await started(startSts({ validToken: (t) => oidc.issued.includes(t) }))
    const out = await assume(sts.url, jwt)
    expect(out.Credentials?.AccessKeyId).toBe(sts.issued[0].accessKeyId)
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/ci/s1')
    const c = out.Credentials!
    const me = await new STSClient({
      region: 'us-east-1', endpoint: sts.url, maxAttempts: 1,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }
    }).send(new GetCallerIdentityCommand({}))
    expect(me.Arn).toBe(out.AssumedRoleUser?.Arn)
    await expect(assume(sts.url, 'not-issued')).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' })
  })

  it('surfaces scripted faults as SDK errors', async () => {
    const sts = await started(startSts())
    sts.script([{ status: 500 }, { code: 'Throttling', status: 400 }, { code: 'AccessDenied', status: 403 }, { code: 'ExpiredTokenException', status: 400 }])
    for (const name of ['InternalFailure', 'Throttling', 'AccessDenied', 'ExpiredTokenException']) {
      await expect(assume(sts.url, 'x.y.z')).rejects.toMatchObject({ name })
    }
  })
})

describe('google', () => {
  it('exchanges the OIDC token and impersonates the service account', async () => {
    const { oidc, jwt } = await oidcToken('google')
    const audience = '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh'
    const google = await started(startGoogle({ expectedAudience: audience, validSubjectToken: (t) => oidc.issued.includes(t) }))
    const dir = mkdtempSync(path.join(tmpdir(), 'standin-google-'))
    writeFileSync(path.join(dir, 'token'), jwt)
    const client = ExternalAccountClient.fromJSON({
      type: 'external_account', audience, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${google.stsUrl}/v1/token`, credential_source: { file: path.join(dir, 'token') },
      service_account_impersonation_url: `${google.iamUrl}/v1/projects/-/serviceAccounts/ci@p.iam.gserviceaccount.com:generateAccessToken`,
      scopes: ['https://www.googleapis.com/auth/cloud-platform']
    })
    const { token } = await client!.getAccessToken()
    expect(google.issued.serviceAccount).toEqual([token])
    expect(google.requests.map((r) => r.email)).toEqual([null, 'ci@p.iam.gserviceaccount.com'])
  })
})

describe('github-api', () => {
  it('creates, lists (paginated) and updates comments through Octokit', async () => {
    const gh = await started(startGitHubApi({ comments: Array.from({ length: 5 }, (_, i) => ({ issue_number: 3, body: `c${i}` })) }))
    const octokit = getOctokit('ghs_test', { baseUrl: gh.url })
    const repo = { owner: 'octo-org', repo: 'octo-repo' }
    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: 3, body: 'hello' })
    expect(created.status).toBe(201)
    await octokit.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'edited' })
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: 3, per_page: 2 })
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'edited'])
    gh.failWith(403, 1)
    await expect(octokit.rest.pulls.listFiles({ ...repo, pull_number: 3 })).rejects.toMatchObject({ status: 403 })
    expect((await octokit.rest.pulls.listFiles({ ...repo, pull_number: 3 })).data.length).toBeGreaterThan(1)
  })
})

describe('model', () => {
  it('streams SSE for the Claude API', async () => {
    const model = await started(startModel({ text: 'hi there' }))
    const res = await fetch(`${model.url}/v1/messages?beta=true`, {
      method: 'POST', body: JSON.stringify({ model: 'claude-x', stream: true, max_tokens: 5, messages: [], tools: [{ name: 't' }] })
    })
    const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => JSON.parse(e.split('\ndata: ')[1]))
    expect(events.map((e) => e.type)[0]).toBe('message_start')
    expect(events.filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta.text).join('')).toBe('hi there')
    expect(model.requests[0]).toMatchObject({ provider: 'anthropic', model: 'claude-x', main: true })
  })

  it('frames Bedrock event-stream messages with valid CRCs and reads SigV4 scope', async () => {
    const model = await started(startModel({ turns: [{ toolUse: { name: 'Bash', input: { command: 'echo hi' } } }] }))
    const res = await fetch(`${model.url}/model/${encodeURIComponent('us.anthropic.claude-x-v1:0')}/invoke-with-response-stream`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/eu-west-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' },
      body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [], tools: [{ name: 'Bash' }] })
    })
    const buf = Buffer.from(await res.arrayBuffer())
    const events = []
    for (let at = 0; at < buf.length; ) {
      const total = buf.readUInt32BE(at)
      const headersLength = buf.readUInt32BE(at + 4)
      expect(buf.readUInt32BE(at + 8)).toBe(zlib.crc32(buf.subarray(at, at + 8)))
      expect(buf.readUInt32BE(at + total - 4)).toBe(zlib.crc32(buf.subarray(at, at + total - 4)))
      const payload = JSON.parse(buf.subarray(at + 12 + headersLength, at + total - 4).toString())
      events.push(JSON.parse(Buffer.from(payload.bytes, 'base64').toString()))
      at += total
    }
    expect(events.find((e) => e.type === 'message_delta').delta.stop_reason).toBe('tool_use')
    expect(model.requests[0]).toMatchObject({ provider: 'bedrock', model: 'us.anthropic.claude-x-v1:0', region: 'eu-west-1', accessKeyId: 'ASIAEXAMPLE' })
  })

  it('answers Vertex probes with JSON and applies overrides', async () => {
    const model = await started(startModel())
    const base = `${model.url}/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-x`
    const probe = await fetch(`${base}:rawPredict`, { method: 'POST', body: JSON.stringify({ max_tokens: 1, messages: [] }) })
    expect(await probe.json()).toMatchObject({ type: 'message', content: [{ type: 'text' }] })
    model.respondWith((r) => (r.stream ? { status: 429 } : undefined))
    const main = await fetch(`${base}:streamRawPredict`, { method: 'POST', body: JSON.stringify({ stream: true, messages: [] }) })
    expect(main.status).toBe(429)
    expect(model.requests.map((r) => [r.provider, r.project, r.region])).toEqual([['vertex', 'p1', 'us-east5'], ['vertex', 'p1', 'us-east5']])
  })
})

describe('model: SigV4 verification', () => {
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
  const bytes = (d: SourceData) =>
    typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d)
  const issued = { accessKeyId: 'ASIASTANDINEXAMPLE01', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYSTANDIN0001', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token+=' }

  /** Signs like the CLI's Bedrock client (the SDK's own signer), then sends the request as signed. */
  async function signedFetch(url: string, path: string, init: { method: string; body?: string; query?: Record<string, string> }, credentials = issued, sendBody = init.body) {
    const { hostname, port } = new URL(url)
    const signer = new SignatureV4({ credentials, region: 'eu-west-1', service: 'bedrock', sha256: Sha256 })
    const signed = await signer.sign({
      method: init.method, protocol: 'http:', hostname, port: Number(port), path, query: init.query ?? {},
      headers: { host: `${hostname}:${port}`, 'content-type': 'application/json', ...(init.body ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) },
      body: init.body
    })
    const { host: _host, ...headers } = signed.headers
    // Encoded as the SDKs do (%20, not the form encoding's +).
    const query = Object.entries(init.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
    return fetch(`${url}${path}${query ? `?${query}` : ''}`, { method: init.method, headers, body: sendBody })
  }

  it('accepts what @smithy/signature-v4 signs with the issued secret and session token', async () => {
    const model = await started(startModel({ awsSecretFor: (id) => (id === issued.accessKeyId ? issued : undefined) }))
    // A colon in the model id: the path is encoded once on the wire and once more in the canonical request.
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1, messages: [{ role: 'user', content: 'hi (there)!' }] })
    const invoke = await signedFetch(model.url, `/model/${encodeURIComponent('us.anthropic.claude-x-v1:0')}/invoke`, { method: 'POST', body })
    expect(invoke.status).toBe(200)
    const list = await signedFetch(model.url, '/inference-profiles', { method: 'GET', query: { type: 'SYSTEM_DEFINED', maxResults: '10 per page' } })
    expect(list.status).toBe(404)
    expect(model.requests.map((r) => [r.path, r.signatureValid, r.accessKeyId, r.region])).toEqual([
      ['/model/us.anthropic.claude-x-v1%3A0/invoke', true, issued.accessKeyId, 'eu-west-1'],
      ['/inference-profiles', true, issued.accessKeyId, 'eu-west-1']
    ])
  })

  it.each([
    ['another secret', { ...issued, secretAccessKey: `${issued.secretAccessKey}x` }, undefined, 'InvalidSignatureException', 'The request signature we calculated does not match'],
    ['another session token', { ...issued, sessionToken: 'IQoJb3JpZ2luX2VjOTHER' }, undefined, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
    ['a key STS never issued', { ...issued, accessKeyId: 'ASIANEVERISSUED00000' }, undefined, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
    ['a body changed after signing', issued, '{"max_tokens":2}', 'InvalidSignatureException', 'The request signature we calculated does not match']
  ])('answers Bedrock\'s 403 to a request signed with %s', async (_case, credentials, sendBody, type, message) => {
    const model = await started(startModel({ awsSecretFor: (id) => (id === issued.accessKeyId ? issued : undefined) }))
    const body = '{"max_tokens":1}'
    const res = await signedFetch(model.url, '/model/claude-x/invoke', { method: 'POST', body }, credentials, sendBody ?? body)
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${type}:`))
    expect(((await res.json()) as { message: string }).message).toContain(message)
    expect(model.requests[0]).toMatchObject({ signatureValid: false, signatureProblem: expect.stringContaining(type) })
  })

  it('verifies nothing without a secret lookup, as before', async () => {
    const model = await started(startModel())
    const res = await signedFetch(model.url, '/model/claude-x/invoke', { method: 'POST', body: '{"max_tokens":1}' }, { ...issued, secretAccessKey: 'any' })
    expect(res.status).toBe(200)
    expect(model.requests[0].signatureValid).toBeNull()
  })
})
