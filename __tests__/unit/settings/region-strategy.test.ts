// region-strategy: how the model gateway orders the regions of each request, failover by default.
import { clearInputs, problemsOrNone, settingsFor } from '../../support/input-support.js'

const saved = { ...process.env }
const ROLE = 'arn:aws:iam::123456789012:role/r'

beforeEach(() => {
  clearInputs()
  process.env.GITHUB_WORKSPACE = process.cwd()
  delete process.env.AWS_REGION
})

afterAll(() => {
  process.env = saved
})

const bedrock = { prompt: 'x', provider: 'bedrock', region: 'us-east-1', 'role-to-assume': ROLE, 'fallback-regions': 'us-west-2' }

test('failover unless spread is asked for, in any case', () => {
  expect(settingsFor(bedrock).regionStrategy).toBe('failover')
  clearInputs()
  expect(settingsFor({ ...bedrock, 'region-strategy': 'Spread' }).regionStrategy).toBe('spread')
  clearInputs()
  expect(settingsFor({ ...bedrock, 'region-strategy': 'failover' }).regionStrategy).toBe('failover')
})

test('another value names the two there are', () => {
  expect(problemsOrNone({ ...bedrock, 'region-strategy': 'round-robin' })).toEqual([
    "Input 'region-strategy': 'round-robin' is not a strategy; use failover (the default) or spread."
  ])
})

test('spread needs regions: the Claude API and Foundry refuse it, and take the default as given', () => {
  const anthropic = { prompt: 'x', 'anthropic-api-key': 'sk-ant-api03-0123456789' }
  expect(problemsOrNone({ ...anthropic, 'region-strategy': 'spread' })).toEqual([
    "Input 'region-strategy': spread only applies to providers 'bedrock' and 'vertex' (regions to spread requests over); remove it."
  ])
  clearInputs()
  // action.yml's default reaches every run, whatever the provider.
  expect(problemsOrNone({ ...anthropic, 'region-strategy': 'failover' })).toEqual([])
})
