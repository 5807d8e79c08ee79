// The model gateway's rows of `npm run bench` (`--only gateway`), each measured through the bundled action
// (dist/index.js) with a stub `claude` that makes the requests itself, beside its yardstick in the same run:
//   latency    p50 of 200 requests through the gateway against 200 straight to the same loopback upstream,
//              interleaved, one small JSON answer each (the Claude API upstream: the key put in place);
//   429        Bedrock with us-east-1 answering 429 and us-west-2 behind it: p50 from a request's start to
//              us-west-2's answer, through the gateway (signed twice), against a request straight to us-west-2;
//   memory     the action's peak RSS while a 100 MB answer streams through its gateway to the stub.
import http from 'node:http'
import { writeFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { startOidc, startSts } from '../__tests__/stand-ins/index.js'
import { runAction } from '../__tests__/support/runner.js'
import { writeStub } from '../__tests__/support/stub-claude.js'

export const GATEWAY_TARGETS = { addedLatencyMs: 2, peakRssMiB: 80, failoverBeyondSecondMs: 1000 }
const LATENCY_REQUESTS = 200
const FAILOVER_REQUESTS = 50
const WARMUP_REQUESTS = 20
const BIG_BYTES = 100 * 1024 * 1024
const BIG_MODEL = 'bench-100mb'

/**
 * @typedef {{ section: string, name: string, value: string, yardstick: string, target: string, ok: boolean | undefined }} Row
 * @param {Row[]} rows @param {{ work: string, peakRssProbe: string }} options
 */
export async function gatewayBench(rows, { work, peakRssProbe }) {
  const upstream = await startBenchUpstream()
  try {
    await latency(rows, work, upstream.url)
    await failover(rows, work, upstream.url)
    await memory(rows, work, upstream.url, peakRssProbe)
  } finally {
    await upstream.close()
  }
}

/** @param {Row[]} rows @param {string} work @param {string} upstream */
async function latency(rows, work, upstream) {
  const report = await stubRun(work, 'latency', { 'anthropic-api-key': 'sk-ant-bench-0000000000' }, { ANTHROPIC_BASE_URL: upstream })
  const direct = median(report.direct)
  const gateway = median(report.gateway)
  rows.push({
    section: 'gateway',
    name: `added latency per request, p50 of ${LATENCY_REQUESTS}`,
    value: ms(gateway - direct),
    yardstick: `${ms(gateway)} through the gateway, ${ms(direct)} direct`,
    target: `≤ ${GATEWAY_TARGETS.addedLatencyMs} ms`,
    ok: gateway - direct <= GATEWAY_TARGETS.addedLatencyMs
  })
}

/** @param {Row[]} rows @param {string} work @param {string} upstream */
async function failover(rows, work, upstream) {
  const oidc = await startOidc()
  const sts = await startSts({ validToken: jwt => oidc.issued.includes(jwt) })
  try {
    const inputs = {
      provider: 'bedrock',
      region: 'us-east-1',
      'fallback-regions': 'us-west-2',
      'role-to-assume': 'arn:aws:iam::123456789012:role/claude-code-ci',
      'sts-endpoint': sts.url
    }
    const env = { ANTHROPIC_BEDROCK_BASE_URL: upstream, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken }
    const report = await stubRun(work, 'failover', inputs, env)
    const second = median(report.direct)
    const through = median(report.gateway)
    if (report.regions.some(region => region !== 'us-west-2')) throw new Error(`the failover requests were answered from ${report.regions}`)
    rows.push({
      section: 'gateway',
      name: `429 in us-east-1 → answer from us-west-2, p50 of ${FAILOVER_REQUESTS}`,
      value: `${ms(through - second)} beyond the second request`,
      yardstick: `${ms(through)} in all, ${ms(second)} for a request to us-west-2 alone`,
      target: `≤ ${GATEWAY_TARGETS.failoverBeyondSecondMs} ms beyond`,
      ok: through - second <= GATEWAY_TARGETS.failoverBeyondSecondMs
    })
  } finally {
    await Promise.all([oidc.close(), sts.close()])
  }
}

/** @param {Row[]} rows @param {string} work @param {string} upstream @param {string} probe */
async function memory(rows, work, upstream, probe) {
  const nodeArgs = ['--import', `data:text/javascript,${encodeURIComponent(probe)}`]
  const { report, step } = await stubRunWithStep(work, 'memory', { 'anthropic-api-key': 'sk-ant-bench-0000000000' }, { ANTHROPIC_BASE_URL: upstream }, nodeArgs)
  if (report.bytes < BIG_BYTES) throw new Error(`the stub read ${report.bytes} bytes through the gateway, not ${BIG_BYTES}`)
  const peak = Number(/bench-max-rss-kib=(\d+)/.exec(step.stderr)?.[1]) / 1024
  rows.push({
    section: 'gateway',
    name: 'peak RSS, 100 MB answer through the gateway',
    value: `${peak.toFixed(1)} MiB`,
    yardstick: `${(report.bytes / 2 ** 20).toFixed(0)} MiB in ${(report.ms / 1000).toFixed(1)} s`,
    target: `≤ ${GATEWAY_TARGETS.peakRssMiB} MiB`,
    ok: peak <= GATEWAY_TARGETS.peakRssMiB
  })
}

/**
 * One action run whose `claude` is the stub in `mode`; returns what the stub reported.
 * @param {string} work @param {string} mode @param {Record<string, string>} inputs @param {Record<string, string>} env
 */
async function stubRun(work, mode, inputs, env) {
  return (await stubRunWithStep(work, mode, inputs, env)).report
}

/** @param {string} work @param {string} mode @param {Record<string, string>} inputs @param {Record<string, string>} env @param {string[]} [nodeArgs] */
async function stubRunWithStep(work, mode, inputs, env, nodeArgs) {
  const script = path.join(work, 'gateway-stub.mjs')
  writeFileSync(script, STUB)
  const report = path.join(work, `gateway-${mode}.json`)
  const stub = writeStub(`exec node '${script}'`, work)
  const direct = env.ANTHROPIC_BASE_URL ?? env.ANTHROPIC_BEDROCK_BASE_URL
  const step = await runAction({
    inputs: { prompt: 'Benchmark.', ...inputs, 'claude-path': stub },
    env: { ...env, BENCH_MODE: mode, BENCH_REPORT: report, BENCH_DIRECT: direct },
    nodeArgs
  })
  if (step.exitCode !== 0 || step.outputs.result !== 'done') {
    throw new Error(`The ${mode} run failed (exit ${step.exitCode}):\n${step.stdout.slice(-3000)}\n${step.stderr.slice(-2000)}`)
  }
  return { report: JSON.parse(readFileSync(report, 'utf8')), step }
}

/** The stub `claude`: requests through the gateway (its base URL and secret header) and straight to the upstream. */
const STUB = `
import { writeFileSync } from 'node:fs'
import http from 'node:http'
const mode = process.env.BENCH_MODE
const bedrock = Boolean(process.env.ANTHROPIC_BEDROCK_BASE_URL)
const gatewayBase = process.env.ANTHROPIC_BEDROCK_BASE_URL || process.env.ANTHROPIC_BASE_URL
const [name, ...value] = process.env.ANTHROPIC_CUSTOM_HEADERS.split('\\n').pop().split(':')
const secret = { [name]: value.join(':').trim() }
const agent = new http.Agent({ keepAlive: true })
const path = bedrock ? '/model/us.anthropic.claude-bench-v1:0/invoke' : '/v1/messages'
const body = (model = 'claude-bench') => JSON.stringify(bedrock ? { anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] } : { model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }], stream: model === '${BIG_MODEL}' })
function request(base, headers, model) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request(base + path, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': 'placeholder', ...headers } }, res => {
      let bytes = 0
      res.on('data', chunk => (bytes += chunk.length))
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode, bytes, region: res.headers['x-bench-region'] }))
    })
    req.on('error', reject)
    req.end(body(model))
  })
}
const report = { direct: [], gateway: [], regions: [] }
if (mode === 'memory') {
  const got = await request(gatewayBase, secret, '${BIG_MODEL}')
  Object.assign(report, { bytes: got.bytes, ms: got.ms, status: got.status })
} else {
  const count = mode === 'latency' ? ${LATENCY_REQUESTS} : ${FAILOVER_REQUESTS}
  for (let i = 0; i < ${WARMUP_REQUESTS} + count; i++) {
    const direct = await request(process.env.BENCH_DIRECT, {})
    const through = await request(gatewayBase, secret)
    if (direct.status !== 200 || through.status !== 200) throw new Error('status ' + direct.status + ' / ' + through.status)
    if (i < ${WARMUP_REQUESTS}) continue
    report.direct.push(direct.ms)
    report.gateway.push(through.ms)
    report.regions.push(through.region)
  }
}
writeFileSync(process.env.BENCH_REPORT, JSON.stringify(report))
console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'done', num_turns: 1, session_id: 's', total_cost_usd: 0 }))
`

/**
 * The upstream: a small message per call; 429 for calls signed for us-east-1; 100 MB of SSE for the big model.
 * The region an answer came from is in `x-bench-region` (a call without a signature is us-west-2's).
 */
async function startBenchUpstream() {
  const message = JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: 'claude-bench',
    content: [{ type: 'text', text: 'ok' }],
    stop_reason: 'end_turn',
    usage: { input_tokens: 3, output_tokens: 1 }
  })
  const server = http.createServer((req, res) => {
    const chunks = /** @type {Buffer[]} */ ([])
    req.on('data', chunk => chunks.push(chunk))
    req.on('end', () => {
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-west-2'
      if (region === 'us-east-1') {
        return res.writeHead(429, { 'content-type': 'application/json', 'x-bench-region': region }).end('{"message":"Too many requests"}')
      }
      if (Buffer.concat(chunks).includes(BIG_MODEL)) return void streamBig(res)
      res.writeHead(200, { 'content-type': 'application/json', 'x-bench-region': region }).end(message)
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
  }
}

/** @param {http.ServerResponse} res */
async function streamBig(res) {
  const event = (/** @type {string} */ type, /** @type {object} */ data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
  const delta = event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'x'.repeat(64 * 1024) } })
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  res.write(
    event('message_start', { message: { id: 'msg_big', type: 'message', role: 'assistant', content: [], usage: { input_tokens: 5, output_tokens: 0 } } })
  )
  for (let sent = 0; sent < BIG_BYTES; sent += delta.length) {
    if (!res.write(delta)) await new Promise(resolve => res.once('drain', resolve))
  }
  res.end(event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1600 } }) + event('message_stop', {}))
}

function median(/** @type {number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function ms(/** @type {number} */ value) {
  return `${value.toFixed(value < 100 ? 2 : 0)} ms`
}
