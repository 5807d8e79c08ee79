// The gateway's calls as OpenTelemetry log events, for the collector the job set up for Claude Code's own
// telemetry: one `gateway_request` event per model call, with the region, model, status, latency and
// tokens the CLI cannot know (it sees only the loopback gateway). OTLP's JSON and protobuf encodings are
// written here: three messages' worth of fields does not justify an OpenTelemetry SDK in the bundle.
import type { MeterRecord } from './meter.js'

export type OtlpProtocol = 'http/json' | 'http/protobuf' | 'grpc'

export interface OtlpLogsTarget {
  protocol: OtlpProtocol
  /** The logs endpoint: for HTTP the full URL (…/v1/logs), for gRPC the collector's origin. */
  url: URL
  headers: Record<string, string>
  timeoutMs: number
}

/** An attribute value as OTLP carries it: text, a whole number (int64), or a flag. */
type AttributeValue = string | number | boolean
export type Attributes = [string, AttributeValue][]

export interface OtlpLogRecord {
  timeUnixNano: bigint
  eventName: string
  body: string
  attributes: Attributes
}

export const EVENT_NAME = 'gateway_request'
export const SCOPE_NAME = 'claude-cloud-action.gateway'
const SEVERITY_INFO = 9
export const GRPC_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export'

/**
 * Where the job's Claude Code telemetry sends its log events, read as the CLI reads it, or undefined
 * when the job exports none over OTLP. `skipped` names a setting this exporter cannot follow.
 */
export function otlpLogsTarget(env: NodeJS.ProcessEnv): OtlpLogsTarget | { skipped: string } | undefined {
  if (!/^(1|true)$/i.test(env.CLAUDE_CODE_ENABLE_TELEMETRY ?? '')) return undefined
  const exporters = (env.OTEL_LOGS_EXPORTER ?? '').split(',').map(name => name.trim())
  if (!exporters.includes('otlp')) return undefined
  const protocol = (env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim()
  if (protocol !== 'http/json' && protocol !== 'http/protobuf' && protocol !== 'grpc')
    return { skipped: `OTLP protocol '${protocol}' is not one of grpc, http/json, http/protobuf` }
  const own = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT
  const shared = env.OTEL_EXPORTER_OTLP_ENDPOINT
  const origin = protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318'
  let url: URL
  try {
    // The signal's own endpoint is used as it is; the shared one gets the signal's path (HTTP only).
    if (own) url = new URL(own)
    else if (protocol === 'grpc') url = new URL(shared || origin)
    else url = new URL(`${(shared || origin).replace(/\/+$/, '')}/v1/logs`)
  } catch {
    return { skipped: `the OTLP logs endpoint '${own || shared}' is not a URL` }
  }
  const timeout = Number(env.OTEL_EXPORTER_OTLP_LOGS_TIMEOUT || env.OTEL_EXPORTER_OTLP_TIMEOUT)
  return {
    protocol,
    url,
    headers: parseHeaders(env.OTEL_EXPORTER_OTLP_LOGS_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS ?? ''),
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 10_000
  }
}

/** `key=value,key2=value2`, values percent-decoded, as the OTLP exporter specification reads it. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=')
    if (at <= 0) continue
    const name = pair.slice(0, at).trim().toLowerCase()
    try {
      headers[name] = decodeURIComponent(pair.slice(at + 1).trim())
    } catch {
      headers[name] = pair.slice(at + 1).trim()
    }
  }
  return headers
}

/** One event per call, stamped with when the call arrived. */
export function gatewayLogRecords(records: readonly MeterRecord[]): OtlpLogRecord[] {
  return records.map(record => {
    const attributes: Attributes = [
      ['event.name', EVENT_NAME],
      ['event.timestamp', new Date(record.startedAt).toISOString()],
      ['gateway.upstream', record.upstream],
      ['http.path', record.path],
      ['status_code', record.status],
      ['duration_ms', record.latencyMs],
      ['input_tokens', record.inputTokens],
      ['output_tokens', record.outputTokens],
      ['cache_read_tokens', record.cacheReadTokens],
      ['cache_creation_tokens', record.cacheCreationTokens]
    ]
    if (record.region !== null) attributes.push(['region', record.region])
    if (record.model !== null) attributes.push(['model', record.model])
    if (record.sessionId !== null) attributes.push(['session.id', record.sessionId])
    if (record.headersMs !== null) attributes.push(['time_to_headers_ms', record.headersMs])
    if (record.retriedFrom?.length) attributes.push(['retried_from', record.retriedFrom.join(',')])
    if (record.retryReasons?.length) attributes.push(['retry_reasons', record.retryReasons.join(',')])
    if (record.clientAborted) attributes.push(['client_aborted', true])
    if (record.upstreamBroke) attributes.push(['upstream_broke', true])
    return { timeUnixNano: BigInt(record.startedAt) * 1_000_000n, eventName: EVENT_NAME, body: `claude_cloud_action.${EVENT_NAME}`, attributes }
  })
}

/** The ExportLogsServiceRequest as OTLP/JSON (int64 as strings, camelCase names). */
export function logsAsJson(resource: Attributes, records: readonly OtlpLogRecord[], scopeVersion: string): string {
  const value = (v: AttributeValue) =>
    typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(Math.trunc(v)) }
  const attributes = (list: Attributes) => list.map(([key, v]) => ({ key, value: value(v) }))
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: attributes(resource) },
        scopeLogs: [
          {
            scope: { name: SCOPE_NAME, version: scopeVersion },
            logRecords: records.map(r => ({
              timeUnixNano: String(r.timeUnixNano),
              observedTimeUnixNano: String(r.timeUnixNano),
              severityNumber: SEVERITY_INFO,
              severityText: 'INFO',
              eventName: r.eventName,
              body: { stringValue: r.body },
              attributes: attributes(r.attributes)
            }))
          }
        ]
      }
    ]
  })
}

/** The same request in protobuf (opentelemetry/proto/collector/logs/v1), field numbers as in the .proto files. */
export function logsAsProtobuf(resource: Attributes, records: readonly OtlpLogRecord[], scopeVersion: string): Buffer {
  const anyValue = (v: AttributeValue) =>
    typeof v === 'string' ? text(1, v) : typeof v === 'boolean' ? varint(2, v ? 1n : 0n) : varint(3, BigInt.asUintN(64, BigInt(Math.trunc(v))))
  const keyValue = ([key, v]: [string, AttributeValue]) => message(text(1, key), nested(2, anyValue(v)))
  const logRecord = (r: OtlpLogRecord) =>
    message(
      fixed64(1, r.timeUnixNano),
      varint(2, BigInt(SEVERITY_INFO)),
      text(3, 'INFO'),
      nested(5, text(1, r.body)),
      ...r.attributes.map(a => nested(6, keyValue(a))),
      fixed64(11, r.timeUnixNano),
      text(12, r.eventName)
    )
  const scopeLogs = message(nested(1, message(text(1, SCOPE_NAME), text(2, scopeVersion))), ...records.map(r => nested(2, logRecord(r))))
  const resourceLogs = message(nested(1, message(...resource.map(a => nested(1, keyValue(a))))), nested(2, scopeLogs))
  return message(nested(1, resourceLogs))
}

/** gRPC's framing of one message: uncompressed flag, 4-byte length, the message. */
export function grpcFrame(payload: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head.writeUInt32BE(payload.length, 1)
  return Buffer.concat([head, payload])
}

// Protobuf wire format: a key (field number << 3 | wire type), then a varint, 8 bytes, or length + bytes.
function varintBytes(value: bigint): Buffer {
  const bytes: number[] = []
  let rest = value
  do {
    const low = Number(rest & 0x7fn)
    rest >>= 7n
    bytes.push(rest > 0n ? low | 0x80 : low)
  } while (rest > 0n)
  return Buffer.from(bytes)
}
const key = (field: number, wireType: number) => varintBytes(BigInt((field << 3) | wireType))
const varint = (field: number, value: bigint) => Buffer.concat([key(field, 0), varintBytes(value)])
function fixed64(field: number, value: bigint): Buffer {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64LE(value)
  return Buffer.concat([key(field, 1), bytes])
}
const nested = (field: number, body: Buffer) => Buffer.concat([key(field, 2), varintBytes(BigInt(body.length)), body])
const text = (field: number, value: string) => nested(field, Buffer.from(value, 'utf8'))
const message = (...fields: Buffer[]) => Buffer.concat(fields)
