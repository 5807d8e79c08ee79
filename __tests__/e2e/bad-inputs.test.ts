// Every bad input fails the bundled action with one `::error::` line that names the input and the
// fix, before any network request: the stand-ins must see nothing.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { startModel, startOidc, startSts } from '../stand-ins/index.js'
import { runAction, visibleLog } from '../support/runner.js'

const ROLE = 'arn:aws:iam::123456789012:role/claude'
const WIF = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo'
const KEY = { 'anthropic-api-key': 'sk-ant-bad-inputs-000000' }
const BEDROCK = { provider: 'bedrock', region: 'us-east-1', 'role-to-assume': ROLE }
const VERTEX = { provider: 'vertex', 'workload-identity-provider': WIF, 'project-id': 'my-project' }

// [input named in the error, inputs, a word of the fix]
const cases: [string, Record<string, string>, RegExp][] = [
  ['provider', { prompt: 'x', provider: 'openai', ...KEY }, /anthropic, bedrock, vertex, foundry, anthropic-aws or anthropic-google-cloud/],
  ['prompt', { ...KEY }, /prompt-file/],
  ['prompt', { prompt: 'x', 'prompt-file': 'task.md', ...KEY }, /not both/],
  ['prompt-file', { 'prompt-file': 'missing.md', ...KEY }, /relative to the workspace/],
  ['prompt-file', { 'prompt-file': 'empty.md', ...KEY }, /is empty/],
  ['region', { prompt: 'x', ...BEDROCK, region: 'us-east' }, /us-east-1/],
  ['region', { prompt: 'x', provider: 'bedrock', 'role-to-assume': ROLE }, /AWS_REGION/],
  ['region', { prompt: 'x', region: 'us-east-1', ...KEY }, /no regions/],
  ['role-to-assume', { prompt: 'x', ...BEDROCK, 'role-to-assume': 'arn:aws:iam::123:role/x' }, /arn:aws:iam::123456789012:role/],
  ['role-to-assume', { prompt: 'x', 'role-to-assume': ROLE, ...KEY }, /provider: bedrock/],
  ['role-duration-seconds', { prompt: 'x', ...BEDROCK, 'role-duration-seconds': '-5' }, /900 to 43200/],
  ['role-duration-seconds', { prompt: 'x', ...BEDROCK, 'role-duration-seconds': 'an hour' }, /900 to 43200/],
  ['role-duration-seconds', { prompt: 'x', ...BEDROCK, 'role-duration-seconds': '300' }, /900 to 43200/],
  ['role-session-name', { prompt: 'x', ...BEDROCK, 'role-session-name': 'has space' }, /letters, digits/],
  ['bedrock-api-key', { prompt: 'x', ...BEDROCK, 'bedrock-api-key': 'ABSK-key-0000' }, /not both/],
  ['bedrock-api-key', { prompt: 'x', ...VERTEX, 'bedrock-api-key': 'ABSK-key-0000' }, /provider: bedrock/],
  ['anthropic-api-key', { prompt: 'x', ...BEDROCK, ...KEY }, /provider: anthropic/],
  ['anthropic-api-key', { prompt: 'x' }, /secrets.ANTHROPIC_API_KEY/],
  ['audience', { prompt: 'x', provider: 'bedrock', region: 'us-east-1', audience: 'sts.amazonaws.com' }, /role-to-assume/],
  ['sts-endpoint', { prompt: 'x', ...BEDROCK, 'sts-endpoint': 'sts.example.com' }, /https:\/\//],
  [
    'sts-endpoint',
    { prompt: 'x', provider: 'bedrock', region: 'us-east-1', 'bedrock-api-key': 'ABSK-key-0000', 'sts-endpoint': 'https://sts.example.com' },
    /role-to-assume/
  ],
  ['sts-endpoint', { prompt: 'x', provider: 'bedrock', region: 'us-east-1', 'sts-endpoint': 'https://sts.example.com' }, /role-to-assume/],
  ['sts-endpoint', { prompt: 'x', 'sts-endpoint': 'https://sts.example.com', ...KEY }, /provider: bedrock, vertex, anthropic-aws or anthropic-google-cloud/],
  ['audience', { prompt: 'x', audience: 'sts.amazonaws.com', ...KEY }, /provider: bedrock or vertex/],
  ['small-fast-model-region', { prompt: 'x', ...BEDROCK, 'small-fast-model-region': 'west' }, /us-west-2/],
  ['fallback-regions', { prompt: 'x', ...BEDROCK, 'fallback-regions': 'us-west-2, mars-1' }, /comma list/],
  ['fallback-regions', { prompt: 'x', 'fallback-regions': 'us-west-2', ...KEY }, /no regions/],
  ['max-turns', { prompt: 'x', 'max-turns': '-1', ...KEY }, /whole number/],
  ['max-turns', { prompt: 'x', 'max-turns': 'ten', ...KEY }, /whole number/],
  ['max-budget-usd', { prompt: 'x', 'max-budget-usd': '0', ...KEY }, /above 0/],
  ['max-budget-usd', { prompt: 'x', 'max-budget-usd': 'cheap', ...KEY }, /above 0/],
  ['max-budget-usd', { prompt: 'x', 'max-budget-usd': '-2.5', ...KEY }, /above 0/],
  ['max-output-tokens', { prompt: 'x', 'max-output-tokens': '0', ...KEY }, /whole number/],
  ['json-schema', { prompt: 'x', 'json-schema': '{type: object}', ...KEY }, /JSON Schema object/],
  ['settings', { prompt: 'x', settings: 'no-such-settings.json', ...KEY }, /a path to a JSON file/],
  ['settings', { prompt: 'x', settings: '{"model": ', ...KEY }, /not valid JSON/],
  ['claude-args', { prompt: 'x', 'claude-args': '--add-dir "unterminated', ...KEY }, /close every quote/],
  ['claude-args', { prompt: 'x', 'claude-args': '--output-format json', ...KEY }, /remove it/],
  ['claude-version', { prompt: 'x', 'claude-version': '^2.1', ...KEY }, /exact version/],
  ['claude-path', { prompt: 'x', 'claude-path': '/nowhere/claude', ...KEY }, /remove claude-path/],
  ['working-directory', { prompt: 'x', 'working-directory': 'no-such-dir', ...KEY }, /relative to the workspace/],
  ['timeout-minutes', { prompt: 'x', 'timeout-minutes': '0', ...KEY }, /above 0/],
  ['export-env', { prompt: 'x', 'export-env': 'maybe', ...KEY }, /true or false/],
  ['comment-tag', { prompt: 'x', 'comment-tag': 'two words', ...KEY }, /letters, digits/],
  ['workload-identity-provider', { prompt: 'x', ...VERTEX, 'workload-identity-provider': 'my-pool/my-provider' }, /workloadIdentityPools\/POOL\/providers/],
  ['service-account', { prompt: 'x', ...VERTEX, 'service-account': 'claude-at-my-project' }, /iam.gserviceaccount.com/],
  ['project-id', { prompt: 'x', ...VERTEX, 'project-id': 'My_Project' }, /a-z, 0-9/],
  ['project-id', { prompt: 'x', provider: 'vertex', 'workload-identity-provider': WIF }, /project-id: my-project/],
  ['region', { prompt: 'x', ...VERTEX, region: 'us-east' }, /us-east5/],
  ['workload-identity-provider', { prompt: 'x', 'workload-identity-provider': WIF, ...KEY }, /provider: vertex/],
  ['session-policy', { prompt: 'x', ...BEDROCK, 'session-policy': 'bedrock-only' }, /or none/],
  ['allowed-account-ids', { prompt: 'x', ...BEDROCK, 'allowed-account-ids': '1234' }, /12-digit/],
  // Data residency: each error names both inputs.
  ['model', { prompt: 'x', ...BEDROCK, model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0' }, /EU geography .*but region us-east-1 is outside it/],
  [
    'fallback-regions',
    { prompt: 'x', ...BEDROCK, model: 'us.anthropic.claude-sonnet-4-5', 'fallback-regions': 'eu-west-1' },
    /eu-west-1 is outside the US geography of model us\./
  ],
  [
    'fallback-regions',
    { prompt: 'x', ...VERTEX, region: 'europe-west1', 'fallback-regions': 'us-east5' },
    /but region europe-west1 is in Europe.*allow-cross-geography-failover/
  ],
  ['foundry-resource', { prompt: 'x', provider: 'foundry' }, /foundry-base-url/],
  [
    'azure-tenant-id',
    { prompt: 'x', provider: 'foundry', 'foundry-resource': 'my-foundry', 'azure-client-id': '11111111-2222-4333-8444-555555555555' },
    /Directory \(tenant\) ID/
  ],
  ['azure-client-id', { prompt: 'x', 'azure-client-id': '11111111-2222-4333-8444-555555555555', ...KEY }, /provider: foundry/]
]

type StandIn = { requests: unknown[]; close(): Promise<void> }
let standIns: StandIn[] = []
let env: Record<string, string> = {}

beforeAll(async () => {
  const model = await startModel()
  const oidc = await startOidc()
  const sts = await startSts()
  standIns = [model, oidc, sts]
  env = {
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_BEDROCK_BASE_URL: model.url,
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    AWS_ENDPOINT_URL_STS: sts.url
  }
})

afterAll(async () => {
  await Promise.all(standIns.map(s => s.close()))
})

test(`at least 25 distinct bad inputs are covered (${cases.length})`, () => {
  expect(new Set(cases.map(([, inputs]) => JSON.stringify(inputs))).size).toBe(cases.length)
  expect(cases.length).toBeGreaterThanOrEqual(25)
})

test.each(cases)("bad '%s' fails with a one-line error and no network request", async (input, inputs, fix) => {
  const run = await runAction({
    inputs: { 'claude-path': '', ...inputs },
    env,
    post: false,
    prepare: workspace => {
      writeFileSync(path.join(workspace, 'task.md'), 'Review.')
      writeFileSync(path.join(workspace, 'empty.md'), '  \n')
    }
  })

  expect(run.exitCode).toBe(1)
  const errors = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain(`Input '${input}'`)
  expect(errors[0]).toMatch(fix)
  // One line: no newline escaped into the workflow command either.
  expect(errors[0]).not.toMatch(/%0A|%0D/i)
  expect(run.outputs).toEqual({})
  // The job summary says it too, in the same words.
  expect(run.summary).toContain('## ✗ Claude Code did not run')
  expect(run.summary).toContain(errors[0].slice('::error::'.length).replace(/%25/g, '%'))
  for (const standIn of standIns) expect(standIn.requests).toEqual([])
})

test('several bad inputs are reported together, each on its own line', async () => {
  const run = await runAction({ inputs: { provider: 'bedrock', region: 'moon-1', 'max-turns': 'x' }, env, post: false })
  const errors = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors.filter(line => line.includes("Input '")).map(line => /Input '([a-z-]+)'/.exec(line)?.[1])).toEqual(['region', 'prompt', 'max-turns'])
  expect(errors[errors.length - 1]).toContain('3 inputs are invalid')
  // The summary lists every problem, one per line.
  const listed = run.summary
    .split('\n')
    .filter(line => line.startsWith("Input '"))
    .map(line => /Input '([a-z-]+)'/.exec(line)?.[1])
  expect(listed).toEqual(['region', 'prompt', 'max-turns'])
  expect(run.summary).toContain('3 inputs are invalid:')
})
