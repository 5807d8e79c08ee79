// A wrong or expired API key, with the real CLI and its own retry settings (no CLAUDE_CODE_MAX_RETRIES):
// the CLI would retry the 401 ten times, for about three minutes. The action stops it at the first
// refusal, names the input and where its secret comes from, and says nothing about rate limits.
import { startModel } from '../stand-ins/index.js'
import { findLeaks, runAction, visibleLog } from '../support/runner.js'

const KEY = 'sk-ant-api03-refused-key-0123456789abcdef'

type Model = Awaited<ReturnType<typeof startModel>>
let model: Model

afterEach(async () => {
  await model?.close()
})

/** [provider, the key's input, the service the message names, inputs, env] */
const providers: [string, string, string, (url: string) => Record<string, string>, (url: string) => Record<string, string>][] = [
  ['anthropic', 'anthropic-api-key', 'the Claude API', () => ({ 'anthropic-api-key': KEY, model: 'claude-sonnet-4-5' }), url => ({ ANTHROPIC_BASE_URL: url })],
  [
    'foundry',
    'foundry-api-key',
    'Foundry',
    url => ({ provider: 'foundry', 'foundry-base-url': `${url}/anthropic`, 'foundry-api-key': KEY, model: 'claude-sonnet-4-5' }),
    () => ({})
  ],
  [
    'bedrock',
    'bedrock-api-key',
    'Bedrock',
    () => ({ provider: 'bedrock', region: 'us-east-1', 'bedrock-api-key': KEY, model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }),
    url => ({ ANTHROPIC_BEDROCK_BASE_URL: url })
  ]
]

test.each(providers)('%s: a refused key stops the run at the first 401 and names %s', async (_provider, input, service, inputs, env) => {
  model = await startModel()
  model.respondWith(() => ({ status: 401 }))
  const run = await runAction({ inputs: { prompt: 'Review this.', ...inputs(model.url) }, env: env(model.url) })

  expect(run.exitCode).toBe(1)
  const errors = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors).toEqual([
    `::error::API key refused by ${service} (HTTP 401): the key in ${input} is wrong, expired or revoked. Put a valid key in the secret the workflow passes to ${input} (\${{ secrets.… }}); Claude Code was stopped at the first refusal instead of retrying for minutes.`
  ])
  // The CLI sent its main call once, maybe twice, instead of eleven times.
  expect(model.requests.filter(r => r.stream).length).toBeLessThanOrEqual(2)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', subtype: 'error_api' })
  expect(Number(run.outputs['api-retries'])).toBeGreaterThanOrEqual(1)
  // A refused key is not a rate limit.
  expect(visibleLog(run)).not.toMatch(/rate limits|quota|fallback-models|fallback-regions/)
  expect(run.summary).toContain(`API key refused by ${service} (HTTP 401)`)
  expect(findLeaks(run, [KEY])).toEqual([])
})

test('a 403, which the CLI does not retry, keeps its text and gets the input to check', async () => {
  model = await startModel()
  model.respondWith(() => ({ status: 403 }))
  const run = await runAction({
    inputs: { prompt: 'Review this.', 'anthropic-api-key': KEY, model: 'claude-sonnet-4-5' },
    env: { ANTHROPIC_BASE_URL: model.url }
  })

  expect(run.exitCode).toBe(1)
  const error = visibleLog(run)
    .split('\n')
    .find(line => line.startsWith('::error::'))
  expect(error).toContain('API Error: 403 Your API key does not have permission to use the specified resource.')
  expect(error).toContain('%0AAPI key refused by the Claude API (HTTP 403): the key in anthropic-api-key may not use this model or resource.')
  expect(run.outputs.result).toContain('API Error: 403')
})

test('a key from the job env is named by its variable', async () => {
  model = await startModel()
  model.respondWith(() => ({ status: 401 }))
  const run = await runAction({
    inputs: { prompt: 'Review this.', model: 'claude-sonnet-4-5' },
    env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: KEY }
  })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain(
    '::error::API key refused by the Claude API (HTTP 401): the key in ANTHROPIC_API_KEY (from the job env) is wrong, expired or revoked. Put a valid key in ANTHROPIC_API_KEY in the job env;'
  )
  expect(model.requests.filter(r => r.stream).length).toBeLessThanOrEqual(2)
})
