// Answers stream through as they come: 100 MB passes with bounded memory while a slow reader holds the
// pace, a CLI that goes away ends the upstream call, and upstream calls honour HTTP(S)_PROXY and NO_PROXY.
import http from 'node:http'
import https from 'node:https'
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from '@jest/globals'
import { startGateway } from '../../../src/gateway/gateway.js'
import type { Gateway } from '../../../src/gateway/gateway.js'
import { anthropicUpstream } from '../../../src/gateway/upstreams/anthropic.js'
import { bedrockUpstream } from '../../../src/gateway/upstreams/bedrock.js'
import { startModel } from '../../stand-ins/model.js'
import { startProxy } from '../../stand-ins/proxy.js'
import { loopbackTls } from '../../stand-ins/tls.js'
import { AWS_KEYS, awsSecretFor, call, closeServer, listen, messagesBody, started, startUpstream } from './support.js'

const MiB = 1024 * 1024

/** An SSE answer of about `total` bytes: message_start, 64 KiB text deltas, message_delta, written as fast as the gateway takes them. */
async function startLargeUpstream(total: number) {
  const first = { type: 'message_start', message: { usage: { input_tokens: 5, output_tokens: 1 } } }
  const start = `event: message_start\ndata: ${JSON.stringify(first)}\n\n`
  const end = `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', usage: { output_tokens: 4242 } })}\n\n`
  const prefix = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'
  const delta = Buffer.from(`${prefix}${'x'.repeat(64 * 1024 - prefix.length - 5)}"}}\n\n`)
  const deltas = Math.floor((total - start.length - end.length) / delta.length)
  const size = start.length + deltas * delta.length + end.length
  let handedOver = 0
  const server = http.createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': size })
    res.write(start)
    handedOver += start.length
    let sent = 0
    const write = () => {
      while (sent < deltas) {
        sent++
        handedOver += delta.length
        if (!res.write(delta)) return void res.once('drain', write)
      }
      handedOver += end.length
      res.end(end)
    }
    write()
  })
  /** Bytes handed to the socket so far: how far ahead of the reader the upstream got. */
  const written = () => handedOver
  return { url: await listen(server), size, written, close: () => closeServer(server) }
}

/** Full collections on demand (jest runs without --expose-gc), so RSS shows what is held, not garbage. */
v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as () => void

/**
 * Reads an answer slowly (each chunk held for a few event-loop turns), noting how far the upstream got
 * ahead of it and the largest RSS after a collection every 4 MiB.
 */
function slowRead(gateway: Gateway, path: string, body: unknown, written: () => number) {
  return new Promise<{ status: number; bytes: number; peakRss: number; maxLead: number }>((resolve, reject) => {
    const headers = { [gateway.headerName]: gateway.secret, 'content-type': 'application/json' }
    const request = http.request(`${gateway.baseUrl}${path}`, { method: 'POST', headers }, res => {
      let bytes = 0
      let peakRss = 0
      let maxLead = 0
      let nextCollection = 0
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        maxLead = Math.max(maxLead, written() - bytes)
        if (bytes >= nextCollection) {
          nextCollection += 4 * MiB
          collectGarbage()
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
        }
        res.pause()
        setImmediate(() => setImmediate(() => setImmediate(() => res.resume())))
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, peakRss, maxLead }))
      res.on('error', reject)
    })
    request.on('error', reject)
    request.end(JSON.stringify(body))
  })
}

describe('streaming', () => {
  it('passes a 100 MB answer through to a slow reader without holding it, and meters it', async () => {
    const upstream = await started(startLargeUpstream(100 * MiB))
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    collectGarbage()
    const before = process.memoryUsage().rss
    const read = await slowRead(gateway, '/v1/messages', messagesBody({ stream: true }), upstream.written)
    expect(read.status).toBe(200)
    expect(read.bytes).toBe(upstream.size)
    expect(upstream.size).toBeGreaterThan(99 * MiB)
    // The slow reader holds the upstream back: it gets ahead only by what sockets and stream buffers hold.
    // A gateway that read on regardless would let it run most of the 100 MB ahead, and hold all that.
    expect(read.maxLead).toBeLessThan(40 * MiB)
    expect(read.peakRss - before).toBeLessThan(64 * MiB)
    await until(() => gateway.meter.length === 1)
    expect(gateway.meter[0]).toMatchObject({ status: 200, inputTokens: 5, outputTokens: 4242 })
  })

  it('ends the upstream call when the CLI goes away mid-answer', async () => {
    const upstream = await started(startHoldingUpstream(true))
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    const request = http.request(`${gateway.baseUrl}/v1/messages`, { method: 'POST', headers: { [gateway.headerName]: gateway.secret } })
    request.on('error', () => undefined)
    request.end(JSON.stringify(messagesBody({ stream: true })))
    const answer = await new Promise<http.IncomingMessage>(resolve => request.once('response', resolve))
    await new Promise(resolve => answer.once('data', resolve))
    request.destroy()
    expect(await upstream.closed).toEqual({ finished: false })
    await until(() => gateway.meter.length === 1)
    expect(gateway.meter[0]).toMatchObject({ status: 200, clientAborted: true, inputTokens: 3 })
    expect(gateway.meter[0].upstreamBroke).toBeUndefined()
  })

  it('ends the upstream call when the CLI goes away before any answer', async () => {
    const upstream = await started(startHoldingUpstream(false))
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    const request = http.request(`${gateway.baseUrl}/v1/messages`, { method: 'POST', headers: { [gateway.headerName]: gateway.secret } })
    request.on('error', () => undefined)
    request.end(JSON.stringify(messagesBody()))
    await upstream.arrived
    request.destroy()
    expect(await upstream.closed).toEqual({ finished: false })
    await until(() => gateway.meter.length === 1)
    expect(gateway.meter[0]).toMatchObject({ status: 499, region: 'global', clientAborted: true })
  })

  it('breaks the CLI connection when the upstream breaks off mid-answer, and says so in the meter', async () => {
    const upstream = await started(startHoldingUpstream(true))
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    const request = http.request(`${gateway.baseUrl}/v1/messages`, { method: 'POST', headers: { [gateway.headerName]: gateway.secret } })
    request.end(JSON.stringify(messagesBody({ stream: true })))
    const answer = await new Promise<http.IncomingMessage>(resolve => request.once('response', resolve))
    const broken = new Promise<string>(resolve => {
      answer.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
      answer.once('end', () => resolve('ended cleanly'))
    })
    await new Promise(resolve => answer.once('data', resolve))
    upstream.breakOff()
    expect(await broken).toBe('ECONNRESET')
    await until(() => gateway.meter.length === 1)
    expect(gateway.meter[0]).toMatchObject({ status: 200, upstreamBroke: true, inputTokens: 3 })
    expect(gateway.meter[0].clientAborted).toBeUndefined()
  })
})

/** An upstream that takes a call and holds it open (after an SSE head and first event, if `answerHead`). */
async function startHoldingUpstream(answerHead: boolean) {
  let reached!: () => void
  let closedWith!: (state: { finished: boolean }) => void
  const arrived = new Promise<void>(resolve => (reached = resolve))
  const closed = new Promise<{ finished: boolean }>(resolve => (closedWith = resolve))
  let held: http.ServerResponse | undefined
  const server = http.createServer((req, res) => {
    req.resume()
    held = res
    if (answerHead) {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":3}}}\n\n')
    }
    res.once('close', () => closedWith({ finished: res.writableFinished }))
    reached()
  })
  const url = await listen(server)
  return { url, arrived, closed, breakOff: () => held?.socket?.destroy(), close: () => closeServer(server) }
}

describe('proxies', () => {
  it('sends a plain-http upstream call through HTTP_PROXY, SigV4 intact', async () => {
    const proxy = await started(startProxy())
    const model = await started(startModel({ awsSecretFor }))
    const gateway = await started(
      startGateway({
        upstream: bedrockUpstream({ credentials: async () => AWS_KEYS, endpoint: model.url }),
        regions: ['us-east-1'],
        proxyEnv: { HTTP_PROXY: proxy.url }
      })
    )
    const path = `/model/${encodeURIComponent('us.anthropic.claude-x-v1:0')}/invoke`
    expect((await call(gateway, path, { body: { max_tokens: 1, messages: [] } })).status).toBe(200)
    expect(proxy.requests).toEqual([{ method: 'POST', target: `${model.url}/model/us.anthropic.claude-x-v1%3A0/invoke` }])
    expect(model.requests[0]).toMatchObject({ signatureValid: true, region: 'us-east-1' })
  })

  it('tunnels an https upstream call through HTTPS_PROXY with CONNECT, and goes direct for NO_PROXY', async () => {
    const proxy = await started(startProxy())
    const received: string[] = []
    const server = https.createServer(loopbackTls(), (req, res) => {
      received.push(`${req.method} ${req.url} ${req.headers['x-api-key']}`)
      req.resume()
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"type":"message","usage":{"input_tokens":1,"output_tokens":1}}')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    await started({ close: () => new Promise<void>(resolve => (server.close(() => resolve()), server.closeAllConnections())) })
    const port = (server.address() as { port: number }).port
    const gatewayWith = (proxyEnv: NodeJS.ProcessEnv) =>
      started(
        startGateway({
          upstream: anthropicUpstream({ apiKey: async () => 'sk-ant-tls', endpoint: `https://127.0.0.1:${port}` }),
          regions: ['global'],
          proxyEnv,
          ca: loopbackTls().cert
        })
      )

    const proxied = await gatewayWith({ HTTPS_PROXY: proxy.url })
    expect((await call(proxied, '/v1/messages', { body: messagesBody() })).status).toBe(200)
    expect(proxy.requests).toEqual([{ method: 'CONNECT', target: `127.0.0.1:${port}` }])

    const direct = await gatewayWith({ HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    expect((await call(direct, '/v1/messages', { body: messagesBody() })).status).toBe(200)
    expect(proxy.requests).toHaveLength(1)
    expect(received).toEqual(['POST /v1/messages sk-ant-tls', 'POST /v1/messages sk-ant-tls'])
  })

  it('goes direct when no proxy is set', async () => {
    const upstream = await started(startUpstream())
    const gateway = await started(
      startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'], proxyEnv: {} })
    )
    expect((await call(gateway, '/v1/messages', { body: messagesBody() })).status).toBe(200)
    expect(upstream.requests).toHaveLength(1)
  })
})

/** Waits, a bounded number of turns, for something that follows an event already awaited. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise(resolve => setTimeout(resolve, 5))
  expect(condition()).toBe(true)
}
