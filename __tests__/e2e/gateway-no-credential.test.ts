// The agent holds no key, on every provider: the real CLI reaches the model through the action's gateway,
// which authorizes each call; a `claude` wrapper and a Bash tool inside the CLI dump the env and every
// file they can read, and neither dump holds a secret of the run. The gateway refuses calls without its
// secret and calls that are not model calls, while it runs.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { decodeJwt, startGoogle, startModel, startOidc } from '../stand-ins/index.js'
import { bearerOf, startAnthropicKeylessWorld } from '../support/anthropic-keyless-world.js'
import { startBedrockWorld } from '../support/bedrock-stand-ins.js'
import { startFoundryWorld } from '../support/foundry-stand-ins.js'
import { dumpSentToModel, expectRefusals, PROBE_ENV, PROBE_TURN, probingWrapper, secretsIn, type ProbeDump } from '../support/gateway-probe.js'
import { findLeaks, maskedValues, runAction, type ActionRun } from '../support/runner.js'

const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})

/** Runs the action with the probing wrapper as claude-path and the probe as the model's first turn. */
async function probedRun(inputs: Record<string, string>, env: Record<string, string | undefined>) {
  const wrapper = probingWrapper()
  // TMPDIR of its own, so the probe reads this run's temp files and no other test's.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-tmpdir-'))
  const run = await runAction({
    // isolation off: the gateway alone must keep every credential from the CLI and its tools (macOS, Windows,
    // containers without user namespaces have no isolation); with it on the tools' env is scrubbed as well.
    inputs: { prompt: 'Look around.', 'allowed-tools': 'Bash(node:*)', isolation: 'off', ...inputs, 'claude-path': wrapper.path },
    env: { ...PROBE_ENV, TMPDIR: tmp, ...env }
  })
  return { run, wrapperDump: wrapper.read() }
}

/** The run's secrets are nowhere the agent looked, and the gateway turned the probe away both times. */
function expectNoSecretSeen(run: ActionRun, dumps: ProbeDump[], secrets: string[]): void {
  for (const dump of dumps) {
    expect(secretsIn(dump, secrets)).toEqual([])
    expectRefusals(dump)
    // What the printed dump left out is still in the run's directory, which findLeaks reads below.
    for (const file of dump.skipped ?? []) expect(Object.keys(run.filesBeforePost)).toContain(file)
  }
  // The probes did read the run's files: the CLI's config dir, and the private directory.
  expect(Object.keys(dumps[1].files).some(file => file.startsWith(run.runnerTemp))).toBe(true)
  expect(findLeaks(run, secrets)).toEqual([])
}

describe('the Claude API', () => {
  const API_KEY = 'sk-ant-api03-gateway-e2e-key-0123456789'

  test('with a key: the gateway puts it on every call, and the CLI and its tools hold a placeholder', async () => {
    const model = await startModel({ turns: [PROBE_TURN, { text: 'Looked.' }] })
    closers.push(() => model.close())
    const { run, wrapperDump } = await probedRun(
      { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5' },
      { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', ANTHROPIC_AUTH_TOKEN: 'job-env-auth-token-0123456789' }
    )

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked.')
    const calls = model.requests.filter(r => r.provider === 'anthropic')
    expect(calls.length).toBeGreaterThanOrEqual(2)
    for (const call of calls) {
      expect(call.headers['x-api-key']).toBe(API_KEY)
      expect(call.authorization).toBeNull()
      expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
    }
    const toolDump = dumpSentToModel(model.requests)
    for (const dump of [wrapperDump, toolDump]) {
      expect(dump.env.ANTHROPIC_API_KEY).toBe('placeholder-the-model-gateway-holds-the-key')
      expect(dump.env).not.toHaveProperty('ANTHROPIC_AUTH_TOKEN')
      expect(dump.env.ANTHROPIC_BASE_URL).toBe(dump.gateway?.base)
    }
    const gatewaySecret = maskedValues(run).find(value => wrapperDump.env.ANTHROPIC_CUSTOM_HEADERS?.endsWith(value))
    expect(gatewaySecret).toBeDefined()
    expectNoSecretSeen(run, [wrapperDump, toolDump], [API_KEY, 'job-env-auth-token-0123456789'])
  })
})

describe('Amazon Bedrock with a role', () => {
  /** Keys of another identity in the job env, as an earlier step might leave them. */
  const JOB_KEYS = {
    AWS_ACCESS_KEY_ID: 'AKIAJOBENVIRONMENT01',
    AWS_SECRET_ACCESS_KEY: 'jobEnvSecretAccessKey/0123456789abcdefghij',
    AWS_SESSION_TOKEN: 'jobEnvSessionToken0123456789abcdefghijklmnop'
  }

  test('every call is signed with the assumed keys by the gateway; the CLI and its tools hold no key', async () => {
    const world = await startBedrockWorld({ turns: [PROBE_TURN, { text: 'Looked.' }] })
    closers.push(() => world.close())
    const { run, wrapperDump } = await probedRun(world.inputs, { ...world.env, ...JOB_KEYS })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked.')
    const [issued] = world.sts!.issued
    const calls = world.model.requests
    expect(calls.filter(r => r.main)).toHaveLength(2)
    for (const call of calls) {
      expect(call).toMatchObject({ provider: 'bedrock', method: 'POST', accessKeyId: issued.accessKeyId, signatureValid: true, region: 'us-east-1' })
      expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
    }
    const toolDump = dumpSentToModel(world.model.requests)
    for (const dump of [wrapperDump, toolDump]) {
      expect(dump.env).toMatchObject({ CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', ANTHROPIC_BEDROCK_BASE_URL: dump.gateway?.base })
      for (const name of Object.keys(JOB_KEYS)) expect(dump.env).not.toHaveProperty(name)
    }
    expectNoSecretSeen(run, [wrapperDump, toolDump], [...world.secrets(), ...Object.values(JOB_KEYS)])
  })
})

describe('Google Vertex AI with Workload Identity Federation', () => {
  const PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/github-pool/providers/github-actions'
  const SERVICE_ACCOUNT = 'claude-ci@sa-home-project.iam.gserviceaccount.com'

  test('every call carries the impersonated token the action got; no credentials file or token reaches the CLI', async () => {
    const oidc = await startOidc()
    const google = await startGoogle({ expectedAudience: `//iam.googleapis.com/${PROVIDER}`, validSubjectToken: jwt => oidc.issued.includes(jwt) })
    const model = await startModel({ turns: [PROBE_TURN, { text: 'Looked.' }] })
    closers.push(() => Promise.all([oidc.close(), google.close(), model.close()]))
    const { run, wrapperDump } = await probedRun(
      {
        provider: 'vertex',
        model: 'claude-sonnet-4-5',
        region: 'us-east5',
        'workload-identity-provider': PROVIDER,
        'service-account': SERVICE_ACCOUNT,
        'sts-endpoint': google.stsUrl,
        'iam-credentials-endpoint': google.iamUrl
      },
      {
        ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
        CLAUDE_CODE_MAX_RETRIES: '0',
        // An earlier auth step's file: not for the CLI, whose calls the gateway authorizes.
        GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/earlier-step-credentials.json'
      }
    )

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked.')
    // One exchange, the action's: the client keeps its access token for every call.
    expect(google.requests.map(r => r.target)).toEqual(['sts', 'iam'])
    expect(decodeJwt(oidc.issued[0]).aud).toBe(`https://iam.googleapis.com/${PROVIDER}`)
    const calls = model.requests
    expect(calls.filter(r => r.main)).toHaveLength(2)
    for (const call of calls) {
      expect(call).toMatchObject({
        provider: 'vertex',
        project: 'sa-home-project',
        region: 'us-east5',
        authorization: `Bearer ${google.issued.serviceAccount[0]}`
      })
      expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
    }
    const toolDump = dumpSentToModel(model.requests)
    for (const dump of [wrapperDump, toolDump]) {
      expect(dump.env).toMatchObject({ CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', ANTHROPIC_VERTEX_BASE_URL: `${dump.gateway?.base}` })
      expect(dump.env).not.toHaveProperty('GOOGLE_APPLICATION_CREDENTIALS')
      expect(Object.values(dump.files).some(text => text.includes('external_account'))).toBe(false)
    }
    const secrets = [oidc.requestToken, ...oidc.issued, ...google.issued.federated, ...google.issued.serviceAccount]
    expectNoSecretSeen(run, [wrapperDump, toolDump], secrets)
  })
})

describe('Microsoft Foundry with Entra', () => {
  test("every call carries Entra's token in place of the CLI's placeholder; no token, az shim or Azure secret reaches the CLI", async () => {
    const world = await startFoundryWorld({ turns: [PROBE_TURN, { text: 'Looked.' }] })
    closers.push(() => world.close())
    const jobSecret = 'client-secret-of-the-job-0123456789'
    const { run, wrapperDump } = await probedRun(world.inputs, {
      ...world.env,
      AZURE_CLIENT_SECRET: jobSecret,
      ANTHROPIC_FOUNDRY_AUTH_TOKEN: 'stale-token-from-an-earlier-step-000'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked.')
    const calls = world.model.requests
    expect(calls.filter(r => r.main)).toHaveLength(2)
    for (const call of calls) {
      expect(call).toMatchObject({ provider: 'foundry', authProblem: null, authorization: `Bearer ${world.entra.issued[0].accessToken}` })
      expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
    }
    const toolDump = dumpSentToModel(world.model.requests)
    for (const dump of [wrapperDump, toolDump]) {
      expect(dump.env).toMatchObject({ CLAUDE_CODE_USE_FOUNDRY: '1', CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1', ANTHROPIC_FOUNDRY_BASE_URL: dump.gateway?.base })
      for (const name of ['ANTHROPIC_FOUNDRY_AUTH_TOKEN', 'ANTHROPIC_FOUNDRY_API_KEY', 'AZURE_CLIENT_SECRET']) expect(dump.env).not.toHaveProperty(name)
      // No `az` of the action's first on PATH.
      expect(dump.env.PATH.split(path.delimiter).some(dir => dir.startsWith(run.runnerTemp))).toBe(false)
    }
    expectNoSecretSeen(run, [wrapperDump, toolDump], [...world.secrets(), jobSecret, 'stale-token-from-an-earlier-step-000'])
  })
})

describe('the Claude API, keyless', () => {
  test("the action's own exchange serves every call; no federation variable, token file or token cache reaches the CLI", async () => {
    const world = await startAnthropicKeylessWorld({ turns: [PROBE_TURN, { text: 'Looked.' }] })
    closers.push(() => world.close())
    const { run, wrapperDump } = await probedRun(world.inputs, world.env)

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked.')
    const { exchanges, refusals } = world.oauth
    expect(refusals).toEqual([])
    expect(exchanges).toHaveLength(1)
    const calls = world.model.requests.filter(r => r.provider === 'anthropic')
    expect(calls.filter(r => r.main)).toHaveLength(2)
    for (const call of calls) {
      expect(bearerOf(call)).toBe(exchanges[0].accessToken)
      expect(call.headers['x-api-key']).toBeUndefined()
      // The Messages API wants the OAuth beta with such a token; the gateway adds it.
      expect(String(call.headers['anthropic-beta'])).toContain('oauth-2025-04-20')
    }
    const toolDump = dumpSentToModel(world.model.requests)
    for (const dump of [wrapperDump, toolDump]) {
      expect(Object.keys(dump.env).filter(name => /FEDERATION|IDENTITY_TOKEN|SERVICE_ACCOUNT_ID|ANTHROPIC_CONFIG_DIR/.test(name))).toEqual([])
      expect(dump.env.ANTHROPIC_API_KEY).toBe('placeholder-the-model-gateway-holds-the-key')
    }
    expectNoSecretSeen(run, [wrapperDump, toolDump], world.secrets())
  })
})
