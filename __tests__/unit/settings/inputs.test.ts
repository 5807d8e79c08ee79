// readSettings against the GitHub platform, which reads INPUT_* from the environment as the runner sets them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { clearInputs, problemsFor, settingsFor } from '../../support/input-support.js'
import { BEDROCK_SESSION_POLICY } from '../../../src/providers/session-policy.js'

const saved = { ...process.env }
let workspace: string

beforeEach(() => {
  clearInputs()
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-inputs-'))
  process.env.GITHUB_WORKSPACE = workspace
  delete process.env.AWS_REGION
  delete process.env.AWS_DEFAULT_REGION
  delete process.env.ANTHROPIC_API_KEY
})

afterAll(() => {
  process.env = saved
})

test('the Claude API with defaults', () => {
  const settings = settingsFor({ prompt: 'hi', 'anthropic-api-key': 'sk-ant-x' })
  expect(settings.provider).toEqual({ name: 'anthropic', apiKey: 'sk-ant-x' })
  expect(settings.cli).toMatchObject({ prompt: 'hi', allowedTools: [], extraArgs: [], version: '2.1.331', workingDirectory: workspace })
  expect(settings).toMatchObject({ exportEnv: true, exportCredentials: false, fallbackRegions: [] })
})

test('the Claude API accepts a login already in the env instead of a key', () => {
  expect(settingsFor({ prompt: 'hi' }, { ...process.env, CLAUDE_CODE_OAUTH_TOKEN: 'oauth' }).provider).toEqual({ name: 'anthropic', apiKey: undefined })
})

test('Bedrock with a role takes the region from AWS_REGION and keeps the fallbacks apart from it', () => {
  const settings = settingsFor(
    { prompt: 'hi', provider: 'bedrock', 'role-to-assume': 'arn:aws:iam::123456789012:role/r', 'fallback-regions': 'us-east-1, us-west-2,eu-west-1 us-west-2' },
    { ...process.env, AWS_REGION: 'us-east-1' }
  )
  expect(settings.provider).toEqual({
    name: 'bedrock',
    region: 'us-east-1',
    auth: {
      kind: 'role',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      sessionName: 'claude-code-action',
      durationSeconds: 3600,
      audience: 'sts.amazonaws.com',
      stsEndpoint: undefined,
      sessionPolicy: BEDROCK_SESSION_POLICY
    }
  })
  expect(settings.fallbackRegions).toEqual(['us-west-2', 'eu-west-1'])
})

test('Vertex derives the project from the service account and the audience from the provider', () => {
  const provider = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo'
  const settings = settingsFor({
    prompt: 'hi',
    provider: 'vertex',
    'workload-identity-provider': provider,
    'service-account': 'claude@my-project.iam.gserviceaccount.com'
  })
  expect(settings.provider).toMatchObject({
    name: 'vertex',
    region: 'global',
    projectId: 'my-project',
    auth: {
      kind: 'workload-identity',
      audience: `https://iam.googleapis.com/${provider}`,
      stsEndpoint: 'https://sts.googleapis.com',
      iamCredentialsEndpoint: 'https://iamcredentials.googleapis.com'
    }
  })
})

test('tool lists split on commas and newlines but not inside parentheses', () => {
  const settings = settingsFor({
    prompt: 'hi',
    'anthropic-api-key': 'k',
    'allowed-tools': 'Read, Bash(npm run lint,test)\n Grep ,',
    'disallowed-tools': 'WebFetch'
  })
  expect(settings.cli.allowedTools).toEqual(['Read', 'Bash(npm run lint,test)', 'Grep'])
  expect(settings.cli.disallowedTools).toEqual(['WebFetch'])
})

test('settings may be a file in the workspace, and numbers are parsed', () => {
  mkdirSync(path.join(workspace, '.claude'))
  writeFileSync(path.join(workspace, '.claude', 'ci.json'), '{"permissions":{"allow":["Read"]}}')
  const settings = settingsFor({
    prompt: 'hi',
    'anthropic-api-key': 'k',
    settings: '.claude/ci.json',
    'max-turns': '12',
    'max-budget-usd': '0.75',
    'timeout-minutes': '2.5'
  })
  expect(settings.cli).toMatchObject({ settings: { permissions: { allow: ['Read'] } }, maxTurns: 12, maxBudgetUsd: 0.75, timeoutMinutes: 2.5 })
})

test('a prompt-file longer than one argv string can carry is read whole (it goes on stdin)', () => {
  const text = `start ${'x'.repeat(2 * 1024 * 1024)} end`
  writeFileSync(path.join(workspace, 'long.md'), text)
  expect(settingsFor({ 'prompt-file': 'long.md', 'anthropic-api-key': 'k' }).cli.prompt).toBe(text)
})

test('every problem is reported, not only the first', () => {
  expect(problemsFor({ provider: 'bedrock', region: 'nowhere', 'max-turns': '0', 'export-env': 'perhaps' }).map(p => p.split(':')[0])).toEqual([
    "Input 'region'",
    "Input 'prompt'",
    "Input 'max-turns'",
    "Input 'export-env'"
  ])
})

const BEDROCK_ONLY = { prompt: 'hi', provider: 'bedrock', region: 'us-east-1' }
const STS = 'https://sts.example.com'

test.each([
  [
    'a Bedrock API key',
    { ...BEDROCK_ONLY, 'bedrock-api-key': 'ABSK-k', 'sts-endpoint': STS },
    ["Input 'sts-endpoint': is used with role-to-assume only; add role-to-assume or remove sts-endpoint."]
  ],
  [
    'the ambient AWS chain',
    { ...BEDROCK_ONLY, 'sts-endpoint': STS, audience: 'sts.amazonaws.com' },
    [
      "Input 'audience': is used with role-to-assume only; add role-to-assume or remove audience.",
      "Input 'sts-endpoint': is used with role-to-assume only; add role-to-assume or remove sts-endpoint."
    ]
  ],
  // A malformed role is its own error; the inputs that go with a role are not blamed for it.
  [
    'a malformed role',
    { ...BEDROCK_ONLY, 'role-to-assume': 'arn:aws:iam::1:role/x', 'sts-endpoint': STS },
    ["Input 'role-to-assume': 'arn:aws:iam::1:role/x' is not valid; expected the form arn:aws:iam::123456789012:role/claude-code."]
  ],
  [
    'the Claude API',
    { prompt: 'hi', 'anthropic-api-key': 'k', audience: 'x', 'sts-endpoint': STS },
    [
      "Input 'sts-endpoint': only applies to providers 'bedrock', 'vertex', 'anthropic-aws' and 'anthropic-google-cloud', but provider is 'anthropic'; remove it or set provider: bedrock, vertex, anthropic-aws or anthropic-google-cloud.",
      "Input 'audience': with provider 'anthropic' it is used with anthropic-federation-rule-id only (keyless); remove it, add the workload identity inputs, or set provider: bedrock or vertex."
    ]
  ]
])('audience and sts-endpoint with %s are refused, not silently ignored', (_name, inputs, problems) => {
  expect(problemsFor(inputs)).toEqual(problems)
})

test('review-comments is off by default, keeps 25 comments inline, and needs a token', () => {
  expect(settingsFor({ prompt: 'hi', 'anthropic-api-key': 'k' }).review).toEqual({
    enabled: false,
    maxComments: 25,
    incremental: true,
    checkName: 'Claude review'
  })
  const saved = process.env.GITHUB_TOKEN
  delete process.env.GITHUB_TOKEN
  try {
    expect(problemsFor({ prompt: 'hi', 'anthropic-api-key': 'k', 'review-comments': 'true', 'max-review-comments': 'many' })).toEqual([
      "Input 'max-review-comments': 'many' is not a whole number; give a whole number from 0 to 1000.",
      "Input 'github-token': review-comments needs a token; pass github-token: ${{ github.token }}."
    ])
  } finally {
    if (saved !== undefined) process.env.GITHUB_TOKEN = saved
  }
  expect(settingsFor({ prompt: 'hi', 'anthropic-api-key': 'k', 'review-comments': 'true', 'max-review-comments': '3', 'github-token': 't' }).review).toEqual({
    enabled: true,
    maxComments: 3,
    incremental: true,
    checkName: 'Claude review'
  })
})

test('isolation is auto by default, takes auto, required and off in any case, and refuses anything else', () => {
  expect(settingsFor({ prompt: 'hi', 'anthropic-api-key': 'k' }).cli.isolation).toBe('auto')
  expect(settingsFor({ prompt: 'hi', 'anthropic-api-key': 'k', isolation: 'Required' }).cli.isolation).toBe('required')
  expect(settingsFor({ prompt: 'hi', 'anthropic-api-key': 'k', isolation: 'off' }).cli.isolation).toBe('off')
  expect(problemsFor({ prompt: 'hi', 'anthropic-api-key': 'k', isolation: 'strict' })).toEqual([
    "Input 'isolation': 'strict' is not an isolation mode; use auto, required or off."
  ])
})

test('isolation: required is refused at input time off Linux', () => {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform')
  Object.defineProperty(process, 'platform', { value: 'darwin' })
  try {
    expect(problemsFor({ prompt: 'hi', 'anthropic-api-key': 'k', isolation: 'required' })).toEqual([
      "Input 'isolation': required needs Linux (Claude Code isolates its tools with bubblewrap), and this runner is darwin; use auto or off here."
    ])
  } finally {
    Object.defineProperty(process, 'platform', platform as PropertyDescriptor)
  }
})

test('a review across runs: incremental, check-name and max-pr-cost-usd, which needs review-comments; pull-request names a PR on GitHub', () => {
  const base = { prompt: 'hi', 'anthropic-api-key': 'k', 'github-token': 't' }
  expect(
    settingsFor({ ...base, 'review-comments': 'true', incremental: 'false', 'check-name': 'Security review', 'max-pr-cost-usd': '2.5', 'pull-request': '42' })
  ).toMatchObject({
    review: { enabled: true, incremental: false, checkName: 'Security review', maxPrCostUsd: 2.5 },
    comment: { pullRequest: 42 }
  })
  clearInputs()
  expect(problemsFor({ ...base, 'max-pr-cost-usd': '1' })).toEqual([
    "Input 'max-pr-cost-usd': counts what a pull request's reviews cost, which the review keeps track of; set review-comments: true as well."
  ])
  clearInputs()
  expect(problemsFor({ ...base, 'review-comments': 'true', 'max-pr-cost-usd': '0', 'pull-request': '#7', 'check-name': 'x'.repeat(101) })).toEqual([
    "Input 'pull-request': '#7' is not a whole number; give a whole number of at least 1.",
    "Input 'check-name': give one line of at most 100 characters, e.g. Claude review.",
    "Input 'max-pr-cost-usd': '0' is not a positive number; give a number above 0, e.g. 2.50."
  ])
})
