// Providers load lazily: a step loads only its own provider's SDK. A load hook records every file the
// bundled action loads (main and post step); the files are told apart by what they contain, since
// chunk numbers change with every build.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startModel } from '../stand-ins/index.js'
import { startBedrockWorld } from '../support/bedrock-stand-ins.js'
import { startFoundryWorld } from '../support/foundry-stand-ins.js'
import { NODE24, ROOT, runAction, type RunOptions } from '../support/runner.js'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

/** module.registerHooks needs Node >= 22.15; the project's Node 24 dev dependency has it. */
const HOOK = path.join(ROOT, '__tests__', 'support', 'record-loaded-modules.js')

/** Strings only the given code holds; minifying keeps string literals and exported names. */
const MARKERS = {
  /** @aws-sdk/client-sts (its operation schema) and the action's own role code. */
  awsSdk: 'AssumeRoleWithWebIdentityRequest',
  awsRole: 'AssumeRoleWithWebIdentity',
  /** google-auth-library (its class) and the action's Vertex code that uses it. */
  googleAuth: 'BaseExternalAccountClient',
  vertex: 'ExternalAccountClient',
  /** @actions/http-client (its private proxy method) and undici (a diagnostics channel name): the bundle's lazy stand-ins keep them out of a step that needs no HTTP. */
  httpClient: '_getProxyAgentDispatcher',
  undici: 'undici:client:sendHeaders',
  /** @azure/msal-node (the client-assertion grant it sends) and the action's Entra code. */
  msal: 'client-assertion-type:jwt-bearer',
  entra: 'AADSTS',
  /** @actions/core (its OIDC client), which only a step that asks for an OIDC token loads. */
  actionsCore: 'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL'
}

/** The action's own code that a step whose CLI is given (claude-path) and makes no model call never needs. */
const UNUSED_WITH_A_QUIET_CLI = {
  /** The model gateway's request handler (handler.ts), loaded at the CLI's first connection. */
  gatewayHandler: 'forwards only model calls',
  /** The OpenTelemetry export of the gateway's calls (otlp-logs.ts), loaded only when there are calls to send. */
  gatewayTelemetry: 'gateway_request',
  /** The install (install.ts, the tool cache, npm, the direct download): claude-path needs none of it. */
  install: 'found in the tool cache',
  /** A pull request's diff and file list (pr-files.ts): a push event has none. */
  pullRequestFiles: "moved since this run's event",
  /** The GitHub API client (client.ts): a push needs no permission check, and these runs post no comment. */
  githubClient: 'but had made it; it is not sent again'
}

/** Runs the action with the hook; returns every URL it loaded (main and post step), Node's built-ins included. */
async function loadedUrls(options: RunOptions): Promise<string[]> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-loaded-')), 'modules.txt')
  const run = await runAction({ ...options, env: { ...options.env, LOADED_MODULES_LOG: log }, node: NODE24, nodeArgs: ['--import', HOOK] })
  expect(run.exitCode).toBe(0)
  expect(run.post?.exitCode).toBe(0)
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  // dist/ is the whole action: a release tarball or a clone runs with no node_modules at all.
  expect(urls.filter(url => url.includes('/node_modules/'))).toEqual([])
  return urls
}

/** The contents of every dist/ file among `urls`, by name. */
function distFiles(urls: string[]): Record<string, string> {
  const dist = path.join(ROOT, 'dist') + path.sep
  const files = urls.filter(url => url.startsWith('file:')).map(url => fileURLToPath(url))
  return Object.fromEntries(files.filter(file => file.startsWith(dist)).map(file => [path.basename(file), readFileSync(file, 'utf8')]))
}

async function loadedDistFiles(options: RunOptions): Promise<Record<string, string>> {
  return distFiles(await loadedUrls(options))
}

const holding = (files: Record<string, string>, marker: string) => Object.keys(files).filter(name => files[name].includes(marker))

test('provider anthropic loads neither the AWS SDK nor google-auth-library, nor the http client, undici, @actions/core or crypto', async () => {
  const model = await startModel({ text: 'Done.' })
  try {
    const urls = await loadedUrls({
      inputs: { prompt: 'hi', 'anthropic-api-key': 'sk-ant-lazy-000000000', model: 'claude-sonnet-4-5' },
      env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
    })
    const files = distFiles(urls)
    // The hook saw the entry and at least one lazy chunk (the anthropic provider), so its silence below means something.
    expect(Object.keys(files)).toContain('index.js')
    expect(Object.keys(files).length).toBeGreaterThan(1)
    for (const marker of Object.values(MARKERS)) expect(holding(files, marker)).toEqual([])
    // Node's crypto costs a step about 10 ms to load (npm run bench); the workflow commands need none.
    // The hook sees built-ins too: child_process, which every step needs, is among them.
    expect(urls).toContain('node:child_process')
    expect(urls.filter(url => /^(node:)?crypto$/.test(url))).toEqual([])
    // The model gateway loads node:http only when the CLI first connects: it listens with net, which every
    // child process's pipes load anyway. (This model call was made, so http is here; see the next test.)
    expect(urls).toContain('node:http')
  } finally {
    await model.close()
  }
})

test('with a CLI that makes no model call, the model gateway never loads node:http, https or tls', async () => {
  const urls = await loadedUrls({
    inputs: { prompt: 'hi', 'anthropic-api-key': 'sk-ant-lazy-000000000', 'claude-path': writeStub(printEvents(INIT_EVENT, resultEvent('Done.'))) }
  })
  expect(urls.filter(url => /^(node:)?(http|https|tls|crypto|perf_hooks)$/.test(url))).toEqual([])
  // Nor its request handler or OpenTelemetry export, nor the install, which claude-path skips, nor the
  // code of pull requests and of the GitHub API, which a push run without a comment never calls.
  const files = distFiles(urls)
  expect(Object.keys(files).length).toBeGreaterThan(1)
  for (const marker of Object.values(UNUSED_WITH_A_QUIET_CLI)) expect(holding(files, marker)).toEqual([])
  // The gateway listens on a net.BoundSocket where Node has one (this Node does): listen(0, '127.0.0.1')
  // would look the address up, loading node:dns and compiling Node's IPv6 pattern first.
  expect(urls).toContain('builtin:net')
  expect(urls.filter(url => /^builtin:(dns|internal\/dns\/callback_resolver)$/.test(url))).toEqual([])
})

test('provider bedrock loads the AWS SDK and the http client for OIDC, but not google-auth-library or undici', async () => {
  const world = await startBedrockWorld()
  try {
    const files = await loadedDistFiles({ inputs: { prompt: 'hi', ...world.inputs }, env: world.env })
    expect(holding(files, MARKERS.awsSdk)).toHaveLength(1)
    expect(holding(files, MARKERS.httpClient)).toHaveLength(1)
    expect(holding(files, MARKERS.actionsCore)).toHaveLength(1)
    expect(holding(files, MARKERS.googleAuth)).toEqual([])
    expect(holding(files, MARKERS.vertex)).toEqual([])
    expect(holding(files, MARKERS.undici)).toEqual([])
    expect(holding(files, MARKERS.msal)).toEqual([])
  } finally {
    await world.close()
  }
})

test('provider foundry (keyless) loads MSAL and the http client for OIDC, but neither the AWS SDK nor google-auth-library', async () => {
  const world = await startFoundryWorld()
  try {
    const files = await loadedDistFiles({ inputs: { prompt: 'hi', ...world.inputs }, env: world.env })
    expect(holding(files, MARKERS.msal)).toHaveLength(1)
    expect(holding(files, MARKERS.entra)).toHaveLength(1)
    expect(holding(files, MARKERS.httpClient)).toHaveLength(1)
    expect(holding(files, MARKERS.awsSdk)).toEqual([])
    expect(holding(files, MARKERS.googleAuth)).toEqual([])
    expect(holding(files, MARKERS.undici)).toEqual([])
  } finally {
    await world.close()
  }
})
