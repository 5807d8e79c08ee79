// The CLI's env when the model gateway serves the provider: the gateway's URL and secret header in, the
// provider's credentials from the job env out, the job's own custom headers kept, loopback off the proxy.
import { buildClaudeEnv } from '../../../src/claude/env.js'
import { CREDENTIAL_VARIABLES } from '../../../src/claude/gateway-env.js'
import { anthropicUpstream, bedrockUpstream } from '../../../src/gateway/index.js'
import type { ProviderSession } from '../../../src/providers/provider.js'
import type { ProviderSettings, Settings } from '../../../src/settings/settings.js'

function settings(provider: ProviderSettings): Settings {
  return {
    provider,
    fallbackRegions: [],
    models: {},
    cli: { prompt: 'Do it.', allowedTools: [], disallowedTools: [], extraArgs: [], version: '2.1.331', workingDirectory: '/w' },
    exportEnv: true,
    exportCredentials: false,
    comment: { enabled: false, tag: '', token: '' },
    review: { enabled: false, maxComments: 25, incremental: true, checkName: 'Claude review' }
  }
}

const TEMP = '/runner-temp/claude-cloud-action-x'
const ACCESS = { baseUrl: 'http://127.0.0.1:4242', customHeaders: 'x-claude-gateway-secret: s3cret-of-the-run' }

const bedrockSession: ProviderSession = {
  region: 'us-east-1',
  env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-east-1' },
  credentialEnv: {},
  exportedCredentialEnv: { AWS_ACCESS_KEY_ID: 'ASIAROLE', AWS_SECRET_ACCESS_KEY: 'role-secret', AWS_SESSION_TOKEN: 'role-token' },
  gateway: {
    upstream: bedrockUpstream({ credentials: async () => ({ accessKeyId: 'ASIAROLE', secretAccessKey: 'role-secret' }) }),
    regions: ['us-east-1'],
    cliEnv: baseUrl => ({ CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1', ANTHROPIC_BEDROCK_BASE_URL: baseUrl })
  },
  regionEnv: region => ({ AWS_REGION: region }),
  credentialFiles: []
}
const bedrock: ProviderSettings = { name: 'bedrock', region: 'us-east-1', auth: { kind: 'role' } as never }

test("Bedrock: the gateway's URL, skip-auth and secret header; none of the job's AWS credentials", () => {
  const jobKeys = Object.fromEntries(CREDENTIAL_VARIABLES.bedrock.map(name => [name, `job-${name}`]))
  const { env, settingsEnv, credentialEnv } = buildClaudeEnv(
    settings(bedrock),
    bedrockSession,
    { PATH: '/bin', ANTHROPIC_BEDROCK_BASE_URL: 'https://bedrock.corp.example', AWS_PROFILE: 'ci', ...jobKeys },
    TEMP,
    ACCESS
  )
  expect(env).toMatchObject({
    CLAUDE_CODE_USE_BEDROCK: '1',
    CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1',
    ANTHROPIC_BEDROCK_BASE_URL: 'http://127.0.0.1:4242',
    ANTHROPIC_CUSTOM_HEADERS: 'x-claude-gateway-secret: s3cret-of-the-run',
    AWS_REGION: 'us-east-1',
    // A profile's name is no credential.
    AWS_PROFILE: 'ci'
  })
  for (const name of CREDENTIAL_VARIABLES.bedrock) expect(env).not.toHaveProperty(name)
  expect(JSON.stringify(env)).not.toMatch(/job-AWS|role-secret|role-token|ASIAROLE/)
  // Later steps get the settings without the gateway (it is gone by then); credentials only with export-credentials.
  expect(settingsEnv).not.toHaveProperty('ANTHROPIC_BEDROCK_BASE_URL')
  expect(settingsEnv).not.toHaveProperty('CLAUDE_CODE_SKIP_BEDROCK_AUTH')
  expect(JSON.stringify(settingsEnv)).not.toContain('s3cret-of-the-run')
  expect(credentialEnv).toEqual(bedrockSession.exportedCredentialEnv)
})

test("the job's own ANTHROPIC_CUSTOM_HEADERS stay, one header a line", () => {
  const { env } = buildClaudeEnv(settings(bedrock), bedrockSession, { ANTHROPIC_CUSTOM_HEADERS: 'x-team: infra' }, TEMP, ACCESS)
  expect(env.ANTHROPIC_CUSTOM_HEADERS).toBe('x-team: infra\nx-claude-gateway-secret: s3cret-of-the-run')
})

test('Claude API: a placeholder key, and no other login, token or federation variable of the job', () => {
  const session: ProviderSession = {
    env: {},
    credentialEnv: {},
    gateway: {
      upstream: anthropicUpstream({ apiKey: async () => 'sk-ant-real' }),
      regions: ['default'],
      cliEnv: baseUrl => ({ ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_API_KEY: 'placeholder' })
    },
    regionEnv: () => ({}),
    credentialFiles: []
  }
  const job = Object.fromEntries(CREDENTIAL_VARIABLES.anthropic.map(name => [name, `job-${name}`]))
  const { env } = buildClaudeEnv(settings({ name: 'anthropic' }), session, { ...job, ANTHROPIC_BASE_URL: 'https://llm.corp.example' }, TEMP, ACCESS)
  expect(env).toMatchObject({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:4242', ANTHROPIC_API_KEY: 'placeholder' })
  for (const name of CREDENTIAL_VARIABLES.anthropic.filter(name => name !== 'ANTHROPIC_API_KEY')) expect(env).not.toHaveProperty(name)
})

test('a variable cliEnv maps to undefined is removed (the Foundry resource, replaced by the base URL)', () => {
  const session: ProviderSession = {
    env: { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'my-resource' },
    credentialEnv: {},
    gateway: {
      upstream: anthropicUpstream({ apiKey: async () => 'k' }),
      regions: ['default'],
      cliEnv: baseUrl => ({ CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1', ANTHROPIC_FOUNDRY_BASE_URL: baseUrl, ANTHROPIC_FOUNDRY_RESOURCE: undefined })
    },
    regionEnv: () => ({}),
    credentialFiles: []
  }
  const foundry: ProviderSettings = { name: 'foundry', resource: 'my-resource', auth: { kind: 'api-key', apiKey: 'k' } }
  const { env, settingsEnv } = buildClaudeEnv(settings(foundry), session, { AZURE_CLIENT_SECRET: 'job-secret', AZURE_CLIENT_ID: 'app' }, TEMP, ACCESS)
  expect(env).not.toHaveProperty('ANTHROPIC_FOUNDRY_RESOURCE')
  expect(env).not.toHaveProperty('AZURE_CLIENT_SECRET')
  expect(env).toMatchObject({ ANTHROPIC_FOUNDRY_BASE_URL: 'http://127.0.0.1:4242', AZURE_CLIENT_ID: 'app' })
  expect(settingsEnv).toMatchObject({ ANTHROPIC_FOUNDRY_RESOURCE: 'my-resource' })
})

test("behind a proxy the gateway's loopback address is exempt, each NO_PROXY keeping its hosts", () => {
  const { env } = buildClaudeEnv(settings(bedrock), bedrockSession, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.corp.example' }, TEMP, ACCESS)
  expect(env).toMatchObject({ NO_PROXY: '.corp.example,127.0.0.1', no_proxy: '.corp.example,127.0.0.1' })
  const direct = buildClaudeEnv(settings(bedrock), bedrockSession, { NO_PROXY: '.corp.example' }, TEMP, ACCESS).env
  expect(direct).toMatchObject({ NO_PROXY: '.corp.example' })
  expect(direct).not.toHaveProperty('no_proxy')
})

test('without the gateway nothing is stripped: the ambient chain is the CLI’s to use', () => {
  const ambient: ProviderSession = { ...bedrockSession, gateway: undefined, exportedCredentialEnv: undefined }
  const { env } = buildClaudeEnv(settings({ ...bedrock, auth: { kind: 'ambient' } }), ambient, { AWS_ACCESS_KEY_ID: 'AKIAJOB', PATH: '/bin' }, TEMP)
  expect(env).toMatchObject({ AWS_ACCESS_KEY_ID: 'AKIAJOB' })
  expect(env).not.toHaveProperty('ANTHROPIC_CUSTOM_HEADERS')
  expect(env).not.toHaveProperty('CLAUDE_CODE_SKIP_BEDROCK_AUTH')
})
