// readSettings for the Claude API on the clouds: provider anthropic-aws (Claude Platform on AWS) and
// anthropic-google-cloud (Claude on Google Cloud). Their auth is Bedrock's and Vertex's; what is theirs:
// workspace-id, required before any request, the session policy's default, and no region failover.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { failoverTargets } from '../../../src/claude/failover.js'
import { ANTHROPIC_AWS_SESSION_POLICY, BEDROCK_SESSION_POLICY } from '../../../src/providers/session-policy.js'
import type { AnthropicAwsSettings, AnthropicGoogleCloudSettings } from '../../../src/settings/settings.js'
import { clearInputs, problemsOf, readOnly } from '../../support/input-support.js'

const workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-anthropic-cloud-inputs-'))
const ROLE = 'arn:aws:iam::123456789012:role/claude-platform-ci'
const WORKSPACE = 'wrkspc_01AbCdEfGhIjKlMnOpQrStUv'
const WIF = 'projects/123456789/locations/global/workloadIdentityPools/github-pool/providers/github-actions'
const SA = 'claude-ci@claude-gc-prod.iam.gserviceaccount.com'

const AWS = { provider: 'anthropic-aws', 'workspace-id': WORKSPACE }
const GOOGLE = { provider: 'anthropic-google-cloud', 'workspace-id': WORKSPACE }

afterAll(clearInputs)

function read(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return readOnly({ prompt: 'hi', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env })
}
const aws = (inputs: Record<string, string>, env?: Record<string, string>) => read({ ...AWS, ...inputs }, env).provider as AnthropicAwsSettings
const google = (inputs: Record<string, string>, env?: Record<string, string>) => read({ ...GOOGLE, ...inputs }, env).provider as AnthropicGoogleCloudSettings
const problems = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  problemsOf({ prompt: 'hi', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env })

describe('Claude Platform on AWS', () => {
  test("a role, a region and the workspace: keyless, with a session policy for the service's inference calls", () => {
    expect(aws({ 'role-to-assume': ROLE, region: 'us-west-2' })).toEqual({
      name: 'anthropic-aws',
      region: 'us-west-2',
      workspaceId: WORKSPACE,
      auth: {
        kind: 'role',
        roleArn: ROLE,
        // Named after the run, as for Bedrock.
        sessionName: expect.stringMatching(/^claude-code-action/),
        durationSeconds: 3600,
        audience: 'sts.amazonaws.com',
        stsEndpoint: undefined,
        sessionPolicy: ANTHROPIC_AWS_SESSION_POLICY,
        allowedAccountIds: undefined
      }
    })
    const policy = JSON.parse(ANTHROPIC_AWS_SESSION_POLICY) as { Statement: { Action: string[]; Resource: string }[] }
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['aws-external-anthropic:CreateInference', 'aws-external-anthropic:CountTokens'],
        Resource: 'arn:aws:aws-external-anthropic:*:*:workspace/*'
      })
    ])
    expect(ANTHROPIC_AWS_SESSION_POLICY).not.toContain('bedrock:')
  })

  test('the role inputs work as for Bedrock: session policy, allowed accounts, STS endpoint, audience', () => {
    const auth = aws(
      {
        'role-to-assume': ROLE,
        region: 'us-east-1',
        'session-policy': 'none',
        'allowed-account-ids': '123456789012',
        'sts-endpoint': 'https://sts.us-east-1.amazonaws.com',
        audience: 'my-audience',
        'role-duration-seconds': '900'
      },
      {}
    ).auth
    expect(auth).toMatchObject({
      kind: 'role',
      sessionPolicy: undefined,
      allowedAccountIds: ['123456789012'],
      stsEndpoint: 'https://sts.us-east-1.amazonaws.com',
      audience: 'my-audience',
      durationSeconds: 900
    })
    // Bedrock keeps its own default.
    const bedrock = read({ provider: 'bedrock', region: 'us-east-1', 'role-to-assume': ROLE }).provider
    expect(bedrock).toMatchObject({ auth: { sessionPolicy: BEDROCK_SESSION_POLICY } })
  })

  test("a workspace API key instead of a role, or neither (the job's AWS chain); the region from the job env", () => {
    expect(aws({ 'anthropic-aws-api-key': 'aws-workspace-key-0123' }, { AWS_REGION: 'eu-west-1' })).toEqual({
      name: 'anthropic-aws',
      region: 'eu-west-1',
      workspaceId: WORKSPACE,
      auth: { kind: 'api-key', apiKey: 'aws-workspace-key-0123' }
    })
    expect(aws({}, { AWS_DEFAULT_REGION: 'us-east-2' })).toMatchObject({ region: 'us-east-2', auth: { kind: 'ambient' } })
  })

  test('no region, a role and a key together, or role inputs without a role: one line each', () => {
    expect(problems({ ...AWS, 'role-to-assume': ROLE })).toEqual([
      "Input 'region': Claude Platform on AWS needs an AWS region; set region: us-east-1, or AWS_REGION in the job env."
    ])
    expect(problems({ ...AWS, region: 'us-west-2', 'role-to-assume': ROLE, 'anthropic-aws-api-key': 'k-0123456789' })).toEqual([
      "Input 'anthropic-aws-api-key': give either role-to-assume or anthropic-aws-api-key, not both."
    ])
    expect(problems({ ...AWS, region: 'us-west-2', 'session-policy': 'none' })).toEqual([
      "Input 'session-policy': is used with role-to-assume only; add role-to-assume or remove session-policy."
    ])
  })

  test("Bedrock's key is not Claude Platform on AWS's, and the other way round", () => {
    expect(problems({ ...AWS, region: 'us-west-2', 'bedrock-api-key': 'k-0123456789' })).toEqual([
      "Input 'bedrock-api-key': only applies to provider 'bedrock', but provider is 'anthropic-aws'; remove it or set provider: bedrock."
    ])
    expect(problems({ provider: 'bedrock', region: 'us-west-2', 'anthropic-aws-api-key': 'k-0123456789' })).toEqual([
      "Input 'anthropic-aws-api-key': only applies to provider 'anthropic-aws', but provider is 'bedrock'; remove it or set provider: anthropic-aws."
    ])
  })
})

describe('Claude on Google Cloud', () => {
  test('Workload Identity Federation as for Vertex; the project from the service account, the location global', () => {
    expect(google({ 'workload-identity-provider': WIF, 'service-account': SA })).toEqual({
      name: 'anthropic-google-cloud',
      region: 'global',
      projectId: 'claude-gc-prod',
      workspaceId: WORKSPACE,
      auth: {
        kind: 'workload-identity',
        provider: WIF,
        serviceAccount: SA,
        audience: `https://iam.googleapis.com/${WIF}`,
        stsEndpoint: 'https://sts.googleapis.com',
        iamCredentialsEndpoint: 'https://iamcredentials.googleapis.com'
      }
    })
  })

  test("region is the location; without inputs the job's ANTHROPIC_GOOGLE_CLOUD_LOCATION and project, as Claude Code reads them", () => {
    expect(google({ 'workload-identity-provider': WIF, 'project-id': 'claude-gc-prod', region: 'us' })).toMatchObject({
      region: 'us',
      projectId: 'claude-gc-prod'
    })
    expect(google({}, { ANTHROPIC_GOOGLE_CLOUD_LOCATION: 'europe-west1', ANTHROPIC_GOOGLE_CLOUD_PROJECT: 'from-env-project' })).toEqual({
      name: 'anthropic-google-cloud',
      region: 'europe-west1',
      projectId: 'from-env-project',
      workspaceId: WORKSPACE,
      auth: { kind: 'ambient' }
    })
    expect(google({}, { GOOGLE_CLOUD_PROJECT: 'gcloud-project' })).toMatchObject({ projectId: 'gcloud-project' })
  })

  test('a missing project or a bad location names the provider and the fix', () => {
    expect(problems(GOOGLE)).toEqual([
      "Input 'project-id': Claude on Google Cloud needs the Google Cloud project; set project-id: my-project, or a service-account in that project."
    ])
    expect(problems({ ...GOOGLE, 'project-id': 'claude-gc-prod' }, { ANTHROPIC_GOOGLE_CLOUD_LOCATION: 'Mars' })).toEqual([
      "Input 'region': 'Mars' (from ANTHROPIC_GOOGLE_CLOUD_LOCATION) is not a Google Cloud region; set region: global or us-east5."
    ])
  })
})

describe('workspace-id', () => {
  test.each([
    ['Claude Platform on AWS', { ...AWS, region: 'us-west-2', 'role-to-assume': ROLE }],
    ['Claude on Google Cloud', { ...GOOGLE, 'project-id': 'claude-gc-prod' }]
  ])('%s: missing, it is an input error before any request; malformed, it shows the form', (product, inputs) => {
    const example = 'wrkspc_01AbCd... (the Claude Console of the cloud-linked organization, Settings > Workspaces)'
    expect(problems({ ...inputs, 'workspace-id': '' })).toEqual([
      `Input 'workspace-id': ${product} needs the workspace its calls go to; set workspace-id: ${example}.`
    ])
    expect(problems({ ...inputs, 'workspace-id': 'my-workspace' })).toEqual([
      `Input 'workspace-id': 'my-workspace' is not valid; expected the form ${example}.`
    ])
  })

  test('it is not anthropic-workspace-id: each belongs to its own providers', () => {
    expect(problems({ provider: 'bedrock', region: 'us-east-1', 'workspace-id': WORKSPACE })).toEqual([
      "Input 'workspace-id': only applies to providers 'anthropic-aws' and 'anthropic-google-cloud', but provider is 'bedrock'; remove it or set provider: anthropic-aws or anthropic-google-cloud."
    ])
    expect(problems({ ...AWS, region: 'us-west-2', 'anthropic-workspace-id': WORKSPACE })).toEqual([
      "Input 'anthropic-workspace-id': only applies to provider 'anthropic', but provider is 'anthropic-aws'; remove it or set provider: anthropic."
    ])
  })
})

describe('failover and data residency', () => {
  test('a workspace lives in one region, so fallback-regions is refused; the data never leaves it', () => {
    expect(problems({ ...AWS, region: 'us-west-2', 'fallback-regions': 'us-east-1' })).toEqual([
      "Input 'fallback-regions': a workspace lives in one AWS region, so there is none to fail over to; remove it, or fail over across models with fallback-models."
    ])
    expect(problems({ ...GOOGLE, 'project-id': 'claude-gc-prod', 'fallback-regions': 'us-east5' })).toEqual([
      "Input 'fallback-regions': a workspace lives in one location, so there is none to fail over to; remove it, or fail over across models with fallback-models."
    ])
    expect(problems({ ...GOOGLE, 'project-id': 'claude-gc-prod', 'allow-cross-geography-failover': 'true', 'region-strategy': 'spread' })).toEqual([
      "Input 'region-strategy': spread only applies to providers 'bedrock' and 'vertex' (regions to spread requests over); remove it.",
      "Input 'allow-cross-geography-failover': only applies to provider 'vertex'; remove it."
    ])
  })

  test('fallback-models moves a throttled session to the next model, in the same region', () => {
    const settings = read({ ...AWS, region: 'us-west-2', model: 'claude-sonnet-4-5', 'fallback-models': 'claude-opus-4-5' })
    const session = { region: 'us-west-2', env: {}, credentialEnv: {}, regionEnv: () => ({}), credentialFiles: [] }
    expect(failoverTargets(settings, session, {})).toEqual([{ model: 'claude-sonnet-4-5' }, { model: 'claude-opus-4-5' }])
    // Without fallback models, the one region.
    expect(failoverTargets(read({ ...AWS, region: 'us-west-2' }), session, {})).toEqual([{ region: 'us-west-2' }])
  })
})

test('the provider list names all six', () => {
  expect(problems({ provider: 'claude-aws' })[0]).toBe(
    "Input 'provider': 'claude-aws' is not a provider; use anthropic, bedrock, vertex, foundry, anthropic-aws or anthropic-google-cloud."
  )
})
