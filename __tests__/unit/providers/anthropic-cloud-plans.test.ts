// The gateway plans of Claude Platform on AWS and Claude on Google Cloud, without a network: where a call
// goes, what authorizes it, and what the CLI is given instead of a credential.
import { anthropicAwsUpstream } from '../../../src/gateway/upstreams/anthropic-aws.js'
import type { OutboundRequest } from '../../../src/gateway/upstream.js'
import { anthropicGoogleCloudGateway } from '../../../src/providers/anthropic-google-cloud.js'
import type { AnthropicGoogleCloudSettings } from '../../../src/settings/settings.js'

const GOOGLE: AnthropicGoogleCloudSettings = {
  name: 'anthropic-google-cloud',
  region: 'global',
  projectId: 'claude-gc-prod',
  workspaceId: 'wrkspc_01G',
  auth: { kind: 'ambient' }
}

function request(url: string): OutboundRequest {
  return { method: 'POST', url: new URL(url), headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: Buffer.from('{}') }
}

describe('Claude on Google Cloud', () => {
  test('a call goes to claude.googleapis.com under the project, the location and the workspace, with the bearer token', async () => {
    const plan = anthropicGoogleCloudGateway(GOOGLE, async () => 'ya29.unit', {})
    expect(plan.regions).toEqual(['global'])
    expect(plan.upstream.target('/v1/messages?beta=true', 'global').href).toBe(
      'https://claude.googleapis.com/v1/projects/claude-gc-prod/locations/global/workspaces/wrkspc_01G/invoke/v1/messages?beta=true'
    )
    expect(plan.upstream.allow('POST', '/v1/messages')).toBe(true)
    expect(plan.upstream.allow('GET', '/v1/models')).toBe(false)
    expect(await plan.upstream.authorize(request('https://claude.googleapis.com/'), 'global')).toEqual({ authorization: 'Bearer ya29.unit' })
  })

  test("the job's ANTHROPIC_GOOGLE_CLOUD_BASE_URL is read as the CLI reads it: everything up to /invoke", () => {
    const base = 'https://claude-psc.p.googleapis.com/v1/projects/claude-gc-prod/locations/global/workspaces/wrkspc_01G/invoke/'
    const plan = anthropicGoogleCloudGateway(GOOGLE, async () => 'ya29.unit', { ANTHROPIC_GOOGLE_CLOUD_BASE_URL: base })
    expect(plan.upstream.target('/v1/messages?beta=true', 'global').href).toBe(`${base}v1/messages?beta=true`)
  })

  test('the CLI gets the switch, skip-auth, the project (also for its auth library), location, workspace and the gateway', () => {
    expect(anthropicGoogleCloudGateway(GOOGLE, async () => 'ya29.unit', {}).cliEnv('http://127.0.0.1:4321')).toEqual({
      CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1',
      CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH: '1',
      ANTHROPIC_GOOGLE_CLOUD_PROJECT: 'claude-gc-prod',
      GOOGLE_CLOUD_PROJECT: 'claude-gc-prod',
      ANTHROPIC_GOOGLE_CLOUD_LOCATION: 'global',
      ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: 'wrkspc_01G',
      ANTHROPIC_GOOGLE_CLOUD_BASE_URL: 'http://127.0.0.1:4321'
    })
  })
})

describe('Claude Platform on AWS', () => {
  test('a workspace key goes as x-api-key with the workspace header, and no signature', async () => {
    const upstream = anthropicAwsUpstream({ apiKey: async () => 'aws-workspace-key', workspaceId: 'wrkspc_01A' })
    expect(upstream.target('/v1/messages?beta=true', 'eu-west-1').href).toBe('https://aws-external-anthropic.eu-west-1.api.aws/v1/messages?beta=true')
    expect(await upstream.authorize(request('https://aws-external-anthropic.eu-west-1.api.aws/v1/messages'), 'eu-west-1')).toEqual({
      'anthropic-workspace-id': 'wrkspc_01A',
      'x-api-key': 'aws-workspace-key'
    })
  })

  test('it takes keys or a workspace key, exactly one', () => {
    expect(() => anthropicAwsUpstream({ workspaceId: 'wrkspc_01A' })).toThrow('The anthropic-aws upstream needs exactly one of credentials or apiKey.')
    expect(() =>
      anthropicAwsUpstream({ workspaceId: 'wrkspc_01A', apiKey: async () => 'k', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 's' }) })
    ).toThrow('exactly one')
  })
})
