// readSettings for provider vertex: defaults, where the project and region come from, and the
// one-line errors for the usual slips. No network: validation happens before any request.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { VertexSettings } from '../../../src/settings/settings.js'
import { clearInputs, problemsOf, readOnly } from '../../support/input-support.js'

const PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/github-pool/providers/github-actions'
const workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-vertex-inputs-'))

function read(inputs: Record<string, string>, env: Record<string, string> = {}): VertexSettings {
  return readOnly({ provider: 'vertex', prompt: 'hi', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env }).provider as VertexSettings
}

function problems(inputs: Record<string, string>, env: Record<string, string> = {}): string[] {
  return problemsOf({ provider: 'vertex', prompt: 'hi', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env })
}

afterAll(clearInputs)

test('a provider and a service account are enough: project from the email, region global, Google endpoints', () => {
  expect(read({ 'workload-identity-provider': PROVIDER, 'service-account': 'ci@my-project-42.iam.gserviceaccount.com' })).toEqual({
    name: 'vertex',
    region: 'global',
    projectId: 'my-project-42',
    auth: {
      kind: 'workload-identity',
      provider: PROVIDER,
      serviceAccount: 'ci@my-project-42.iam.gserviceaccount.com',
      audience: `https://iam.googleapis.com/${PROVIDER}`,
      stsEndpoint: 'https://sts.googleapis.com',
      iamCredentialsEndpoint: 'https://iamcredentials.googleapis.com'
    }
  })
})

test('project-id and region inputs win over the service account and the job env', () => {
  const settings = read(
    { 'workload-identity-provider': PROVIDER, 'service-account': 'ci@my-project-42.iam.gserviceaccount.com', 'project-id': 'vertex-prod', region: 'us-east5' },
    { CLOUD_ML_REGION: 'europe-west1', ANTHROPIC_VERTEX_PROJECT_ID: 'from-env-project' }
  )
  expect(settings).toMatchObject({ projectId: 'vertex-prod', region: 'us-east5' })
})

test("without inputs the job's CLOUD_ML_REGION and ANTHROPIC_VERTEX_PROJECT_ID are used, as Claude Code would", () => {
  const settings = read({}, { CLOUD_ML_REGION: 'europe-west1', ANTHROPIC_VERTEX_PROJECT_ID: 'from-env-project' })
  expect(settings).toEqual({ name: 'vertex', region: 'europe-west1', projectId: 'from-env-project', auth: { kind: 'ambient' } })
})

test('Google-managed and domain-scoped service accounts are accepted, but then project-id is needed', () => {
  expect(problems({ 'workload-identity-provider': PROVIDER, 'service-account': '123456789-compute@developer.gserviceaccount.com' })).toEqual([
    "Input 'project-id': 123456789-compute@developer.gserviceaccount.com does not name its project; set project-id: my-project."
  ])
  expect(problems({})).toEqual(["Input 'project-id': Vertex needs the Google Cloud project; set project-id: my-project, or a service-account in that project."])
  expect(
    read({ 'workload-identity-provider': PROVIDER, 'service-account': 'ci@proj.example.com.iam.gserviceaccount.com', 'project-id': 'vertex-prod' }).auth
  ).toMatchObject({
    serviceAccount: 'ci@proj.example.com.iam.gserviceaccount.com'
  })
})

test.each([
  [`//iam.googleapis.com/${PROVIDER}`, `drop the '//iam.googleapis.com/' prefix and give ${PROVIDER}.`],
  [`https://iam.googleapis.com/${PROVIDER}`, `drop the 'https://iam.googleapis.com/' prefix and give ${PROVIDER}.`],
  [
    'projects/my-project/locations/global/workloadIdentityPools/github-pool/providers/github-actions',
    "'my-project' must be the project number, not the project id"
  ],
  ['projects/123456789/locations/global/workloadIdentityPools/github-pool', 'this names a pool; add /providers/PROVIDER.'],
  ['github-actions', 'is not valid; expected the form projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER.']
])('workload-identity-provider %s is refused with the fix', (value, fix) => {
  const found = problems({ 'workload-identity-provider': value, 'project-id': 'vertex-prod' })
  expect(found).toHaveLength(1)
  expect(found[0]).toMatch(/^Input 'workload-identity-provider': '.+' is not valid; /)
  expect(found[0]).toContain(fix)
  expect(found[0]).toContain('projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER')
  expect(found[0]).not.toContain('\n')
})

test.each([
  [
    { 'service-account': 'alice@example.com' },
    "Input 'service-account': 'alice@example.com' is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com."
  ],
  [{ 'project-id': '123' }, "Input 'project-id': '123' is not valid; expected the form my-project-123 (6-30 of a-z, 0-9, -, starting with a letter)."],
  [{ region: 'us-east-1' }, "Input 'region': 'us-east-1' is not valid; expected the form global, us-east5 or europe-west1."],
  [{ 'sts-endpoint': 'sts.googleapis.com' }, "Input 'sts-endpoint': 'sts.googleapis.com' is not an http(s) URL"]
])('%o is refused by name', (inputs, message) => {
  const found = problems({ 'workload-identity-provider': PROVIDER, 'project-id': 'vertex-prod', ...inputs })
  expect(found).toEqual([expect.stringContaining(message)])
})

test('a bad CLOUD_ML_REGION or ANTHROPIC_VERTEX_PROJECT_ID from the job env is named with its source', () => {
  expect(problems({}, { CLOUD_ML_REGION: 'mars', ANTHROPIC_VERTEX_PROJECT_ID: 'Bad_Project' })).toEqual([
    "Input 'region': 'mars' (from CLOUD_ML_REGION) is not a Google Cloud region; set region: global or us-east5.",
    "Input 'project-id': 'Bad_Project' (from ANTHROPIC_VERTEX_PROJECT_ID) is not a project id; set project-id: my-project."
  ])
})

test('Workload Identity inputs without workload-identity-provider are refused, not ignored', () => {
  expect(
    problems({
      'project-id': 'vertex-prod',
      'service-account': 'ci@my-project-42.iam.gserviceaccount.com',
      audience: 'x',
      'sts-endpoint': 'https://sts.example.com'
    })
  ).toEqual([
    "Input 'service-account': is used with Workload Identity Federation only; add workload-identity-provider: projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER, or remove service-account.",
    "Input 'audience': is used with Workload Identity Federation only; add workload-identity-provider: projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER, or remove audience.",
    "Input 'sts-endpoint': is used with Workload Identity Federation only; add workload-identity-provider: projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER, or remove sts-endpoint."
  ])
})

test('a custom audience and endpoints are kept, without trailing slashes', () => {
  const settings = read({
    'workload-identity-provider': PROVIDER,
    'project-id': 'vertex-prod',
    audience: 'my-custom-audience',
    'sts-endpoint': 'https://sts.example.internal/',
    'iam-credentials-endpoint': 'https://iam.example.internal'
  })
  expect(settings.auth).toMatchObject({
    audience: 'my-custom-audience',
    stsEndpoint: 'https://sts.example.internal',
    iamCredentialsEndpoint: 'https://iam.example.internal'
  })
})

test('vertex-only inputs are refused with another provider', () => {
  const found = problems({
    provider: 'bedrock',
    region: 'us-east-1',
    'workload-identity-provider': PROVIDER,
    'service-account': 'ci@my-project-42.iam.gserviceaccount.com'
  })
  expect(found).toEqual([
    "Input 'workload-identity-provider': only applies to providers 'vertex' and 'anthropic-google-cloud', but provider is 'bedrock'; remove it or set provider: vertex or anthropic-google-cloud.",
    "Input 'service-account': only applies to providers 'vertex' and 'anthropic-google-cloud', but provider is 'bedrock'; remove it or set provider: vertex or anthropic-google-cloud."
  ])
})
