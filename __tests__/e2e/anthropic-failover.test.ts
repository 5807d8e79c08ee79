// Model failover with the real CLI (fallback-models): the Claude API's limits are per model, so a
// throttled model hands the same session (--resume) to the next model, in a second CLI process. On
// the keyless Claude API both processes reach the model through the action's gateway, which holds the
// one access token the action exchanged: no process exchanges an OIDC token of its own.
import { startModel } from '../stand-ins/index.js'
import { bearerOf, startAnthropicKeylessWorld } from '../support/anthropic-keyless-world.js'
import { DEPLOYMENT, startFoundryWorld } from '../support/foundry-stand-ins.js'
import { findLeaks, runAction, visibleLog } from '../support/runner.js'

let world: { close(): Promise<void> } | undefined

afterEach(async () => {
  await world?.close()
  world = undefined
})

const FIRST = 'claude-sonnet-4-5'
// Not a retired id: Claude Code 2.1.331 runs `--model claude-opus-4-1` as claude-opus-5-5 on the Claude API.
const SECOND = 'claude-opus-4-5'
const rateLimited = {
  status: 429,
  body: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' } }
}

const resultEvents = (executionLog: string): Record<string, unknown>[] =>
  executionLog
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))

test('keyless: the throttled model hands the session to the fallback model; both processes use the token the action holds', async () => {
  const keyless = await startAnthropicKeylessWorld({ text: 'Finished with the fallback model.' })
  world = keyless
  const { oauth } = keyless
  keyless.model.respondWith(r => (r.model === FIRST && r.main ? rateLimited : undefined))
  const run = await runAction({
    inputs: { prompt: 'Count the TODOs in this repo.', ...keyless.inputs, model: FIRST, 'fallback-models': SECOND },
    // The workflow sets no retry count, so the action lowers it while a fallback remains.
    env: { ...keyless.env, CLAUDE_CODE_MAX_RETRIES: undefined }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Finished with the fallback model.',
    model: SECOND,
    provider: 'anthropic',
    throttled: 'true'
  })
  expect(run.outputs.region).toBeUndefined()

  // Two CLI processes, one session: the second resumed it with the second model.
  const events = resultEvents(run.executionLog)
  const inits = events.filter(e => e.type === 'system' && e.subtype === 'init')
  expect(inits.map(e => e.model)).toEqual([FIRST, SECOND])
  expect(inits[1].session_id).toBe(inits[0].session_id)
  expect(run.outputs['session-id']).toBe(inits[0].session_id)
  const mains = keyless.model.requests.filter(r => r.main)
  const firstCalls = mains.filter(r => r.model === FIRST)
  const secondCalls = mains.filter(r => r.model === SECOND)
  // The loop's own retry count while a fallback remains: the throttled model is given up in seconds.
  expect(firstCalls.length).toBeGreaterThanOrEqual(1)
  expect(firstCalls.length).toBeLessThanOrEqual(3)
  expect(secondCalls.length).toBeGreaterThanOrEqual(1)
  expect(mains.map(r => r.model)).toEqual([...firstCalls.map(() => FIRST), ...secondCalls.map(() => SECOND)])
  const resumed = JSON.stringify(secondCalls[0].body.messages)
  expect(resumed).toContain('Count the TODOs in this repo.')
  expect(resumed).toContain('The previous request failed with another model. Continue the task from where it stopped.')

  const log = visibleLog(run)
  expect(log).toContain(`Attempt 1 of 2: model ${FIRST}\n`)
  expect(log).toMatch(
    new RegExp(`::warning::Model ${FIRST} is throttled or overloaded \\(API Error: Request rejected \\(429\\).*\\); continuing with ${SECOND}`)
  )
  expect(log).toContain(`Attempt 2 of 2: model ${SECOND}, resuming session ${inits[0].session_id}`)
  expect(run.summary).toContain('| # | Model | Outcome | Message |')
  expect(run.summary).toMatch(new RegExp(`\\| 1 \\| \`${FIRST}\` \\| ✗ error_api \\|`))
  expect(run.summary).toMatch(new RegExp(`\\| 2 \\| \`${SECOND}\` \\| ✓ success \\|`))

  // One exchange, the action's: every call of both processes carried its token; neither process exchanged one.
  expect(oauth.refusals).toEqual([])
  expect(oauth.exchanges).toHaveLength(1)
  for (const call of mains) expect(bearerOf(call)).toBe(oauth.exchanges[0].accessToken)

  // Nothing of it anywhere, and no token file or token cache was ever made.
  expect(Object.keys(run.filesBeforePost).filter(f => /anthropic-(identity-token|config)/.test(f))).toEqual([])
  expect(findLeaks(run, keyless.secrets())).toEqual([])
}, 240_000)

test('Foundry: an overloaded deployment hands the session to the fallback deployment', async () => {
  const foundry = await startFoundryWorld({ deployments: [DEPLOYMENT, SECOND] })
  world = foundry
  foundry.model.respondWith(r => (r.model === DEPLOYMENT && r.main ? { status: 529 } : undefined))
  const run = await runAction({
    inputs: { prompt: 'hi', ...foundry.inputs, 'fallback-models': SECOND },
    env: { ...foundry.env, CLAUDE_CODE_MAX_RETRIES: undefined }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Reviewed on Foundry.', model: SECOND, provider: 'foundry' })
  // The deployment is the request's model (ANTHROPIC_MODEL and --model), on the same resource.
  const mains = foundry.model.requests.filter(r => r.main)
  expect(mains[0]).toMatchObject({ provider: 'foundry', model: DEPLOYMENT })
  expect(mains[mains.length - 1]).toMatchObject({ provider: 'foundry', model: SECOND })
  const log = visibleLog(run)
  expect(log).toMatch(new RegExp(`::warning::Model ${DEPLOYMENT} is throttled or overloaded .*; continuing with ${SECOND}`))
  expect(log).toContain(`Attempt 2 of 2: model ${SECOND}, resuming session`)
  expect(run.summary).toMatch(new RegExp(`\\| 2 \\| \`${SECOND}\` \\| ✓ success \\|`))
  expect(findLeaks(run, foundry.secrets())).toEqual([])
}, 240_000)

test("with an API key and no model input: Claude Code's default model first, then the fallback", async () => {
  const model = await startModel({ text: 'Finished after the overload.' })
  world = model
  // 2.1.331's default model; any model but the fallback is overloaded.
  model.respondWith(r => (r.model !== SECOND && r.main ? { status: 529 } : undefined))
  const apiKey = 'sk-ant-api03-failover-test-key-0123456789'
  const run = await runAction({
    inputs: { 'anthropic-api-key': apiKey, prompt: 'hi', 'fallback-models': SECOND },
    env: { ANTHROPIC_BASE_URL: model.url }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Finished after the overload.', model: SECOND })
  const mains = model.requests.filter(r => r.main)
  expect(mains[0].model).toBe('claude-opus-5-5')
  expect(mains[mains.length - 1].model).toBe(SECOND)
  expect(new Set(mains.map(r => r.headers['x-api-key']))).toEqual(new Set([apiKey]))
  const log = visibleLog(run)
  expect(log).toContain("Attempt 1 of 2: model (Claude Code's default)\n")
  // The warning and the summary name the model the CLI reported.
  expect(log).toMatch(new RegExp(`::warning::Model claude-opus-5-5 is throttled or overloaded .*; continuing with ${SECOND}`))
  expect(run.summary).toMatch(/\| 1 \| `claude-opus-5-5` \| ✗ error_api \|/)
  expect(findLeaks(run, [apiKey])).toEqual([])
}, 240_000)
