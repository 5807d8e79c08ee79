// Quota monitoring with the real CLI: the model stand-in throttles the first call once, the CLI retries
// (an api_retry event in the stream) and succeeds; the action counts it in outputs and the summary.
import { startModel } from '../stand-ins/index.js'
import { runAction } from '../support/runner.js'

type Model = Awaited<ReturnType<typeof startModel>>
let model: Model

afterEach(async () => {
  await model?.close()
})

test('one 429, then 200: api-retries 1, throttled true, and a summary row', async () => {
  model = await startModel({ text: 'Done after one retry.' })
  let throttledOnce = false
  model.respondWith(request => {
    if (!request.main || throttledOnce) return undefined
    throttledOnce = true
    return { status: 429 }
  })
  const run = await runAction({
    inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-quota-0000000000', model: 'claude-sonnet-4-5' },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '2' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Done after one retry.', 'api-retries': '1', throttled: 'true' })
  const main = model.requests.filter(r => r.main)
  expect(main).toHaveLength(2)
  const retries = run.executionLog
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))
    .filter(e => e.type === 'system' && e.subtype === 'api_retry')
  expect(retries).toHaveLength(1)
  const waited = (retries[0].retry_delay_ms / 1000).toFixed(1)
  expect(run.summary).toContain('| API retries | Waiting | Throttled |')
  expect(run.summary).toContain(`| 1 (HTTP 429 × 1) | ${waited} s | yes |`)
})

test('a run without retries: api-retries 0, throttled false, no retry row', async () => {
  model = await startModel({ text: 'No retries.' })
  const run = await runAction({
    inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-quota-0000000000', model: 'claude-sonnet-4-5' },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ 'api-retries': '0', throttled: 'false' })
  expect(run.summary).not.toContain('API retries')
})
