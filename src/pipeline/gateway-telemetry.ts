// The gateway's calls reach the job's OpenTelemetry collector beside Claude Code's own events, tied to
// the run by the same resource attributes. Sent once, after the CLI, bounded by the exporter's timeout;
// a collector that fails loses only these events (the execution file has them too), never the run.
import { createTransport } from '../gateway/transport.js'
import type { MeterRecord } from '../gateway/meter.js'
import { gatewayLogRecords, grpcFrame, GRPC_PATH, logsAsJson, logsAsProtobuf, otlpLogsTarget } from '../gateway/otlp-logs.js'
import type { Attributes, OtlpLogsTarget } from '../gateway/otlp-logs.js'
import { PACKAGE_VERSION } from '../generated/package-version.js'
import { mergeResourceAttributes } from '../claude/otel.js'
import { log, platform } from '../platform/platform.js'

/** Events per export request: a long run's calls go in a few requests, not one unbounded body. */
const RECORDS_PER_EXPORT = 1000

export async function exportGatewayCalls(records: readonly MeterRecord[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const target = otlpLogsTarget(env)
  if (!target || records.length === 0) return
  if ('skipped' in target) {
    log.warning(`The model gateway's calls were not sent to OpenTelemetry: ${target.skipped}. They are in the execution file.`)
    return
  }
  const resource = resourceAttributes(env)
  const where = `${target.url.origin}${target.protocol === 'grpc' ? '' : target.url.pathname}`
  const events = gatewayLogRecords(records)
  try {
    for (let at = 0; at < events.length; at += RECORDS_PER_EXPORT) {
      const page = events.slice(at, at + RECORDS_PER_EXPORT)
      if (target.protocol === 'grpc') await sendGrpc(target, logsAsProtobuf(resource, page, PACKAGE_VERSION))
      else if (target.protocol === 'http/json') await sendHttp(target, 'application/json', Buffer.from(logsAsJson(resource, page, PACKAGE_VERSION)))
      else await sendHttp(target, 'application/x-protobuf', logsAsProtobuf(resource, page, PACKAGE_VERSION))
    }
    log.info(`OpenTelemetry: ${events.length} model gateway call${events.length === 1 ? '' : 's'} sent to ${where} as gateway_request events`)
  } catch (error) {
    log.warning(
      `The model gateway's calls were not sent to the OpenTelemetry collector at ${where}: ${(error as Error).message}. They are in the execution file.`
    )
  }
}

/** The run's attributes and the job's OTEL_RESOURCE_ATTRIBUTES (which win), as Claude Code's own events carry them. */
function resourceAttributes(env: NodeJS.ProcessEnv): Attributes {
  const merged = mergeResourceAttributes({ 'service.name': 'claude-cloud-action', ...platform().runIdentity().attributes }, env.OTEL_RESOURCE_ATTRIBUTES) ?? ''
  const pairs: Attributes = []
  for (const pair of merged.split(',')) {
    const at = pair.indexOf('=')
    if (at > 0) pairs.push([decode(pair.slice(0, at).trim()), decode(pair.slice(at + 1).trim())])
  }
  return pairs
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** OTLP/HTTP through the gateway's transport, so the job's proxy and extra CA certificates apply. */
async function sendHttp(target: OtlpLogsTarget, contentType: string, body: Buffer): Promise<void> {
  const transport = createTransport()
  try {
    const answer = await transport.send(target.url, {
      method: 'POST',
      headers: { ...target.headers, 'content-type': contentType },
      body,
      signal: AbortSignal.timeout(target.timeoutMs)
    })
    let text = ''
    for await (const chunk of answer) if (text.length < 300) text += String(chunk)
    const status = answer.statusCode ?? 0
    if (status < 200 || status >= 300) throw new Error(`HTTP ${status}${text ? ` ${text.slice(0, 200).trim()}` : ''}`)
  } finally {
    transport.close()
  }
}

/** OTLP/gRPC: one unary Export call over HTTP/2 (TLS for https://), its grpc-status read from the trailers. */
async function sendGrpc(target: OtlpLogsTarget, payload: Buffer): Promise<void> {
  const http2 = await import('node:http2')
  const session = http2.connect(target.url.origin)
  let timer: NodeJS.Timeout | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      session.once('error', reject)
      timer = setTimeout(() => reject(new Error(`no answer in ${target.timeoutMs} ms`)), target.timeoutMs)
      const request = session.request({
        ...target.headers,
        ':method': 'POST',
        ':path': GRPC_PATH,
        'content-type': 'application/grpc',
        te: 'trailers'
      })
      let status: string | undefined
      let message = ''
      const read = (headers: Record<string, unknown>) => {
        if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status'])
        if (headers['grpc-message'] !== undefined) message = decode(String(headers['grpc-message']))
      }
      request.on('response', headers => {
        if (headers[':status'] !== 200) status ??= `HTTP ${headers[':status']}`
        read(headers)
      })
      request.on('trailers', read)
      request.on('error', reject)
      request.resume()
      request.on('end', () => {
        if (status === '0') resolve()
        else reject(new Error(status === undefined ? 'no grpc-status' : `grpc-status ${status}${message ? ` ${message}` : ''}`))
      })
      request.end(grpcFrame(payload))
    })
  } finally {
    // Also after a refused connection: a pending timer would hold the step's exit for the whole timeout.
    clearTimeout(timer)
    session.destroy()
  }
}
