// Regional failover with the real CLI: the model gateway moves a throttled request to the next region at
// once, within one CLI process; what one request cannot fix (every region throttled) still hands the
// session to the next region with --resume.
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

/** The execution file's lines, parsed: the CLI's stream events, then one `gateway` line per model call. */
const executionEvents = (log: string) =>
  log
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))

test('429 in the first region: the gateway sends the same request to the next region at once, in one CLI process and session', async () => {
  world = await startBedrockWorld({ text: 'Finished in the fallback region.' })
  world.model.respondWith(r => (r.region === 'us-east-1' && isMainCall(r.path) ? throttled : undefined))
  const run = await runAction({
    inputs: { prompt: 'Count the TODOs in this repo.', ...world.inputs, 'fallback-regions': 'us-west-2, eu-west-1' },
    env: { ...world.env, CLAUDE_CODE_MAX_RETRIES: undefined }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    region: 'us-west-2',
    regions: 'us-west-2',
    result: 'Finished in the fallback region.',
    // The CLI retried nothing; the gateway moved one request.
    'api-retries': '1',
    throttled: 'true'
  })

  // The very request that got the 429, re-signed for us-west-2 and sent next, before anything else.
  const mainCalls = world.model.requests.filter(r => isMainCall(r.path))
  expect(mainCalls.map(r => r.region)).toEqual(['us-east-1', 'us-west-2'])
  expect(mainCalls[1].body).toEqual(mainCalls[0].body)
  expect(mainCalls.map(r => r.signatureValid)).toEqual([true, true])
  expect(world.model.requests[world.model.requests.indexOf(mainCalls[0]) + 1]).toBe(mainCalls[1])
  expect(mainCalls.map(r => r.receivedAt)).toEqual([...mainCalls.map(r => r.receivedAt)].sort())
  expect(world.model.requests.map(r => r.region)).not.toContain('eu-west-1')

  // One CLI process, one session, no retry it saw: one init, no api_retry, and one gateway line for the moved call.
  const events = executionEvents(run.executionLog)
  const inits = events.filter(e => e.type === 'system' && e.subtype === 'init')
  expect(inits).toHaveLength(1)
  expect(events.filter(e => e.type === 'system' && e.subtype === 'api_retry')).toEqual([])
  expect(events.filter(e => e.type === 'gateway' && e.retriedFrom)).toEqual([
    expect.objectContaining({ region: 'us-west-2', status: 200, retriedFrom: ['us-east-1'], retryReasons: [429], sessionId: inits[0].session_id })
  ])

  // The log and the summary say where it went; there was no second attempt.
  const log = visibleLog(run)
  expect(log).toContain('model gateway: bedrock answered 429 in us-east-1; trying us-west-2')
  expect(log).not.toContain('continuing in')
  expect(run.summary).not.toContain('### Attempts')
  expect(run.summary).toContain('| Model requests | By region | Moved to another region |')
  expect(run.summary).toMatch(/\| \d+ \| `us-west-2` × \d+ \| 1 \(HTTP 429 × 1\) \|/)
  expect(new Set(world.model.requests.map(r => r.accessKeyId)).size).toBe(1)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('region-strategy spread: the calls of one run take the regions in turn', async () => {
  world = await startBedrockWorld({ turns: [{ toolUse: { name: 'Bash', input: { command: 'echo one' } } }, { text: 'Spread.' }] })
  const run = await runAction({
    inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2', 'region-strategy': 'spread', 'allowed-tools': 'Bash(echo:*)' },
    env: world.env
  })

  expect(run.exitCode).toBe(0)
  expect(world.model.requests.filter(r => isMainCall(r.path)).map(r => r.region)).toEqual(['us-east-1', 'us-west-2'])
  expect(run.outputs.regions).toBe('us-east-1,us-west-2')
  expect(visibleLog(run)).toContain('(regions us-east-1, us-west-2, spread)')
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

test('when every region is throttled, what one request cannot fix goes to the session failover: attempt 2 resumes and starts in us-west-2', async () => {
  world = await startBedrockWorld()
  world.model.respondWith(r => (isMainCall(r.path) ? throttled : undefined))
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', region: 'us-west-2', throttled: 'true' })
  expect(run.outputs).not.toHaveProperty('regions')
  // Each request tried both regions; the resumed attempt's request started in its own region.
  expect(world.model.requests.filter(r => isMainCall(r.path)).map(r => r.region)).toEqual(['us-east-1', 'us-west-2', 'us-west-2', 'us-east-1'])
  const inits = executionEvents(run.executionLog).filter(e => e.type === 'system' && e.subtype === 'init')
  expect(inits.map(e => e.session_id)).toEqual([inits[0].session_id, inits[0].session_id])
  expect(run.summary).toMatch(/\| 1 \| `us-east-1` \| ✗/)
  expect(run.summary).toMatch(/\| 2 \| `us-west-2` \| ✗/)
})

test('529 (overloaded) in the first region also moves the request to the next region at once', async () => {
  world = await startBedrockWorld({ text: 'Finished after the overload.' })
  world.model.respondWith(r => (r.region === 'us-east-1' && isMainCall(r.path) ? { status: 529 } : undefined))
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2' }, env: world.env })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', region: 'us-west-2', regions: 'us-west-2', result: 'Finished after the overload.' })
  expect(visibleLog(run)).toContain('model gateway: bedrock answered 529 in us-east-1; trying us-west-2')
  expect(executionEvents(run.executionLog).find(e => e.type === 'result')).toMatchObject({ is_error: false })
  expect(run.summary).toContain('1 (HTTP 529 × 1)')
})
