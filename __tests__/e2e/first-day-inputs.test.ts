// Inputs as a new user types them, through the bundled action: a provider typo is one error with the
// nearest name; a cloud's name is read as its provider; claude-code-action's snake_case input names
// its kebab-case twin; Vertex's `eu` and `us` multi-regions reach the CLI; a Bedrock ARN binds its
// region; a bare `anthropic.…` Bedrock id is a warning.
import { startModel, startOidc, startSts } from '../stand-ins/index.js'
import { runAction, visibleLog } from '../support/runner.js'

const KEY = 'sk-ant-first-day-0000000000'
const BEDROCK_KEY = 'ABSKRmlyc3REYXlLZXktMDEyMzQ1Njc4OQ=='
const ROLE = 'arn:aws:iam::123456789012:role/claude'
const ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6'

type StandIn = { requests: unknown[]; close(): Promise<void> }
let model: Awaited<ReturnType<typeof startModel>>
let standIns: StandIn[] = []
let env: Record<string, string> = {}

beforeEach(async () => {
  model = await startModel({ text: 'Done.' })
  const oidc = await startOidc()
  const sts = await startSts()
  standIns = [model, oidc, sts]
  env = {
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_BEDROCK_BASE_URL: model.url,
    ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`,
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    AWS_ENDPOINT_URL_STS: sts.url,
    CLAUDE_CODE_MAX_RETRIES: '0'
  }
})

afterEach(async () => {
  await Promise.all(standIns.map(s => s.close()))
})

const errorsOf = (run: { stdout: string; stderr: string }) =>
  visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))

async function refused(inputs: Record<string, string>) {
  const run = await runAction({ inputs: { prompt: 'Review.', ...inputs }, env, post: false })
  expect(run.exitCode).toBe(1)
  for (const standIn of standIns) expect(standIn.requests).toEqual([])
  return errorsOf(run)
}

test("provider: bedrok is one error with the nearest name, none of another provider's", async () => {
  expect(await refused({ provider: 'bedrok', region: 'us-east-1', 'role-to-assume': ROLE, 'fallback-regions': 'us-west-2' })).toEqual([
    "::error::Input 'provider': 'bedrok' is not a provider; did you mean bedrock? Use anthropic, bedrock, vertex, foundry, anthropic-aws or anthropic-google-cloud."
  ])
})

test('provider: aws runs on Bedrock, with a notice', async () => {
  const run = await runAction({
    inputs: { prompt: 'Review.', provider: 'aws', region: 'us-east-1', 'bedrock-api-key': BEDROCK_KEY, model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' },
    env
  })

  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).toContain("::notice::Input 'provider': 'aws' is read as bedrock; write provider: bedrock to silence this notice.")
  expect(run.outputs).toMatchObject({ provider: 'bedrock', region: 'us-east-1', result: 'Done.' })
  expect(model.requests.some(r => r.provider === 'bedrock' && r.main)).toBe(true)
})

test("claude-code-action's anthropic_api_key names anthropic-api-key, in one error", async () => {
  expect(await refused({ anthropic_api_key: KEY })).toEqual([
    "::error::Input 'anthropic-api-key': the workflow sets anthropic_api_key, which this action does not read: its inputs are kebab-case (claude-code-action's are snake_case). Rename anthropic_api_key to anthropic-api-key."
  ])
})

test.each(['eu', 'us'])('Vertex region %s goes to the CLI as it is', async region => {
  const run = await runAction({
    inputs: { prompt: 'Review.', provider: 'vertex', 'project-id': 'my-project', region, model: 'claude-sonnet-4-5@20250929' },
    env: { ...env, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ provider: 'vertex', region, result: 'Done.' })
  expect(run.exportedEnv.CLOUD_ML_REGION).toBe(region)
  const main = model.requests.find(r => r.main)
  expect(main).toMatchObject({ provider: 'vertex', project: 'my-project', region })
})

test('a Bedrock application inference profile ARN refuses fallback regions: it exists in its own region only', async () => {
  expect(await refused({ provider: 'bedrock', region: 'us-east-1', 'role-to-assume': ROLE, model: ARN, 'fallback-regions': 'us-west-2,eu-west-1' })).toEqual([
    `::error::Input 'fallback-regions': model ${ARN} is an ARN, bound to us-east-1: a failover to us-west-2, eu-west-1 would send it where it does not exist. Remove fallback-regions, or give model as an inference profile id (us.anthropic.…) to fail over within its geography.`
  ])
})

test('a bare anthropic.… Bedrock id is a warning naming the profile of the region; the run goes on', async () => {
  const run = await runAction({
    inputs: { prompt: 'Review.', provider: 'bedrock', region: 'eu-west-1', 'bedrock-api-key': BEDROCK_KEY, model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' },
    env
  })

  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).toContain(
    '::warning::The Bedrock model id anthropic.claude-sonnet-4-5-20250929-v1:0 (model) has no geography prefix; Bedrock serves newer Claude models on demand only through an inference profile, so use eu.anthropic.claude-sonnet-4-5-20250929-v1:0'
  )
  expect(visibleLog(run)).toContain('aws bedrock list-inference-profiles --region eu-west-1')
})
