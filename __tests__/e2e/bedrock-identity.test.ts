// Which AWS identity Bedrock sees, and that the job's own AWS credentials are secrets. With a role, the
// model gateway signs every call with the assumed keys, whatever claude-args' --settings or the job env's
// keys say (real CLI); keys from the job env are redacted from the result and the execution file (stub CLI).
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { findLeaks, runAction } from '../support/runner.js'

/** Keys of another identity, in the job env as an earlier step (or the runner) might leave them. */
const JOB_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAJOBENVIRONMENT01',
  AWS_SECRET_ACCESS_KEY: 'jobEnvSecretAccessKey/0123456789abcdefghij',
  AWS_SESSION_TOKEN: 'jobEnvSessionToken0123456789abcdefghijklmnop'
}

let world: BedrockWorld | undefined

afterEach(async () => {
  await world?.close()
  world = undefined
})

test("neither claude-args --settings nor the job's keys take the role's place: every Bedrock call is signed with the assumed key", async () => {
  world = await startBedrockWorld()
  const run = await runAction({
    inputs: { ...world.inputs, prompt: 'hi', 'claude-args': `--settings '{"env":{"CLAUDE_REVIEW_MODE":"strict"}}'` },
    env: { ...world.env, ...JOB_KEYS }
  })

  expect(run.exitCode).toBe(0)
  const [issued] = world.sts!.issued
  const calls = world.model.requests.filter(r => r.accessKeyId !== null)
  expect(calls.length).toBeGreaterThan(0)
  expect(calls.every(r => r.accessKeyId === issued.accessKeyId && r.signatureValid === true)).toBe(true)
  expect(findLeaks(run, [...world.secrets(), JOB_KEYS.AWS_SECRET_ACCESS_KEY, JOB_KEYS.AWS_SESSION_TOKEN])).toEqual([])
})

test('ambient AWS credentials in the job env are redacted like the API key', async () => {
  const bearer = 'ABSKjobEnvBedrockBearerToken0123456789'
  const quoted = `Found ${JOB_KEYS.AWS_SECRET_ACCESS_KEY} and ${JOB_KEYS.AWS_SESSION_TOKEN} and ${bearer} in the env.`
  const stub = writeStub(printEvents(INIT_EVENT, resultEvent(quoted)))
  const run = await runAction({
    inputs: { provider: 'bedrock', region: 'us-east-1', prompt: 'hi', 'claude-path': stub },
    env: { ...JOB_KEYS, AWS_BEARER_TOKEN_BEDROCK: bearer }
  })

  expect(run.outputs.conclusion).toBe('success')
  expect(run.outputs.result).toBe('Found *** and *** and *** in the env.')
  expect(run.executionLog).toContain('Found *** and ***')
  expect(findLeaks(run, [JOB_KEYS.AWS_SECRET_ACCESS_KEY, JOB_KEYS.AWS_SESSION_TOKEN, bearer])).toEqual([])
})
