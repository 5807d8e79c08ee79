// Token metering: usage read from SSE, from Bedrock's event stream and from plain JSON, however the bytes
// are split, and through the gateway for the Claude API and Bedrock; the summary of a run's records.
import { describe, expect, it } from '@jest/globals'
import { startGateway } from '../../../src/gateway/gateway.js'
import { summarizeMeter } from '../../../src/gateway/meter.js'
import { usageParser } from '../../../src/gateway/usage.js'
import type { MeterRecord } from '../../../src/gateway/meter.js'
import { anthropicUpstream } from '../../../src/gateway/upstreams/anthropic.js'
import { bedrockUpstream } from '../../../src/gateway/upstreams/bedrock.js'
import { bedrockChunk, encodeEventStreamMessage } from '../../stand-ins/bedrock-eventstream.js'
import { startModel } from '../../stand-ins/model.js'
import { AWS_KEYS, awsSecretFor, call, MESSAGE, messagesBody, started, startUpstream } from './support.js'

/** A streamed answer whose usage is known: 1200 in, 300 read from cache, 40 written to it, 77 out. */
const EVENTS = [
  {
    type: 'message_start',
    message: {
      id: 'm1',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'claude-x',
      usage: { input_tokens: 1200, output_tokens: 1, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 }
    }
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  // Text that looks like a usage event must not count.
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'say "message_delta" {"usage":{"output_tokens":999}} ü' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 77 } },
  { type: 'message_stop' }
]
const EXPECTED = { inputTokens: 1200, outputTokens: 77, cacheReadTokens: 300, cacheCreationTokens: 40 }
const SSE = Buffer.from(EVENTS.map(e => `event: ${e.type}\r\ndata: ${JSON.stringify(e)}\r\n\r\n`).join(''))
const EVENT_STREAM = Buffer.concat(EVENTS.map(e => bedrockChunk(e)))

/** Feeds the bytes in pieces of `size`, as a socket might deliver them. */
function parsed(contentType: string, bytes: Buffer, size: number) {
  const parser = usageParser(contentType)
  for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size))
  return parser.finish()
}

describe('usage parsers', () => {
  it.each([1, 2, 7, 64, 1 << 20])('reads usage from SSE split every %i bytes', size => {
    expect(parsed('text/event-stream; charset=utf-8', SSE, size)).toEqual(EXPECTED)
  })

  it.each([1, 3, 13, 64, 1 << 20])("reads usage from Bedrock's event stream split every %i bytes", size => {
    expect(parsed('application/vnd.amazon.eventstream', EVENT_STREAM, size)).toEqual(EXPECTED)
  })

  it('passes over an SSE line or an event-stream frame too long to hold, and reads on after it', () => {
    const longText = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x'.repeat(3 << 20) } }
    const sse = Buffer.concat([
      SSE.subarray(0, SSE.indexOf('event: content_block_stop')),
      Buffer.from(`data: ${JSON.stringify(longText)}\n\n`),
      SSE.subarray(SSE.indexOf('event: content_block_stop'))
    ])
    expect(parsed('text/event-stream', sse, 65536)).toEqual(EXPECTED)
    const frames = [bedrockChunk(EVENTS[0]), bedrockChunk(longText), ...EVENTS.slice(1).map(e => bedrockChunk(e))]
    expect(parsed('application/vnd.amazon.eventstream', Buffer.concat(frames), 65536)).toEqual(EXPECTED)
  })

  it("ignores event-stream frames that carry no event bytes (Bedrock's exceptions)", () => {
    const exception = encodeEventStreamMessage({ ':message-type': 'exception', ':exception-type': 'throttlingException' }, Buffer.from('{"message":"slow"}'))
    expect(parsed('application/vnd.amazon.eventstream', Buffer.concat([EVENT_STREAM, exception]), 100)).toEqual(EXPECTED)
  })

  it('reads usage from a non-streaming JSON message, and nothing from other types', () => {
    expect(parsed('application/json', Buffer.from(JSON.stringify(MESSAGE)), 5)).toEqual({
      inputTokens: 21,
      outputTokens: 4,
      cacheReadTokens: 7,
      cacheCreationTokens: 3
    })
    expect(parsed('text/plain', SSE, 100)).toEqual({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 })
    expect(parsed('application/json', Buffer.from('{"type":"error"'), 100)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheCreationTokens: 0
    })
  })
})

describe('metering through the gateway', () => {
  it('meters an SSE answer of the Claude API, with the session id from metadata.user_id', async () => {
    // Streaming calls get the SSE answer; the others the default JSON message.
    const upstream = await started(
      startUpstream(received =>
        JSON.parse(received.body.toString()).stream ? { status: 200, headers: { 'content-type': 'text/event-stream' }, body: SSE.toString() } : undefined
      )
    )
    const gateway = await started(startGateway({ upstream: anthropicUpstream({ apiKey: async () => 'k', endpoint: upstream.url }), regions: ['global'] }))
    const res = await call(gateway, '/v1/messages?beta=true', { body: messagesBody({ stream: true }) })
    expect(res.text).toBe(SSE.toString())
    // The older form of user_id: user_<hash>_account_<uuid>_session_<uuid>.
    await call(gateway, '/v1/messages', { body: messagesBody({ metadata: { user_id: 'user_abc_account_u1_session_0b9e-77' } }) })
    expect(gateway.meter).toEqual([
      {
        upstream: 'anthropic',
        region: 'global',
        model: 'claude-sonnet-4-5',
        startedAt: expect.any(Number),
        path: '/v1/messages',
        status: 200,
        latencyMs: expect.any(Number),
        headersMs: expect.any(Number),
        sessionId: 'sess-1234',
        ...EXPECTED
      },
      expect.objectContaining({ sessionId: '0b9e-77', inputTokens: 21, outputTokens: 4, cacheReadTokens: 7, cacheCreationTokens: 3 })
    ])
    expect(gateway.meter[0].latencyMs).toBeGreaterThanOrEqual(gateway.meter[0].headersMs!)
  })

  it("meters Bedrock's event stream from the model stand-in, signed and verified", async () => {
    const model = await started(startModel({ awsSecretFor, text: 'Hello from Bedrock.' }))
    const gateway = await started(
      startGateway({ upstream: bedrockUpstream({ credentials: async () => AWS_KEYS, endpoint: model.url }), regions: ['eu-west-1'] })
    )
    const path = `/model/${encodeURIComponent('eu.anthropic.claude-x-v1:0')}/invoke-with-response-stream`
    const res = await call(gateway, path, { body: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [], tools: [] } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream')
    expect(model.requests[0].signatureValid).toBe(true)
    // The stand-in reports 12 input tokens and a quarter of its answer's JSON length as output tokens.
    const outputTokens = Math.ceil(JSON.stringify({ text: 'Hello from Bedrock.' }).length / 4)
    expect(gateway.meter).toEqual([
      expect.objectContaining({
        upstream: 'bedrock',
        region: 'eu-west-1',
        model: 'eu.anthropic.claude-x-v1:0',
        path,
        status: 200,
        inputTokens: 12,
        outputTokens
      })
    ])
  })
})

describe('summarizeMeter', () => {
  const record = (over: Partial<MeterRecord>): MeterRecord => ({
    upstream: 'bedrock',
    region: 'us-east-1',
    model: 'm',
    startedAt: 0,
    path: '/model/m/invoke',
    status: 200,
    latencyMs: 1,
    headersMs: 1,
    inputTokens: 10,
    outputTokens: 2,
    cacheReadTokens: 1,
    cacheCreationTokens: 0,
    sessionId: null,
    ...over
  })

  it('counts requests by region, throttling answers (retried or passed on), retries and tokens', () => {
    const summary = summarizeMeter([
      record({}),
      record({ region: 'us-west-2', retriedFrom: ['us-east-1'], retryReasons: [429] }),
      record({
        region: 'us-west-2',
        status: 529,
        retriedFrom: ['us-east-1'],
        retryReasons: ['connection-error'],
        inputTokens: 0,
        outputTokens: 0
      }),
      record({ region: null, status: 400, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 })
    ])
    expect(summary).toEqual({
      requests: 4,
      requestsByRegion: { 'us-east-1': 1, 'us-west-2': 2, none: 1 },
      throttled: 2,
      retries: 2,
      inputTokens: 20,
      outputTokens: 4,
      cacheReadTokens: 3,
      cacheCreationTokens: 0
    })
  })
})
