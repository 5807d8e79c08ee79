// Audit trail with the real CLI: when the job turns on Claude Code's OpenTelemetry, metrics and logs reach
// the job's collector (nothing the action sets blocks them) with the run's resource attributes, merged
// with the job's own OTEL_RESOURCE_ATTRIBUTES, which win.
import { startModel, startOtlp } from '../stand-ins/index.js'
import { runAction } from '../support/runner.js'

const closers: { close(): Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(closers.splice(0).map(c => c.close()))
})

async function runWithTelemetry(env: Record<string, string> = {}) {
  const model = await startModel({ text: 'Audited.' })
  const otlp = await startOtlp()
  closers.push(model, otlp)
  const run = await runAction({
    inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-otel-0000000000', model: 'claude-sonnet-4-5' },
    env: {
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      ...env
    }
  })
  return { run, otlp }
}

test("metrics and logs arrive at the job's collector carrying the run's resource attributes", async () => {
  const { run, otlp } = await runWithTelemetry()

  expect(run.exitCode).toBe(0)
  for (const signal of ['metrics', 'logs'] as const) {
    const resources = otlp.exportsOf(signal).flatMap(e => e.resources)
    expect(resources.length).toBeGreaterThan(0)
    for (const attributes of resources) {
      // runner.js's run: GITHUB_RUN_ID 4242, a workflow name with a space (percent-encoded on the way).
      expect(attributes).toMatchObject({
        'github.run_id': '4242',
        'github.run_attempt': '1',
        'github.repository': 'octo-org/octo-repo',
        'github.workflow': 'Claude review',
        'github.event_name': 'push'
      })
      expect(attributes['github.pull_request.number']).toBeUndefined()
    }
  }
})

test("a job-level attribute with the same key wins; the job's others stay; a PR event adds its number", async () => {
  const { run, otlp } = await runWithTelemetry({
    OTEL_RESOURCE_ATTRIBUTES: 'github.run_id=from-the-job,team=platform%2Cai',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF: 'refs/pull/17/merge'
  })

  expect(run.exitCode).toBe(0)
  const resources = [...otlp.exportsOf('metrics'), ...otlp.exportsOf('logs')].flatMap(e => e.resources)
  expect(resources.length).toBeGreaterThan(0)
  for (const attributes of resources) {
    expect(attributes).toMatchObject({
      'github.run_id': 'from-the-job',
      team: 'platform,ai',
      'github.repository': 'octo-org/octo-repo',
      'github.event_name': 'pull_request',
      'github.pull_request.number': '17'
    })
  }
})
