// Regional failover with the real CLI: a throttled region hands the same session to the next one.
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { findLeaks, runAction, visibleLog } from '../support/runner.js'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

const isMainCall = (path: string) => path.endsWith('/invoke-with-response-stream')
const throttled = {
  status: 429,
  body: { message: 'Too many requests, please wait before trying again.' },
  headers: { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' }
}

test('429 in the first region: the run continues the same session in the next region and succeeds there', async () => {
  world = await startBedrockWorld({ text: 'Finished in the fallback region.' })
  world.model.respondWith(r => (r.region === 'us-east-1' && isMainCall(r.path) ? throttled : undefined))
  const run = await runAction({
    inputs: { prompt: 'Count the TODOs in this repo.', ...world.inputs, 'fallback-regions': 'us-west-2, eu-west-1' },
    // The workflow sets no retry count, so the action lowers it while a fallback remains.
    env: { ...world.env, CLAUDE_CODE_MAX_RETRIES: undefined }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', region: 'us-west-2', result: 'Finished in the fallback region.' })

  const mainCalls = world.model.requests.filter(r => isMainCall(r.path))
  const regions = mainCalls.map(r => r.region)
  expect(regions[0]).toBe('us-east-1')
  expect(regions[regions.length - 1]).toBe('us-west-2')
  // At most the lowered retry count in the throttled region: abandoned in seconds, not minutes.
  expect(regions.filter(r => r === 'us-east-1').length).toBeLessThanOrEqual(3)
  expect(regions).not.toContain('eu-west-1')

  // Resumed, not restarted: the fallback call carries the original prompt and the continuation.
  const resumed = JSON.stringify(mainCalls[mainCalls.length - 1].body.messages)
  expect(resumed).toContain('Count the TODOs in this repo.')
  expect(resumed).toContain('Continue the task from where it stopped.')
  const inits = run.executionLog
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l))
    .filter(e => e.type === 'system' && e.subtype === 'init')
  expect(inits).toHaveLength(2)
  expect(inits[1].session_id).toBe(inits[0].session_id)
  expect(run.outputs['session-id']).toBe(inits[0].session_id)

  // The log and the summary show each attempt.
  const log = visibleLog(run)
  expect(log).toContain('Attempt 1 of 3: region us-east-1')
  expect(log).toMatch(/::warning::Region us-east-1 is throttled or over quota .*; continuing in us-west-2/)
  expect(log).toContain('Attempt 2 of 3: region us-west-2, resuming session')
  expect(run.summary).toContain('### Attempts')
  expect(run.summary).toMatch(/\| 1 \| `us-east-1` \| ✗ error_api \|/)
  expect(run.summary).toMatch(/\| 2 \| `us-west-2` \| ✓ success \|/)
  // The same assumed-role credentials served both regions.
  expect(new Set(world.model.requests.map(r => r.accessKeyId)).size).toBe(1)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('a non-capacity error does not fail over', async () => {
  world = await startBedrockWorld()
  world.model.respondWith(r =>
    isMainCall(r.path)
      ? {
          status: 400,
          body: { message: 'The provided model identifier is invalid.' },
          headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/' }
        }
      : undefined
  )
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(run.outputs.region).toBe('us-east-1')
  expect(world.model.requests.some(r => r.region === 'us-west-2')).toBe(false)
  expect(visibleLog(run)).not.toContain('continuing in')
})

test('when every region is throttled the run fails in the last one, with every attempt reported', async () => {
  world = await startBedrockWorld()
  world.model.respondWith(r => (isMainCall(r.path) ? throttled : undefined))
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', region: 'us-west-2' })
  expect(run.summary).toMatch(/\| 1 \| `us-east-1` \| ✗/)
  expect(run.summary).toMatch(/\| 2 \| `us-west-2` \| ✗/)
})

test('529 (overloaded) in the first region also fails over, and the run succeeds in the next region', async () => {
  world = await startBedrockWorld({ text: 'Finished after the overload.' })
  world.model.respondWith(r => (r.region === 'us-east-1' && isMainCall(r.path) ? { status: 529 } : undefined))
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2' }, env: world.env })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', region: 'us-west-2', result: 'Finished after the overload.' })
  expect(visibleLog(run)).toMatch(/::warning::Region us-east-1 is throttled or over quota .*; continuing in us-west-2/)
  const attempt1 = run.executionLog
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l))
    .find(e => e.type === 'result')
  expect(attempt1).toMatchObject({ is_error: true, api_error_status: 529 })
  expect(run.summary).toMatch(/\| 1 \| `us-east-1` \| ✗ error_api \|/)
})
