// The bundled action on Amazon Bedrock, end to end: OIDC → STS → SigV4-signed calls from the real CLI.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { decodeJwt } from '../stand-ins/index.js'
import { ROLE_ARN, startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { findLeaks, maskedValues, runAction, visibleLog } from '../support/runner.js'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

function bedrockRun(inputs: Record<string, string> = {}, env: Record<string, string | undefined> = {}) {
  return runAction({ inputs: { prompt: 'Review this.', ...world.inputs, ...inputs }, env: { ...world.env, ...env } })
}

test('with moto as STS: the role is assumed with the OIDC token and every Bedrock call is signed with its key', async () => {
  world = await startBedrockWorld({ sts: 'moto' })
  const run = await bedrockRun()

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Reviewed on Bedrock.',
    provider: 'bedrock',
    region: 'us-east-1',
    'aws-account-id': '123456789012',
    model: 'claude-sonnet-4-5'
  })
  expect(world.oidc.requests.map(r => r.audience)).toEqual(['sts.amazonaws.com'])
  const signedWith = new Set(world.model.requests.map(r => r.accessKeyId))
  expect(signedWith.size).toBe(1)
  // The stand-in checked each signature with the secret moto issued, and the session token with it.
  expect(world.model.requests.map(r => r.signatureValid)).toEqual(world.model.requests.map(() => true))
  const [accessKeyId] = [...signedWith]
  expect(accessKeyId).toMatch(/^ASIA/)
  // The key came from STS: the action masked it the moment it arrived.
  expect(maskedValues(run)).toContain(accessKeyId)
  expect(world.model.requests.every(r => r.region === 'us-east-1')).toBe(true)
  expect(findLeaks(run, [...world.secrets(), ...maskedValues(run)])).toEqual([])
})

test('with the project STS stand-in: the exact issued key signs the calls, and nothing leaks', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ 'role-session-name': 'pr-42', 'role-duration-seconds': '1800' })

  expect(run.exitCode).toBe(0)
  const [issued] = world.sts!.issued
  expect(issued).toMatchObject({ roleArn: ROLE_ARN, roleSessionName: 'pr-42', durationSeconds: 1800 })
  expect(world.oidc.issued).toContain(issued.webIdentityToken)
  const main = world.model.requests.find(r => r.path.endsWith('/invoke-with-response-stream'))
  expect(main?.accessKeyId).toBe(issued.accessKeyId)
  // Signed with the secret STS issued with that key, carrying its session token.
  expect(main?.signatureValid).toBe(true)
  expect(main?.headers['x-amz-security-token']).toBe(issued.sessionToken)
  expect(world.model.requests.filter(r => r.signatureValid !== true)).toEqual([])
  expect(main?.path).toBe('/model/claude-sonnet-4-5/invoke-with-response-stream')
  expect(main?.body.anthropic_version).toBe('bedrock-2023-05-31')
  for (const secret of [issued.accessKeyId, issued.secretAccessKey, issued.sessionToken]) expect(maskedValues(run)).toContain(secret)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('a custom audience: the OIDC token is asked for it, and STS receives that very token', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ audience: 'my-audience' })

  expect(run.exitCode).toBe(0)
  expect(world.oidc.requests.map(r => r.audience)).toEqual(['my-audience'])
  const [jwt] = world.oidc.issued
  expect(decodeJwt(jwt).aud).toBe('my-audience')
  expect(world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity').map(r => r.params.WebIdentityToken)).toEqual([jwt])
  expect(world.sts!.issued.map(c => c.webIdentityToken)).toEqual([jwt])
  expect(world.model.requests.find(r => r.main)?.accessKeyId).toBe(world.sts!.issued[0].accessKeyId)
})

test('exports the Bedrock settings with the deployment guide defaults, never the keys; the credentials file is gone', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ 'small-fast-model': 'us.anthropic.claude-haiku-4-5', 'small-fast-model-region': 'us-west-2' })

  expect(run.exitCode).toBe(0)
  expect(run.exportedEnv).toEqual({
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_USE_BEDROCK: '1',
    AWS_REGION: 'us-east-1',
    ANTHROPIC_MODEL: 'claude-sonnet-4-5',
    ANTHROPIC_SMALL_FAST_MODEL: 'us.anthropic.claude-haiku-4-5',
    ANTHROPIC_DEFAULT_HAIKU_MODEL: 'us.anthropic.claude-haiku-4-5',
    ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION: 'us-west-2',
    CLAUDE_CODE_MAX_OUTPUT_TOKENS: '4096',
    MAX_THINKING_TOKENS: '1024'
  })
  // The main step removes the credentials file when it ends; the execution file and the CLI's own
  // config and temp dirs are left, for the post step.
  const privateDir = path.dirname(run.outputs['execution-file'])
  const left = new Set(Object.keys(run.filesBeforePost).map(f => path.relative(privateDir, f).split(path.sep)[0]))
  expect(left).toContain('execution.jsonl')
  for (const entry of left) expect(['execution.jsonl', 'claude-config', 'claude-tmp']).toContain(entry)
})

test('workflow env wins over the action defaults, inputs win over the workflow env', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ 'max-thinking-tokens': '0' }, { CLAUDE_CODE_MAX_OUTPUT_TOKENS: '8192', MAX_THINKING_TOKENS: '2048' })

  expect(run.exitCode).toBe(0)
  expect(run.exportedEnv.MAX_THINKING_TOKENS).toBe('0')
  // Kept as the workflow set it, so there is nothing to export.
  expect(run.exportedEnv).not.toHaveProperty('CLAUDE_CODE_MAX_OUTPUT_TOKENS')
  const main = world.model.requests.find(r => r.path.endsWith('/invoke-with-response-stream'))
  expect(main?.body.max_tokens).toBe(8192)
})

test('export-credentials exports the assumed-role keys, and the post step blanks them', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ 'export-credentials': 'true' })

  expect(run.exitCode).toBe(0)
  const [issued] = world.sts!.issued
  expect(run.exportedEnv).toMatchObject({
    AWS_ACCESS_KEY_ID: issued.accessKeyId,
    AWS_SECRET_ACCESS_KEY: issued.secretAccessKey,
    AWS_SESSION_TOKEN: issued.sessionToken
  })
  expect(run.post?.exitCode).toBe(0)
  const blanked = readFileSync(run.env.GITHUB_ENV, 'utf8').split(issued.sessionToken).pop() ?? ''
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
    expect(blanked).toMatch(new RegExp(`${name}<<(.+)\\n\\n\\1\\n`))
  }
})

test('a Bedrock API key goes to the CLI as AWS_BEARER_TOKEN_BEDROCK, with no OIDC or STS call', async () => {
  world = await startBedrockWorld()
  const apiKey = 'ABSKQmVkcm9ja0FQSUtleS1zdGFuZGluLTAxMjM0NTY3ODk='
  const inputs = { ...world.inputs, 'role-to-assume': '', 'sts-endpoint': '', 'bedrock-api-key': apiKey }
  const run = await bedrockRun(inputs)

  expect(run.exitCode).toBe(0)
  expect(world.oidc.requests).toEqual([])
  expect(world.sts!.requests).toEqual([])
  const main = world.model.requests.find(r => r.path.endsWith('/invoke-with-response-stream'))
  expect(main?.authorization).toBe(`Bearer ${apiKey}`)
  expect(findLeaks(run, [apiKey])).toEqual([])
})

test('without a role or key the ambient AWS chain is used, and the log says so', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ 'role-to-assume': '', 'sts-endpoint': '' }, { CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1' })

  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).toContain('ambient AWS credential chain')
  expect(world.oidc.requests).toEqual([])
  expect(run.outputs).not.toHaveProperty('aws-account-id')
})

test.each([
  [401, 'AWS authentication failed'],
  [500, 'API Error: 500']
])('a Bedrock %i fails the step with the API error text', async (status, text) => {
  world = await startBedrockWorld()
  world.model.respondWith(r => (r.path.endsWith('/invoke-with-response-stream') ? { status } : undefined))
  const run = await bedrockRun()

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', provider: 'bedrock', region: 'us-east-1' })
  expect(run.outputs.result).toContain(text)
  expect(visibleLog(run)).toContain(`::error::${text}`)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('the standard AWS_ENDPOINT_URL_STS works in place of sts-endpoint', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ 'sts-endpoint': '' }, { AWS_ENDPOINT_URL_STS: world.stsUrl })

  expect(run.exitCode).toBe(0)
  expect(world.sts!.issued).toHaveLength(1)
})

test('a signature Bedrock cannot verify (it holds another secret) fails the step with its 403 text', async () => {
  world = await startBedrockWorld({ wrongSecret: true })
  const run = await bedrockRun()

  const mismatch = 'The request signature we calculated does not match the signature you provided.'
  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', subtype: 'error_api' })
  expect(run.outputs.result).toContain(`API Error: 403 ${mismatch}`)
  expect(visibleLog(run)).toContain(mismatch)
  const main = world.model.requests.find(r => r.path.endsWith('/invoke-with-response-stream'))
  expect(main).toMatchObject({ signatureValid: false, signatureProblem: expect.stringMatching(/^InvalidSignatureException: /) })
  expect(main?.accessKeyId).toBe(world.sts!.issued[0].accessKeyId)
})
