// Behind a corporate proxy: the STS call goes through HTTPS_PROXY / HTTP_PROXY, and NO_PROXY is honoured.
// The AWS client's agents get `proxyEnv: process.env`, which only Node >= 24.5 reads: these runs use the
// Node 24 that action.yml names (node24), from the `node` devDependency. Node 20 ignores the option, and
// STS is then reached directly whatever the proxy variables say. The Google exchange (gaxios) proxies
// on any Node; vertex.test.ts covers it.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startProxy, writeCaBundle } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { NODE24, runAction } from '../support/runner.js'

let world: BedrockWorld
let proxy: Awaited<ReturnType<typeof startProxy>>

beforeEach(async () => {
  proxy = await startProxy()
})

afterEach(async () => {
  await Promise.all([world?.close(), proxy.close()])
})

/** Only the proxy variables a test sets: none of the host's. */
const NO_HOST_PROXY = { HTTPS_PROXY: undefined, HTTP_PROXY: undefined, NO_PROXY: undefined, https_proxy: undefined, http_proxy: undefined, no_proxy: undefined }

function run24(env: Record<string, string | undefined>) {
  return runAction({ node: NODE24, inputs: { prompt: 'hi', ...world.inputs }, env: { ...world.env, ...NO_HOST_PROXY, ...env } })
}

const stsHost = () => new URL(world.stsUrl).host

test('Node 24: STS over https is reached through HTTPS_PROXY, in a CONNECT tunnel', async () => {
  world = await startBedrockWorld({ stsTls: true })
  expect(world.stsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
  // The stand-in's certificate is trusted the way a runner trusts a corporate CA.
  const ca = writeCaBundle(path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-ca-')), 'ca.pem'), process.env.NODE_EXTRA_CA_CERTS)
  const run = await run24({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca })

  expect(run.exitCode).toBe(0)
  expect(proxy.requests.filter(r => r.target === stsHost())).toEqual([{ method: 'CONNECT', target: stsHost() }])
  expect(world.sts!.issued).toHaveLength(1)
})

test('Node 24: STS over http is reached through HTTP_PROXY', async () => {
  world = await startBedrockWorld()
  const run = await run24({ HTTP_PROXY: proxy.url })

  expect(run.exitCode).toBe(0)
  expect(proxy.requests.filter(r => r.target.startsWith(world.stsUrl)).map(r => r.method)).toEqual(['POST'])
  expect(world.sts!.issued).toHaveLength(1)
})

test('Node 24: NO_PROXY keeps STS off the proxy', async () => {
  world = await startBedrockWorld()
  const run = await run24({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })

  expect(run.exitCode).toBe(0)
  expect(proxy.requests.filter(r => r.target.startsWith(world.stsUrl) || r.target === stsHost())).toEqual([])
  expect(world.sts!.issued).toHaveLength(1)
})
