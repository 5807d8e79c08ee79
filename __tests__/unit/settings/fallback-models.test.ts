// fallback-models: the Claude API's (and Foundry's) failover across models. Which providers take it,
// the one-line errors, and the attempts the failover loop builds from it. No network.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { failoverTargets } from '../../../src/claude/failover.js'
import type { ProviderSession } from '../../../src/providers/provider.js'
import { renderAttempts } from '../../../src/report/render.js'
import type { RunReport } from '../../../src/report/run-report.js'
import { clearInputs, problemsOf, readOnly } from '../../support/input-support.js'

const workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-fallback-models-'))
const env = { GITHUB_WORKSPACE: workspace }
const API_KEY = { 'anthropic-api-key': 'sk-ant-api03-unit' }
const KEYLESS = {
  'anthropic-federation-rule-id': 'fdrl_01Rule',
  'anthropic-organization-id': '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  'anthropic-service-account-id': 'svac_01Account'
}
const FOUNDRY = { provider: 'foundry', 'foundry-resource': 'my-foundry', 'foundry-api-key': 'foundry-key-0123' }

afterAll(clearInputs)

const settings = (inputs: Record<string, string>, jobEnv: Record<string, string> = {}) => readOnly({ prompt: 'hi', ...inputs }, { ...env, ...jobEnv })
const problems = (inputs: Record<string, string>) => problemsOf({ prompt: 'hi', ...inputs }, env)

/** A provider session as the Claude API and Foundry give it: no region. */
const noRegion: ProviderSession = { env: {}, credentialEnv: {}, regionEnv: () => ({}), credentialFiles: [] }

test('the Claude API (with a key or keyless) and Foundry take a comma list of models, in order', () => {
  expect(settings({ ...API_KEY, model: 'claude-sonnet-4-5', 'fallback-models': 'claude-opus-4-5, claude-haiku-4-5' }).models.fallbackModels).toEqual([
    'claude-opus-4-5',
    'claude-haiku-4-5'
  ])
  expect(settings({ ...KEYLESS, 'fallback-models': 'claude-opus-4-5\nclaude-haiku-4-5' }).models.fallbackModels).toEqual([
    'claude-opus-4-5',
    'claude-haiku-4-5'
  ])
  expect(settings({ ...FOUNDRY, model: 'sonnet-deployment', 'fallback-models': 'opus-deployment' }).models.fallbackModels).toEqual(['opus-deployment'])
  expect(settings(API_KEY).models.fallbackModels).toEqual([])
})

test('on Bedrock and Vertex it is an error pointing at fallback-regions', () => {
  expect(problems({ provider: 'bedrock', region: 'us-east-1', 'fallback-models': 'us.anthropic.claude-opus-4-5-v1:0' })).toEqual([
    "Input 'fallback-models': is for providers anthropic, anthropic-aws, anthropic-google-cloud and foundry; on bedrock a throttled model fails over across regions, so use fallback-regions."
  ])
  expect(problems({ provider: 'vertex', 'project-id': 'my-project-123', 'fallback-models': 'claude-opus-4-5' })).toEqual([
    "Input 'fallback-models': is for providers anthropic, anthropic-aws, anthropic-google-cloud and foundry; on vertex a throttled model fails over across regions, so use fallback-regions."
  ])
})

test('fallback-regions on the Claude API points at fallback-models', () => {
  expect(problems({ ...API_KEY, 'fallback-regions': 'us-west-2' })).toEqual([
    "Input 'fallback-regions': the Claude API has no regions; use it with provider bedrock or vertex, or fail over across models with fallback-models."
  ])
})

test('the model input itself, a model listed twice, a flag, or --model in claude-args is an error', () => {
  expect(problems({ ...API_KEY, model: 'claude-sonnet-4-5', 'fallback-models': 'claude-opus-4-5,claude-sonnet-4-5' })).toEqual([
    "Input 'fallback-models': claude-sonnet-4-5 is already the model input; each attempt needs another model, so list each once and not the first one."
  ])
  expect(problems({ ...FOUNDRY, 'fallback-models': 'opus-deployment, opus-deployment' })).toEqual([
    "Input 'fallback-models': opus-deployment is listed twice; each attempt needs another model, so list each once and not the first one."
  ])
  expect(problems({ ...API_KEY, 'fallback-models': '--dangerously-skip-permissions' })).toEqual([
    "Input 'fallback-models': '--dangerously-skip-permissions' is not a model name; entries may not start with '-'."
  ])
  expect(problems({ ...API_KEY, 'fallback-models': 'claude-opus-4-5', 'claude-args': '--model claude-sonnet-4-5' })).toEqual([
    "Input 'claude-args': --model would override fallback-models in every attempt; give the first model as the model input instead."
  ])
  // Without fallback-models, --model in claude-args stays the user's business, and so does --fallback-model.
  expect(problems({ ...API_KEY, 'claude-args': '--model claude-sonnet-4-5 --fallback-model claude-haiku-4-5' })).toEqual([])
  expect(problems({ ...API_KEY, 'fallback-models': 'claude-opus-4-5', 'claude-args': '--fallback-model claude-haiku-4-5' })).toEqual([])
})

test('targets: the model input, then each fallback; API-key and keyless runs alike', () => {
  for (const auth of [API_KEY, KEYLESS]) {
    const s = settings({ ...auth, model: 'claude-sonnet-4-5', 'fallback-models': 'claude-opus-4-5,claude-haiku-4-5' })
    expect(failoverTargets(s, noRegion, {})).toEqual([{ model: 'claude-sonnet-4-5' }, { model: 'claude-opus-4-5' }, { model: 'claude-haiku-4-5' }])
  }
})

test("targets without the model input: the job env's ANTHROPIC_MODEL first (and not again), else Claude Code's default", () => {
  const s = settings({ ...API_KEY, 'fallback-models': 'claude-opus-4-5, claude-haiku-4-5' })
  expect(failoverTargets(s, noRegion, { ANTHROPIC_MODEL: 'claude-haiku-4-5' })).toEqual([{ model: 'claude-haiku-4-5' }, { model: 'claude-opus-4-5' }])
  expect(failoverTargets(s, noRegion, {})).toEqual([{ model: undefined }, { model: 'claude-opus-4-5' }, { model: 'claude-haiku-4-5' }])
})

test('targets: one attempt without fallbacks; regions where the session has one', () => {
  expect(failoverTargets(settings({ ...API_KEY, model: 'claude-sonnet-4-5' }), noRegion, {})).toEqual([{}])
  const bedrock = settings({ provider: 'bedrock', region: 'us-east-1', 'fallback-regions': 'us-west-2' })
  expect(failoverTargets(bedrock, { ...noRegion, region: 'us-east-1' }, {})).toEqual([{ region: 'us-east-1' }, { region: 'us-west-2' }])
})

test('the summary lists model attempts by model, region attempts by region', () => {
  const base = { subtype: 'success', isError: false, durationMs: 1 }
  const report = (attempts: RunReport['attempts']) => ({ attempts }) as RunReport
  const byModel = renderAttempts(
    report([
      { ...base, model: 'claude-sonnet-4-5', subtype: 'error_api', isError: true, message: 'API Error: 429' },
      { ...base, model: 'claude-opus-4-5' }
    ])
  )
  expect(byModel).toContain('| # | Model | Outcome | Message |')
  expect(byModel).toContain('| 1 | `claude-sonnet-4-5` | ✗ error_api | API Error: 429 |')
  expect(byModel).toContain('| 2 | `claude-opus-4-5` | ✓ success |  |')
  const byRegion = renderAttempts(
    report([
      { ...base, region: 'us-east-1', isError: true },
      { ...base, region: 'us-west-2' }
    ])
  )
  expect(byRegion).toContain('| # | Region | Outcome | Message |')
  expect(byRegion).toContain('| 2 | `us-west-2` | ✓ success |  |')
})
