// Behind a corporate proxy: the STS call goes through HTTP(S)_PROXY, and NO_PROXY is honoured.
import { startProxy } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runAction } from '../support/runner.js'

let world: BedrockWorld
let proxy: Awaited<ReturnType<typeof startProxy>>

beforeEach(async () => {
  world = await startBedrockWorld()
  proxy = await startProxy()
})

afterEach(async () => {
  await Promise.all([world.close(), proxy.close()])
})

const viaProxy = () => proxy.requests.filter(r => r.target.startsWith(world.stsUrl))

test('STS is reached through HTTP_PROXY', async () => {
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs }, env: { ...world.env, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } })
  expect(run.exitCode).toBe(0)
  expect(viaProxy().map(r => r.method)).toEqual(['POST'])
  expect(world.sts!.issued).toHaveLength(1)
})

test('NO_PROXY keeps STS off the proxy', async () => {
  const run = await runAction({ inputs: { prompt: 'hi', ...world.inputs }, env: { ...world.env, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } })
  expect(run.exitCode).toBe(0)
  expect(viaProxy()).toEqual([])
  expect(world.sts!.issued).toHaveLength(1)
})
