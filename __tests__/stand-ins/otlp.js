// @ts-check
// OpenTelemetry collector stand-in: OTLP/HTTP with JSON bodies (OTEL_EXPORTER_OTLP_PROTOCOL=http/json).
//   POST /v1/metrics, /v1/logs, /v1/traces → 200 {}
// Records each export with its signal and the resource attributes of every resource in it.
import { createServer } from 'node:http'
import { closeServer, listen, readBody } from './http-util.js'

const SIGNALS = /** @type {const} */ ({ '/v1/metrics': 'metrics', '/v1/logs': 'logs', '/v1/traces': 'traces' })
const RESOURCE_LISTS = /** @type {const} */ ({ metrics: 'resourceMetrics', logs: 'resourceLogs', traces: 'resourceSpans' })

/**
 * @typedef {'metrics' | 'logs' | 'traces'} Signal
 * @typedef {{ signal: Signal | null, path: string, contentType: string, body: any,
 *   resources: Record<string, string>[] }} OtlpExport  resources: each resource's attributes, as key → string value
 */

export async function startOtlp() {
  /** @type {OtlpExport[]} */
  const requests = []
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const text = await readBody(req)
    const signal = /** @type {Record<string, Signal>} */ (SIGNALS)[path] ?? null
    /** @type {any} */
    let body = null
    try {
      body = JSON.parse(text)
    } catch {
      body = null
    }
    const list = signal ? body?.[RESOURCE_LISTS[signal]] : undefined
    const resources = Array.isArray(list) ? list.map((/** @type {any} */ r) => attributesOf(r?.resource?.attributes)) : []
    requests.push({ signal, path, contentType: req.headers['content-type'] ?? '', body, resources })
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
    close: () => closeServer(server)
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
