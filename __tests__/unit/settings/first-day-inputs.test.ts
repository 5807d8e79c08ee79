// Inputs as a new user types them: a provider typo or a cloud's name, claude-code-action's snake_case
// names, Vertex multi-regions, and Bedrock ARNs and bare model ids. One clear error each, no other's.
import { jest } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { VertexSettings } from '../../../src/settings/settings.js'
import { clearInputs, problemsOf, readOnly } from '../../support/input-support.js'

const workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-first-day-'))
const env = { GITHUB_WORKSPACE: workspace }
const ROLE = 'arn:aws:iam::123456789012:role/claude'
const ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6'

let stdout: ReturnType<typeof jest.spyOn>
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => stdout.mockRestore())
afterAll(clearInputs)

const printed = (): string => stdout.mock.calls.map((call: unknown[]) => String(call[0])).join('')

test.each([
  ['bedrok', 'did you mean bedrock?'],
  ['vertx', 'did you mean vertex?'],
  ['antropic', 'did you mean anthropic?'],
  ['openai', "'openai' is not a provider; use anthropic"]
])('provider %s: one error, with the nearest name, and none of another provider', (provider, words) => {
  const problems = problemsOf({ prompt: 'hi', provider, region: 'us-east-1', 'role-to-assume': ROLE, 'fallback-regions': 'us-west-2' }, env)
  expect(problems).toHaveLength(1)
  expect(problems[0]).toContain("Input 'provider'")
  expect(problems[0]).toContain(words)
})

test('a bad provider still reports the problems of inputs that do not depend on it', () => {
  expect(problemsOf({ provider: 'bedrok', 'max-turns': 'x' }, env).map(p => /Input '([a-z-]+)'/.exec(p)?.[1])).toEqual(['provider', 'prompt', 'max-turns'])
})

test.each([
  ['aws', 'bedrock', { region: 'us-east-1', 'role-to-assume': ROLE }],
  ['GCP', 'vertex', { 'project-id': 'my-project' }],
  ['google', 'vertex', { 'project-id': 'my-project' }],
  ['azure', 'foundry', { 'foundry-resource': 'my-foundry' }]
])('provider %s is read as %s, with a notice', (alias, name, inputs) => {
  expect(readOnly({ prompt: 'hi', provider: alias, ...inputs }, env).provider.name).toBe(name)
  expect(printed()).toContain(`::notice::Input 'provider': '${alias.toLowerCase()}' is read as ${name}; write provider: ${name}`)
})

test("claude-code-action's anthropic_api_key: the one error names anthropic-api-key", () => {
  const problems = problemsOf({ prompt: 'hi', anthropic_api_key: 'sk-ant-snake-0000' }, env)
  expect(problems).toEqual([
    "Input 'anthropic-api-key': the workflow sets anthropic_api_key, which this action does not read: its inputs are kebab-case (claude-code-action's are snake_case). Rename anthropic_api_key to anthropic-api-key."
  ])
})

test('every snake_case twin of an input read is named: claude_args, allowed_tools, github_token', () => {
  const problems = problemsOf(
    {
      prompt: 'hi',
      'anthropic-api-key': 'sk-ant-0000',
      claude_args: '--verbose',
      allowed_tools: 'Bash',
      'comment-on-pr': 'true',
      'github-token': '',
      github_token: 'x'
    },
    env
  )
  expect(problems.map(p => /Input '([a-z-]+)': the workflow sets ([a-z_]+)/.exec(p)?.slice(1))).toEqual([
    ['claude-args', 'claude_args'],
    ['allowed-tools', 'allowed_tools'],
    ['github-token', 'github_token']
  ])
})

test('the kebab-case input wins when both spellings are set, silently', () => {
  expect(problemsOf({ prompt: 'hi', 'anthropic-api-key': 'sk-ant-0000', anthropic_api_key: 'sk-ant-1111' }, env)).toEqual([])
})

test.each(['eu', 'us'])('Vertex multi-region %s is accepted as it is, and fails over within its continent', region => {
  const settings = readOnly(
    { prompt: 'hi', provider: 'vertex', 'project-id': 'my-project', region, 'fallback-regions': region === 'eu' ? 'europe-west1' : 'us-east5' },
    env
  )
  expect((settings.provider as VertexSettings).region).toBe(region)
  expect(
    problemsOf({ prompt: 'hi', provider: 'vertex', 'project-id': 'my-project', region, 'fallback-regions': region === 'eu' ? 'us-east5' : 'europe-west1' }, env)
  ).toEqual([expect.stringMatching(/^Input 'fallback-regions': .* is in .*, but region .* is in .*allow-cross-geography-failover/)])
})

test('a Bedrock ARN binds its region: fallback regions and another region are refused', () => {
  const bedrock = { prompt: 'hi', provider: 'bedrock', 'role-to-assume': ROLE, model: ARN }
  expect(problemsOf({ ...bedrock, region: 'us-east-1', 'fallback-regions': 'us-west-2,eu-west-1' }, env)).toEqual([
    `Input 'fallback-regions': model ${ARN} is an ARN, bound to us-east-1: a failover to us-west-2, eu-west-1 would send it where it does not exist. Remove fallback-regions, or give model as an inference profile id (us.anthropic.…) to fail over within its geography.`
  ])
  expect(problemsOf({ ...bedrock, region: 'us-west-2' }, env)).toEqual([
    `Input 'model': ${ARN} is an ARN in us-east-1, which it runs in only, but region is us-west-2; set region: us-east-1.`
  ])
  expect(problemsOf({ ...bedrock, region: 'us-east-1' }, env)).toEqual([])
})

test('a bare anthropic.… Bedrock id is a warning that names the profile of the region', () => {
  readOnly({ prompt: 'hi', provider: 'bedrock', 'role-to-assume': ROLE, region: 'eu-west-1', model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' }, env)
  expect(printed()).toContain(
    '::warning::The Bedrock model id anthropic.claude-sonnet-4-5-20250929-v1:0 (model) has no geography prefix; Bedrock serves newer Claude models on demand only through an inference profile, so use eu.anthropic.claude-sonnet-4-5-20250929-v1:0'
  )
  stdout.mockClear()
  readOnly({ prompt: 'hi', provider: 'bedrock', 'role-to-assume': ROLE, region: 'eu-west-1', model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' }, env)
  expect(printed()).not.toContain('::warning::')
})
