// Data residency is checked with the inputs: a Bedrock inference profile's geography against region and
// every fallback, and on Vertex a fallback on another continent. Each error names both inputs.
import { clearInputs, problemsOrNone as problemsFor } from '../../support/input-support.js'
import { bedrockGeography, gcpContinent } from '../../../src/settings/rules.js'

const saved = { ...process.env }
const ROLE = 'arn:aws:iam::123456789012:role/r'
const WIF = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo'

beforeEach(() => {
  clearInputs()
  process.env.GITHUB_WORKSPACE = process.cwd()
  delete process.env.AWS_REGION
})

afterAll(() => {
  process.env = saved
})

const bedrock = (more: Record<string, string>) => problemsFor({ prompt: 'x', provider: 'bedrock', 'role-to-assume': ROLE, ...more })
const vertex = (more: Record<string, string>) =>
  problemsFor({ prompt: 'x', provider: 'vertex', 'workload-identity-provider': WIF, 'project-id': 'my-project', ...more })

test('a profile prefix names its geography; global., plain ids and ARNs have none', () => {
  expect(bedrockGeography('eu.anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({ prefix: 'eu', name: 'EU' })
  expect(bedrockGeography('us-gov.anthropic.claude-sonnet-4-5')).toMatchObject({ prefix: 'us-gov' })
  expect(bedrockGeography('jp.anthropic.claude-sonnet-4-5')?.regions.test('ap-northeast-1')).toBe(true)
  expect(bedrockGeography('jp.anthropic.claude-sonnet-4-5')?.regions.test('ap-southeast-1')).toBe(false)
  for (const plain of [
    'global.anthropic.claude-sonnet-4-5',
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'claude-sonnet-4-5',
    'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc'
  ]) {
    expect(bedrockGeography(plain)).toBeUndefined()
  }
})

test('eu. with us-east-1 names model and region', () => {
  expect(bedrock({ region: 'us-east-1', model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' })).toEqual([
    "Input 'model': eu.anthropic.claude-sonnet-4-5-20250929-v1:0 is an inference profile of the EU geography (eu.), but region us-east-1 is outside it; set region to a region there, or use the profile of us-east-1's geography."
  ])
})

test('us. with a fallback of eu-west-1 names fallback-regions and model; US fallbacks pass', () => {
  const problems = bedrock({ region: 'us-east-1', 'fallback-regions': 'us-west-2,eu-west-1', model: 'us.anthropic.claude-sonnet-4-5' })
  expect(problems).toHaveLength(1)
  expect(problems[0]).toMatch(/^Input 'fallback-regions': eu-west-1 is outside the US geography of model us\.anthropic\.claude-sonnet-4-5;/)
  expect(bedrock({ region: 'us-east-1', 'fallback-regions': 'us-west-2,us-east-2', model: 'us.anthropic.claude-sonnet-4-5' })).toEqual([])
})

test('global. profiles and plain ids are not checked, in any region', () => {
  expect(bedrock({ region: 'eu-west-1', 'fallback-regions': 'us-east-1,ap-south-1', model: 'global.anthropic.claude-sonnet-4-5' })).toEqual([])
  expect(bedrock({ region: 'eu-west-1', 'fallback-regions': 'us-east-1', model: 'claude-sonnet-4-5' })).toEqual([])
})

test('the small model is checked against its own region when it has one', () => {
  expect(bedrock({ region: 'us-east-1', 'small-fast-model': 'us.anthropic.claude-haiku-4-5', 'small-fast-model-region': 'us-west-2' })).toEqual([])
  const [problem] = bedrock({ region: 'us-east-1', 'small-fast-model': 'us.anthropic.claude-haiku-4-5', 'small-fast-model-region': 'eu-west-1' })
  expect(problem).toMatch(/^Input 'small-fast-model': .* but small-fast-model-region eu-west-1 is outside it/)
})

test('Vertex: a fallback on another continent is an input error naming fallback-regions and region', () => {
  expect(vertex({ region: 'europe-west1', 'fallback-regions': 'europe-west4,us-east5' })).toEqual([
    "Input 'fallback-regions': us-east5 is in North America, but region europe-west1 is in Europe; a failover there would move the data to another continent. List regions in Europe, or set allow-cross-geography-failover: true."
  ])
  expect(vertex({ region: 'europe-west1', 'fallback-regions': 'global' })[0]).toMatch(/global is in anywhere/)
  expect(vertex({ region: 'us-east5', 'fallback-regions': 'northamerica-northeast1,us-central1' })).toEqual([])
})

test('Vertex: allow-cross-geography-failover: true allows it; region global has no geography to keep', () => {
  expect(vertex({ region: 'europe-west1', 'fallback-regions': 'us-east5', 'allow-cross-geography-failover': 'true' })).toEqual([])
  expect(vertex({ region: 'global', 'fallback-regions': 'us-east5,europe-west1' })).toEqual([])
})

test('allow-cross-geography-failover: true is refused outside Vertex; its default false is not', () => {
  expect(bedrock({ region: 'us-east-1', 'allow-cross-geography-failover': 'false' })).toEqual([])
  expect(bedrock({ region: 'us-east-1', 'allow-cross-geography-failover': 'true' })[0]).toMatch(
    /^Input 'allow-cross-geography-failover': only applies to provider 'vertex'/
  )
})

test('continents of Google Cloud regions', () => {
  expect(['us-east5', 'northamerica-northeast1', 'europe-west1', 'asia-northeast1', 'australia-southeast1'].map(gcpContinent)).toEqual([
    'North America',
    'North America',
    'Europe',
    'Asia',
    'Australia'
  ])
})
