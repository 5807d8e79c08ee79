// The gateway's own SigV4 signer against the AWS SDKs' signer (@smithy/signature-v4) and against the
// stand-in verifier that plays AWS in the e2e tests, on the paths Bedrock and Claude Platform on AWS see.
import { describe, expect, it } from '@jest/globals'
import { canonicalQuery, canonicalUri, signSigV4 } from '../../../src/gateway/sigv4.js'
import type { AwsCredentials } from '../../../src/gateway/upstream.js'
import { verifySigV4 } from '../../stand-ins/sigv4.js'
import { AWS_KEYS, smithyAuthorization } from './support.js'

const DATE = new Date('2026-12-03T14:05:09.123Z')
const BODY = Buffer.from(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1, messages: [{ role: 'user', content: 'héllo (there)!' }] }))
const ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123'

type Case = [string, { url: string; service: string; region: string; headers?: Record<string, string>; credentials?: AwsCredentials; signHeaders?: string[] }]
const cases: Case[] = [
  [
    'a foundation model id with a colon',
    {
      url: `https://bedrock-runtime.us-west-2.amazonaws.com/model/${encodeURIComponent('anthropic.claude-x-v1:0')}/invoke-with-response-stream`,
      service: 'bedrock',
      region: 'us-west-2'
    }
  ],
  [
    'an ARN, its slash encoded in the one segment',
    {
      url: `https://bedrock-runtime.us-east-1.amazonaws.com/model/${encodeURIComponent(ARN)}/invoke`,
      service: 'bedrock',
      region: 'us-east-1'
    }
  ],
  [
    'a query to sort and encode',
    {
      url: 'http://127.0.0.1:8443/inference-profiles?type=SYSTEM_DEFINED&maxResults=10%20per%20page&a=%2A',
      service: 'bedrock',
      region: 'eu-west-1'
    }
  ],
  [
    'keys without a session token',
    {
      url: 'https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-x/invoke',
      service: 'bedrock',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAGATEWAYLONGTERM1', secretAccessKey: 'longterm/secret+key' }
    }
  ],
  [
    'a signed workspace header (Claude Platform on AWS)',
    {
      url: 'https://aws-external-anthropic.us-east-1.api.aws/v1/messages?beta=true',
      service: 'aws-external-anthropic',
      region: 'us-east-1',
      headers: { 'anthropic-workspace-id': '  wrkspc_01   ABC ' },
      signHeaders: ['anthropic-workspace-id']
    }
  ]
]

describe('signSigV4', () => {
  it.each(cases)('signs %s exactly as @smithy/signature-v4 does', async (_name, c) => {
    const url = new URL(c.url)
    const credentials = c.credentials ?? AWS_KEYS
    const headers = { 'content-type': 'application/json', ...c.headers }
    const added = signSigV4(
      { method: 'POST', url, headers: { ...headers, 'user-agent': 'not signed', 'anthropic-version': 'bedrock-2023-05-31' }, body: BODY },
      { credentials, region: c.region, service: c.service, date: DATE, signHeaders: c.signHeaders }
    )
    expect(added['x-amz-date']).toBe('20261203T140509Z')
    expect(added['x-amz-security-token']).toBe(credentials.sessionToken)
    const expected = await smithyAuthorization({ method: 'POST', url, headers, body: BODY }, { credentials, region: c.region, service: c.service, date: DATE })
    expect(added.authorization).toBe(expected)
  })

  it.each(cases)('signs %s so that the stand-in verifier accepts it', async (_name, c) => {
    const url = new URL(c.url)
    const headers = { 'content-type': 'application/json', ...c.headers }
    const keys = { ...AWS_KEYS, ...c.credentials }
    const added = signSigV4(
      { method: 'POST', url, headers, body: BODY },
      { credentials: keys, region: c.region, service: c.service, signHeaders: c.signHeaders }
    )
    const request = { method: 'POST', url: `${url.pathname}${url.search}`, headers: { ...headers, ...added, host: url.host }, body: BODY }
    const verdict = await verifySigV4(request, id => (id === keys.accessKeyId ? keys : undefined))
    expect(verdict).toEqual({ valid: true, accessKeyId: keys.accessKeyId, region: c.region })
    // One byte more in the body, and the same signature no longer verifies.
    const tampered = await verifySigV4({ ...request, body: Buffer.concat([BODY, Buffer.from(' ')]) }, id => (id === keys.accessKeyId ? keys : undefined))
    expect(tampered).toMatchObject({ valid: false, code: 'InvalidSignatureException' })
  })

  it('sends and signs x-amz-content-sha256 as the SDKs do, and leaves it out when told, as @smithy/signature-v4 does', async () => {
    const url = new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke')
    const sign = (contentSha256Header?: boolean) =>
      signSigV4(
        { method: 'POST', url, headers: {}, body: BODY },
        { credentials: AWS_KEYS, region: 'us-east-1', service: 'bedrock', date: DATE, contentSha256Header }
      )
    const hashed = sign()
    expect(hashed['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/)
    expect(hashed.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,')
    const plain = sign(false)
    expect(plain['x-amz-content-sha256']).toBeUndefined()
    expect(plain.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,')
    const smithy = await smithyAuthorization(
      { method: 'POST', url, headers: {}, body: BODY },
      { credentials: AWS_KEYS, region: 'us-east-1', service: 'bedrock', date: DATE, applyChecksum: false }
    )
    expect(plain.authorization).toBe(smithy)
  })
})

describe('canonical request parts', () => {
  it('encodes each path segment once more, so a model id colon is %253A and an ARN slash %252F', () => {
    expect(canonicalUri('/model/anthropic.claude-v1%3A0/invoke')).toBe('/model/anthropic.claude-v1%253A0/invoke')
    expect(canonicalUri(`/model/${encodeURIComponent(ARN)}/invoke`)).toBe(
      '/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Aapplication-inference-profile%252Fabc123/invoke'
    )
    expect(canonicalUri('/a/./b/../c//d/')).toBe('/a/c/d/')
  })

  it('sorts the query by name and encodes it the RFC 3986 way', () => {
    expect(canonicalQuery('?b=2&a=x%20y&a=%2A&flag')).toBe('a=%2A&a=x%20y&b=2&flag=')
    expect(canonicalQuery('')).toBe('')
  })
})
