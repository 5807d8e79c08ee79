// @ts-check
// OpenTelemetry collector stand-in: OTLP/HTTP with JSON bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/json),
// and for logs also protobuf bodies (http/protobuf) and OTLP/gRPC (startOtlpGrpc), decoded from the wire
// format by field number as a collector does, so a wrongly numbered field shows up as missing.
//   POST /v1/metrics, /v1/logs, /v1/traces → 200 {}
// Records each export with its signal and the resource attributes of every resource in it.
import { createServer } from 'node:http'
import http2 from 'node:http2'
import { closeServer, listen, readBytes } from './http-util.js'

const SIGNALS = /** @type {const} */ ({ '/v1/metrics': 'metrics', '/v1/logs': 'logs', '/v1/traces': 'traces' })
const RESOURCE_LISTS = /** @type {const} */ ({ metrics: 'resourceMetrics', logs: 'resourceLogs', traces: 'resourceSpans' })

/**
 * @typedef {'metrics' | 'logs' | 'traces'} Signal
 * @typedef {{ signal: Signal | null, path: string, contentType: string, body: any,
 *   resources: Record<string, string>[], headers: Record<string, unknown> }} OtlpExport  resources: each resource's attributes, as key → string value
 * @typedef {{ resource: Record<string, string>, scope: string, eventName: string, timeUnixNano: string,
 *   attributes: Record<string, string | number | boolean> }} LogEvent  one log record, int64 attributes as numbers
 */

export async function startOtlp() {
  /** @type {OtlpExport[]} */
  const requests = []
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const bytes = await readBytes(req)
    const signal = /** @type {Record<string, Signal>} */ (SIGNALS)[path] ?? null
    const contentType = req.headers['content-type'] ?? ''
    /** @type {any} */
    let body = null
    try {
      body = contentType.startsWith('application/x-protobuf') && signal === 'logs' ? decodeLogsRequest(bytes) : JSON.parse(bytes.toString('utf8'))
    } catch {
      body = null
    }
    const list = signal ? body?.[RESOURCE_LISTS[signal]] : undefined
    const resources = Array.isArray(list) ? list.map((/** @type {any} */ r) => attributesOf(r?.resource?.attributes)) : []
    requests.push({ signal, path, contentType, body, resources, headers: req.headers })
    if (req.method !== 'POST' || !signal) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return void res.end('{}')
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{}')
  })
  const url = await listen(server)
  return {
    /** OTEL_EXPORTER_OTLP_ENDPOINT */
    url,
    requests,
    /** @param {Signal} signal */
    exportsOf: signal => requests.filter(r => r.signal === signal),
    /** Every log record of every logs export, flattened. */
    logEvents: () => logEventsOf(requests.filter(r => r.signal === 'logs')),
    close: () => closeServer(server)
  }
}

/**
 * An OTLP/gRPC collector for logs over cleartext HTTP/2: the LogsService Export call, its length-prefixed
 * protobuf decoded. `url` goes in OTEL_EXPORTER_OTLP_ENDPOINT with OTEL_EXPORTER_OTLP_PROTOCOL=grpc.
 * `grpcStatus` other than 0 answers every call with that status (in the trailers, as servers do).
 * @param {{ grpcStatus?: number }} [options]
 */
export async function startOtlpGrpc({ grpcStatus = 0 } = {}) {
  /** @type {OtlpExport[]} */
  const requests = []
  const server = http2.createServer()
  server.on('stream', (stream, headers) => {
    /** @type {Buffer[]} */
    const chunks = []
    stream.on('data', chunk => chunks.push(Buffer.from(chunk)))
    stream.on('end', () => {
      const frame = Buffer.concat(chunks)
      const path = String(headers[':path'])
      const body = path === LOGS_EXPORT && frame.length >= 5 && frame[0] === 0 ? decodeLogsRequest(frame.subarray(5, 5 + frame.readUInt32BE(1))) : null
      const resources = Array.isArray(body?.resourceLogs) ? body.resourceLogs.map((/** @type {any} */ r) => attributesOf(r?.resource?.attributes)) : []
      requests.push({ signal: body ? 'logs' : null, path, contentType: String(headers['content-type'] ?? ''), body, resources, headers })
      const status = path === LOGS_EXPORT ? grpcStatus : 12 // UNIMPLEMENTED
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true })
      stream.on('wantTrailers', () =>
        stream.sendTrailers({ 'grpc-status': String(status), ...(status ? { 'grpc-message': 'refused%20by%20the%20stand-in' } : {}) })
      )
      // An empty ExportLogsServiceResponse.
      stream.end(Buffer.alloc(5))
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    logEvents: () => logEventsOf(requests.filter(r => r.signal === 'logs')),
    close: () => new Promise(resolve => server.close(() => resolve(undefined)))
  }
}

const LOGS_EXPORT = '/opentelemetry.proto.collector.logs.v1.LogsService/Export'

/** @param {OtlpExport[]} exports @returns {LogEvent[]} */
function logEventsOf(exports) {
  /** @type {LogEvent[]} */
  const events = []
  for (const { body } of exports) {
    for (const resourceLogs of body?.resourceLogs ?? []) {
      const resource = attributesOf(resourceLogs?.resource?.attributes)
      for (const scopeLogs of resourceLogs?.scopeLogs ?? []) {
        for (const record of scopeLogs?.logRecords ?? []) {
          /** @type {Record<string, string | number | boolean>} */
          const attributes = {}
          for (const a of record.attributes ?? []) {
            const v = a.value ?? {}
            attributes[a.key] = 'intValue' in v ? Number(v.intValue) : 'boolValue' in v ? Boolean(v.boolValue) : String(v.stringValue)
          }
          events.push({ resource, scope: scopeLogs?.scope?.name, eventName: record.eventName, timeUnixNano: String(record.timeUnixNano), attributes })
        }
      }
    }
  }
  return events
}

// Protobuf wire format, read generically: each field number → its values (varints and fixed64 as bigint,
// length-delimited as bytes), then mapped to OTLP's JSON names for the fields of the logs request.
/** @param {Buffer} bytes @returns {Map<number, any[]>} */
function fields(bytes) {
  /** @type {Map<number, any[]>} */
  const out = new Map()
  let at = 0
  const varint = () => {
    let value = 0n
    let shift = 0n
    for (;;) {
      const byte = bytes[at++]
      if (byte === undefined) throw new Error('truncated varint')
      value |= BigInt(byte & 0x7f) << shift
      if ((byte & 0x80) === 0) return value
      shift += 7n
    }
  }
  while (at < bytes.length) {
    const key = Number(varint())
    const [field, type] = [key >> 3, key & 7]
    /** @type {bigint | Buffer} */
    let value
    if (type === 0) value = varint()
    else if (type === 1) value = ((at += 8), bytes.readBigUInt64LE(at - 8))
    else if (type === 2) {
      const length = Number(varint())
      value = bytes.subarray(at, (at += length))
    } else if (type === 5) value = BigInt(((at += 4), bytes.readUInt32LE(at - 4)))
    else throw new Error(`wire type ${type}`)
    out.set(field, [...(out.get(field) ?? []), value])
  }
  return out
}
/** @param {Map<number, any[]>} f @param {number} n */
const one = (f, n) => f.get(n)?.[0]
/** @param {Buffer | undefined} b */
const str = b => (b === undefined ? undefined : b.toString('utf8'))
/** @param {Buffer} bytes */
function anyValue(bytes) {
  const f = fields(bytes)
  if (f.has(1)) return { stringValue: str(one(f, 1)) }
  if (f.has(2)) return { boolValue: one(f, 2) !== 0n }
  if (f.has(3)) return { intValue: String(BigInt.asIntN(64, one(f, 3))) }
  return {}
}
/** @param {Buffer} bytes */
function keyValue(bytes) {
  const f = fields(bytes)
  return { key: str(one(f, 1)), value: f.has(2) ? anyValue(one(f, 2)) : {} }
}
/** @param {Buffer} bytes */
export function decodeLogsRequest(bytes) {
  return {
    resourceLogs: (fields(bytes).get(1) ?? []).map(resourceLogs => {
      const rl = fields(resourceLogs)
      const resource = rl.has(1) ? fields(one(rl, 1)) : new Map()
      return {
        resource: { attributes: (resource.get(1) ?? []).map(keyValue) },
        scopeLogs: (rl.get(2) ?? []).map(scopeLogs => {
          const sl = fields(scopeLogs)
          const scope = sl.has(1) ? fields(one(sl, 1)) : new Map()
          return {
            scope: { name: str(one(scope, 1)), version: str(one(scope, 2)) },
            logRecords: (sl.get(2) ?? []).map(record => {
              const r = fields(record)
              return {
                timeUnixNano: String(one(r, 1) ?? ''),
                severityNumber: Number(one(r, 2) ?? 0),
                severityText: str(one(r, 3)),
                body: r.has(5) ? anyValue(one(r, 5)) : undefined,
                attributes: (r.get(6) ?? []).map(keyValue),
                observedTimeUnixNano: String(one(r, 11) ?? ''),
                eventName: str(one(r, 12))
              }
            })
          }
        })
      }
    })
  }
}

/**
 * OTLP JSON attributes (`[{key, value: {stringValue}}]`) as a plain object; non-strings as JSON.
 * @param {unknown} attributes
 * @returns {Record<string, string>}
 */
function attributesOf(attributes) {
  /** @type {Record<string, string>} */
  const out = {}
  if (!Array.isArray(attributes)) return out
  for (const a of attributes) {
    const value = a?.value ?? {}
    out[String(a?.key)] = typeof value.stringValue === 'string' ? value.stringValue : JSON.stringify(value)
  }
  return out
}
