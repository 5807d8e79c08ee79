// The gateway's OpenTelemetry events: which job settings send them where, and the two encodings. The
// protobuf is read back by the collector stand-in's own wire-format decoder (field numbers from the
// OTLP .proto files), and must say exactly what the JSON says.
import '../../support/use-github-platform.js'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import type { MeterRecord } from '../../../src/gateway/meter.js'
import { gatewayLogRecords, logsAsJson, logsAsProtobuf, otlpLogsTarget } from '../../../src/gateway/otlp-logs.js'
import { exportGatewayCalls } from '../../../src/pipeline/gateway-telemetry.js'
import { decodeLogsRequest, startOtlp } from '../../stand-ins/otlp.js'

const ON = { CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOGS_EXPORTER: 'otlp' }

const RECORD: MeterRecord = {
  upstream: 'bedrock',
  region: 'us-west-2',
  model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  startedAt: Date.UTC(2026, 11, 7, 12, 0, 0, 250),
  path: '/model/x/invoke-with-response-stream',
  status: 200,
  latencyMs: 840,
  headersMs: 95,
  inputTokens: 1200,
  outputTokens: 77,
  cacheReadTokens: 300,
  cacheCreationTokens: 40,
  sessionId: '0b9e-77',
  retriedFrom: ['us-east-1'],
  retryReasons: [429]
}

describe('otlpLogsTarget', () => {
  it('is off unless the job turned on Claude Code telemetry with an otlp logs exporter', () => {
    expect(otlpLogsTarget({})).toBeUndefined()
    expect(otlpLogsTarget({ OTEL_LOGS_EXPORTER: 'otlp' })).toBeUndefined()
    expect(otlpLogsTarget({ CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOGS_EXPORTER: 'console' })).toBeUndefined()
    expect(otlpLogsTarget({ CLAUDE_CODE_ENABLE_TELEMETRY: 'true', OTEL_LOGS_EXPORTER: 'console, otlp' })).toMatchObject({ protocol: 'http/protobuf' })
  })

  it("reads the endpoint as OTLP exporters do: the logs endpoint as given, the shared one with /v1/logs, gRPC's as the origin", () => {
    const url = (env: NodeJS.ProcessEnv) => {
      const target = otlpLogsTarget({ ...ON, ...env })
      return target && 'url' in target ? target.url.href : target
    }
    expect(url({})).toBe('http://localhost:4318/v1/logs')
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318/' })).toBe('https://otel.example.com:4318/v1/logs')
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://logs.example.com/ingest' })).toBe(
      'https://logs.example.com/ingest'
    )
    expect(url({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBe('http://localhost:4317/')
    expect(url({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4317' })).toBe('https://otel.example.com:4317/')
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toEqual({ skipped: "the OTLP logs endpoint 'not a url' is not a URL" })
    expect(url({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/thrift' })).toEqual({ skipped: "OTLP protocol 'http/thrift' is not one of grpc, http/json, http/protobuf" })
  })

  it('takes the logs settings over the shared ones, headers percent-decoded, and the timeout', () => {
    const target = otlpLogsTarget({
      ...ON,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-shared=1',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'Authorization=Bearer%20abc, x-team = ai%2Cml ,broken',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500'
    })
    expect(target).toMatchObject({ protocol: 'http/json', headers: { authorization: 'Bearer abc', 'x-team': 'ai,ml' }, timeoutMs: 2500 })
  })
})

describe('encodings', () => {
  const resource: [string, string][] = [
    ['service.name', 'claude-cloud-action'],
    ['github.run_id', '4242']
  ]

  it('one event per call, with what the CLI cannot see', () => {
    const [event] = gatewayLogRecords([RECORD])
    expect(event.timeUnixNano).toBe(BigInt(RECORD.startedAt) * 1_000_000n)
    expect(Object.fromEntries(event.attributes)).toEqual({
      'event.name': 'gateway_request',
      'event.timestamp': '2026-12-07T12:00:00.250Z',
      'gateway.upstream': 'bedrock',
      'http.path': RECORD.path,
      status_code: 200,
      duration_ms: 840,
      time_to_headers_ms: 95,
      input_tokens: 1200,
      output_tokens: 77,
      cache_read_tokens: 300,
      cache_creation_tokens: 40,
      region: 'us-west-2',
      model: RECORD.model,
      'session.id': '0b9e-77',
      retried_from: 'us-east-1',
      retry_reasons: '429'
    })
    const aborted = gatewayLogRecords([{ ...RECORD, region: null, model: null, sessionId: null, headersMs: null, clientAborted: true, status: 499 }])[0]
    expect(Object.fromEntries(aborted.attributes)).toMatchObject({ client_aborted: true, status_code: 499 })
    expect(aborted.attributes.map(([key]) => key)).not.toEqual(expect.arrayContaining(['region']))
  })

  it('protobuf decodes to exactly the JSON request', () => {
    const records = gatewayLogRecords([RECORD, { ...RECORD, status: 429, upstreamBroke: true, inputTokens: 0 }])
    const json = JSON.parse(logsAsJson(resource, records, '1.0.0'))
    expect(json.resourceLogs[0].scopeLogs[0].logRecords).toHaveLength(2)
    expect(decodeLogsRequest(logsAsProtobuf(resource, records, '1.0.0'))).toEqual(json)
  })
})

describe('exportGatewayCalls', () => {
  const closers: { close(): Promise<void> }[] = []
  afterEach(async () => {
    jest.restoreAllMocks()
    await Promise.all(closers.splice(0).map(c => c.close()))
  })
  const printed = () => {
    const lines: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (lines.push(String(chunk)), true))
    return lines
  }

  it('http/json to the collector, with the run’s resource attributes', async () => {
    const otlp = await startOtlp()
    closers.push(otlp)
    const lines = printed()
    await exportGatewayCalls([RECORD], {
      ...ON,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_RESOURCE_ATTRIBUTES: 'team=ai'
    })
    expect(otlp.exportsOf('logs').map(e => e.contentType)).toEqual(['application/json'])
    const [event] = otlp.logEvents()
    expect(event).toMatchObject({
      scope: 'claude-cloud-action.gateway',
      eventName: 'gateway_request',
      resource: { 'service.name': 'claude-cloud-action', team: 'ai' }
    })
    expect(event.attributes).toMatchObject({ region: 'us-west-2', input_tokens: 1200 })
    expect(lines.join('')).toContain(`OpenTelemetry: 1 model gateway call sent to ${otlp.url}/v1/logs as gateway_request events`)
  })

  it('a gRPC collector that cannot be reached is a warning, and leaves no timer to hold the step for the timeout', async () => {
    const lines = printed()
    const timers = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length
    const before = timers()
    await exportGatewayCalls([RECORD], { ...ON, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })
    expect(lines.join('')).toMatch(
      /::warning::The model gateway's calls were not sent to the OpenTelemetry collector at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/
    )
    expect(timers()).toBe(before)
  })

  it('a collector error is a warning; a protocol it cannot speak is a warning; no calls, no export', async () => {
    const lines = printed()
    await exportGatewayCalls([RECORD], { ...ON, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })
    expect(lines.join('')).toMatch(
      /::warning::The model gateway's calls were not sent to the OpenTelemetry collector at http:\/\/127\.0\.0\.1:9\/v1\/logs: .*ECONNREFUSED/
    )
    await exportGatewayCalls([RECORD], { ...ON, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/thrift' })
    expect(lines.join('')).toContain("::warning::The model gateway's calls were not sent to OpenTelemetry: OTLP protocol 'http/thrift' is not one of")
    const before = lines.length
    await exportGatewayCalls([], { ...ON, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/thrift' })
    expect(lines.length).toBe(before)
  })
})
