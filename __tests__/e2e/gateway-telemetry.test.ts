// The model gateway's calls in the job's OpenTelemetry, with the real CLI: when the job turns on Claude
// Code's telemetry with OTLP logs, each call through the gateway arrives as a `gateway_request` event
// carrying what the CLI cannot know (the region that answered, the one it left, the status, latency
// and tokens), under the run's resource attributes, in the protocol the job chose.
import { startModel, startOtlp, startOtlpGrpc } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runAction, visibleLog } from '../support/runner.js'

const closers: { close(): Promise<void> }[] = []
let world: BedrockWorld | undefined

afterEach(async () => {
  await Promise.all(closers.splice(0).map(c => c.close()))
  await world?.close()
  world = undefined
})

const telemetry = (protocol: string, endpoint: string) => ({
  CLAUDE_CODE_ENABLE_TELEMETRY: '1',
  OTEL_LOGS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20collector-token-0123'
})

const executionEvents = (executionLog: string) =>
  executionLog
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))
const sessionOf = (executionLog: string) => executionEvents(executionLog).find(e => e.type === 'system' && e.subtype === 'init')?.session_id
const gatewayLines = (executionLog: string) => executionEvents(executionLog).filter(e => e.type === 'gateway')

test('Bedrock with us-east-1 throttled, http/protobuf: the moved call is an event naming both regions, under the run’s attributes', async () => {
  world = await startBedrockWorld({ text: 'Done in the west.' })
  world.model.respondWith(r =>
    r.region === 'us-east-1' && r.path.endsWith('/invoke-with-response-stream')
      ? { status: 429, body: { message: 'Too many requests' }, headers: { 'x-amzn-errortype': 'ThrottlingException' } }
      : undefined
  )
  const otlp = await startOtlp()
  closers.push(otlp)
  const run = await runAction({
    inputs: { prompt: 'hi', ...world.inputs, 'fallback-regions': 'us-west-2' },
    env: { ...world.env, CLAUDE_CODE_MAX_RETRIES: undefined, ...telemetry('http/protobuf', otlp.url) }
  })
  expect(run.exitCode).toBe(0)

  const gatewayExports = otlp.exportsOf('logs').filter(e => e.body?.resourceLogs?.[0]?.scopeLogs?.[0]?.scope?.name === 'claude-cloud-action.gateway')
  expect(gatewayExports).toHaveLength(1)
  expect(gatewayExports[0].contentType).toBe('application/x-protobuf')
  // The job's exporter headers go with it, as they go with Claude Code's own exports.
  expect(gatewayExports[0].headers.authorization).toBe('Bearer collector-token-0123')

  const events = otlp.logEvents().filter(e => e.eventName === 'gateway_request')
  // One event per call the CLI made, as the execution file records them (a moved call is one call).
  expect(events.length).toBeGreaterThan(0)
  expect(events.length).toBe(gatewayLines(run.executionLog).length)
  for (const event of events) {
    expect(event.resource).toMatchObject({ 'service.name': 'claude-cloud-action', 'github.run_id': '4242', 'github.repository': 'octo-org/octo-repo' })
    expect(event.attributes).toMatchObject({ 'event.name': 'gateway_request', 'gateway.upstream': 'bedrock' })
  }
  const moved = events.filter(e => e.attributes.retried_from !== undefined)
  expect(moved).toEqual([
    expect.objectContaining({
      attributes: expect.objectContaining({
        region: 'us-west-2',
        retried_from: 'us-east-1',
        retry_reasons: '429',
        status_code: 200,
        input_tokens: 12,
        'session.id': sessionOf(run.executionLog),
        duration_ms: expect.any(Number)
      })
    })
  ])
  // The model as the call named it in its path.
  const answered = world.model.requests.find(r => r.region === 'us-west-2' && r.path.endsWith('/invoke-with-response-stream'))
  expect(moved[0].attributes.model).toBe(decodeURIComponent(String(answered?.path.split('/')[2])))
  expect(Number(moved[0].timeUnixNano)).toBeGreaterThan(0)
  expect(visibleLog(run)).toMatch(new RegExp(`OpenTelemetry: ${events.length} model gateway calls? sent to ${otlp.url}/v1/logs as gateway_request events`))
})

test('gRPC: the Claude API key run’s calls reach the collector over HTTP/2; a collector that refuses them is one warning and the run stays green', async () => {
  const model = await startModel({ text: 'Metered.' })
  const collector = await startOtlpGrpc()
  closers.push(model, collector)
  const inputs = { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-telemetry-0000000000', model: 'claude-sonnet-4-5' }
  const run = await runAction({ inputs, env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', ...telemetry('grpc', collector.url) } })
  expect(run.exitCode).toBe(0)
  const events = collector.logEvents().filter(e => e.eventName === 'gateway_request')
  expect(events.length).toBeGreaterThan(0)
  expect(events.length).toBe(gatewayLines(run.executionLog).length)
  expect(events.map(e => e.attributes)).toContainEqual(
    expect.objectContaining({ 'gateway.upstream': 'anthropic', model: 'claude-sonnet-4-5', status_code: 200, 'http.path': '/v1/messages' })
  )
  // The collector never sees the key the gateway added upstream.
  expect(JSON.stringify(collector.requests.map(r => r.body))).not.toContain('sk-ant-telemetry')

  const refusing = await startOtlpGrpc({ grpcStatus: 14 })
  closers.push(refusing)
  const refused = await runAction({ inputs, env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', ...telemetry('grpc', refusing.url) } })
  expect(refused.exitCode).toBe(0)
  expect(refused.outputs.conclusion).toBe('success')
  expect(visibleLog(refused)).toContain(
    `::warning::The model gateway's calls were not sent to the OpenTelemetry collector at ${refusing.url}: grpc-status 14 refused by the stand-in. They are in the execution file.`
  )
})
