// Model errors with the real CLI, answered by the model stand-in as Bedrock and Vertex answer them: the
// CLI's advice ("Try --model to switch to …", a flag a workflow does not have) is gone, and the message
// names the model input and how to list valid ids; a Bedrock 403 under a role names session-policy.
import { startModel } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runAction, visibleLog } from '../support/runner.js'

const BEDROCK_KEY = 'ABSKTW9kZWxFcnJvcnMtMDEyMzQ1Njc4OQ=='
const PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'

let model: Awaited<ReturnType<typeof startModel>> | undefined
let world: BedrockWorld | undefined

afterEach(async () => {
  await model?.close()
  await world?.close()
  model = world = undefined
})

const errorOf = (run: { stdout: string; stderr: string }) =>
  visibleLog(run)
    .split('\n')
    .find(line => line.startsWith('::error::')) ?? ''

const VALIDATION = {
  status: 400,
  body: { message: 'The provided model identifier is invalid.' },
  headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/' }
}

test.each([
  ['404', { status: 404 }, 'Could not resolve the foundation model'],
  ['400', VALIDATION, 'The provided model identifier is invalid.']
])('Bedrock %s: the model input and aws bedrock list-inference-profiles, not --model', async (_status, answer, bedrockSaid) => {
  model = await startModel()
  model.respondWith(request => (request.method === 'POST' ? answer : undefined))
  const run = await runAction({
    inputs: { prompt: 'Review.', provider: 'bedrock', region: 'us-west-2', 'bedrock-api-key': BEDROCK_KEY, model: PROFILE },
    env: { ANTHROPIC_BEDROCK_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
  })

  expect(run.exitCode).toBe(1)
  const error = errorOf(run)
  expect(error).toContain(bedrockSaid)
  expect(error).toContain(
    `%0ABedrock has no model ${PROFILE} in us-west-2: set the model input to an inference profile id offered there, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0 (list them with aws bedrock list-inference-profiles --region us-west-2)`
  )
  expect(error).not.toContain('--model')
  expect(run.outputs.result).toContain(bedrockSaid)
  expect(run.outputs.result).not.toContain('--model')
  expect(run.summary).not.toContain('--model')
})

test('Vertex 404: the model input and Model Garden, not --model', async () => {
  model = await startModel()
  model.respondWith(request => (request.method === 'POST' ? { status: 404 } : undefined))
  const run = await runAction({
    inputs: { prompt: 'Review.', provider: 'vertex', 'project-id': 'my-project', region: 'us-east5', model: 'claude-sonnet-4-5@20250929' },
    env: { ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`, CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', CLAUDE_CODE_MAX_RETRIES: '0' }
  })

  expect(run.exitCode).toBe(1)
  const error = errorOf(run)
  expect(error).toContain('The model claude-sonnet-4-5@20250929 is not available on your vertex deployment.')
  expect(error).toContain(
    '%0AVertex AI has no model claude-sonnet-4-5@20250929 in us-east5 for project my-project: enable it in Vertex AI Model Garden (console.cloud.google.com/vertex-ai/model-garden) and set the model input'
  )
  expect(error).not.toContain('--model')
  expect(run.outputs.result).not.toContain('--model')
})

test('Bedrock 403 under a role: the fix names the Marketplace actions and session-policy', async () => {
  world = await startBedrockWorld()
  world.model.respondWith(request => (request.method === 'POST' ? { status: 403 } : undefined))
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs, model: PROFILE }, env: { ...world.env, CLAUDE_CODE_MAX_RETRIES: '0' } })

  expect(run.exitCode).toBe(1)
  const error = errorOf(run)
  expect(error).toContain("You don't have access to the model with the specified model ID.")
  expect(error).toContain(`%0ABedrock denied the call to ${PROFILE} in us-east-1 (403): enable the model in the Bedrock console (Model access)`)
  expect(error).toContain('aws-marketplace:ViewSubscriptions and Subscribe')
  expect(error).toContain('The session is also limited by session-policy')
  expect(error).not.toContain('--model')
})
