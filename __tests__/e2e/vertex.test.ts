// The bundled action on Vertex AI, end to end: GitHub OIDC → Google STS → IAM Credentials, in the action's
// process, whose model gateway puts the access token on every call of the real Claude Code CLI.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { decodeJwt, startGoogle, startModel, startOidc, startProxy } from '../stand-ins/index.js'
import { findLeaks, listFiles, maskedValues, runAction, visibleLog } from '../support/runner.js'

const PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/github-pool/providers/github-actions'
const STS_AUDIENCE = `//iam.googleapis.com/${PROVIDER}`
const OIDC_AUDIENCE = `https://iam.googleapis.com/${PROVIDER}`
const SERVICE_ACCOUNT = 'claude-ci@sa-home-project.iam.gserviceaccount.com'
const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt'

type Oidc = Awaited<ReturnType<typeof startOidc>>
type Google = Awaited<ReturnType<typeof startGoogle>>
type Model = Awaited<ReturnType<typeof startModel>>
let oidc: Oidc
let google: Google
let model: Model

interface Start {
  oidcLifetimeSeconds?: number
  accessTokenLifetime?: number
  /** Tokens the STS stand-in accepts; default: issued by the OIDC stand-in for the default audience. */
  validSubjectToken?: (jwt: string) => boolean
  turns?: NonNullable<Parameters<typeof startModel>[0]>['turns']
}

async function startStandIns({ oidcLifetimeSeconds, accessTokenLifetime, validSubjectToken, turns }: Start = {}): Promise<void> {
  oidc = await startOidc(oidcLifetimeSeconds === undefined ? {} : { lifetimeSeconds: oidcLifetimeSeconds })
  google = await startGoogle({
    expectedAudience: STS_AUDIENCE,
    accessTokenLifetime,
    validSubjectToken: validSubjectToken ?? (jwt => oidc.issued.includes(jwt) && decodeJwt(jwt).aud === OIDC_AUDIENCE)
  })
  model = await startModel({ text: 'Reviewed on Vertex.', turns })
}

afterEach(async () => {
  await Promise.all([oidc?.close(), google?.close(), model?.close()])
})

function vertexRun(inputs: Record<string, string>, env: Record<string, string | undefined> = {}, dir?: string) {
  return runAction({
    dir,
    inputs: {
      provider: 'vertex',
      prompt: 'Review the diff.',
      model: 'claude-sonnet-4-5',
      'workload-identity-provider': PROVIDER,
      'sts-endpoint': google.stsUrl,
      'iam-credentials-endpoint': google.iamUrl,
      ...inputs
    },
    env: {
      ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`,
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      CLAUDE_CODE_MAX_RETRIES: '0',
      ...env
    }
  })
}

function bearer(authorization: string | null): string {
  return /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? ''
}

function allTokens(): string[] {
  return [oidc.requestToken, ...oidc.issued, ...google.issued.federated, ...google.issued.serviceAccount]
}

/** Every file in RUNNER_TEMP, with its mode and text, the first time the CLI calls the model. */
function snapshotWhileCliRuns(runnerTemp: string): Map<string, { mode: number; text: string }> {
  const files = new Map<string, { mode: number; text: string }>()
  model.respondWith(() => {
    if (files.size === 0) {
      for (const file of listFiles(runnerTemp)) {
        // The CLI renames its own temp files (claude-config/.claude.json.tmp.*) while we look.
        const stat = statSync(file, { throwIfNoEntry: false })
        if (stat) files.set(file, { mode: stat.mode & 0o777, text: readFileSync(file, 'utf8') })
      }
    }
    return undefined
  })
  return files
}

test('Workload Identity Federation with impersonation: the model gets a service-account token, in the project and region asked for', async () => {
  await startStandIns()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-vertex-'))
  const duringRun = snapshotWhileCliRuns(path.join(dir, 'runner-temp'))
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT, 'project-id': 'claude-vertex-prod', region: 'europe-west1' }, {}, dir)

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Reviewed on Vertex.',
    'is-error': 'false',
    provider: 'vertex',
    region: 'europe-west1',
    model: 'claude-sonnet-4-5'
  })

  // One exchange, the action's, with a JWT the OIDC stand-in issued for the audience; then IAM Credentials
  // with its federated token, for the service account.
  const sts = google.requests.filter(r => r.target === 'sts')
  expect(sts).toHaveLength(1)
  expect(sts[0].body).toMatchObject({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token_type: JWT_TYPE, audience: STS_AUDIENCE })
  expect(oidc.issued).toContain(sts[0].body.subject_token)
  expect(decodeJwt(oidc.issued[0]).aud).toBe(OIDC_AUDIENCE)
  const iam = google.requests.filter(r => r.target === 'iam')
  expect(iam).toHaveLength(1)
  expect(iam[0].email).toBe(SERVICE_ACCOUNT)
  expect(google.issued.federated).toContain(bearer(iam[0].authorization))

  // Every model call carried the impersonated token, put there by the gateway.
  const calls = model.requests.filter(r => r.provider === 'vertex')
  expect(calls.some(r => r.main)).toBe(true)
  for (const call of calls) {
    expect(bearer(call.authorization)).toBe(google.issued.serviceAccount[0])
    expect(call).toMatchObject({ project: 'claude-vertex-prod', region: 'europe-west1' })
  }

  // The non-secret variables are exported; the credentials are not.
  expect(run.exportedEnv).toMatchObject({
    CLAUDE_CODE_USE_VERTEX: '1',
    CLOUD_ML_REGION: 'europe-west1',
    ANTHROPIC_VERTEX_PROJECT_ID: 'claude-vertex-prod',
    GOOGLE_CLOUD_PROJECT: 'claude-vertex-prod',
    GCLOUD_PROJECT: 'claude-vertex-prod'
  })
  expect(run.exportedEnv).not.toHaveProperty('GOOGLE_APPLICATION_CREDENTIALS')

  // While the CLI ran, RUNNER_TEMP held no credentials file and no token: they stayed in the action's process.
  expect(duringRun.size).toBeGreaterThan(0)
  for (const file of duringRun.values()) {
    expect(file.text).not.toContain('external_account')
    for (const secret of allTokens()) expect(file.text).not.toContain(secret)
  }

  // The action's own access token and the JWT were masked; no issued token appears anywhere.
  expect(maskedValues(run)).toEqual(expect.arrayContaining([oidc.issued[0], google.issued.serviceAccount[0]]))
  expect(run.post?.exitCode).toBe(0)
  expect(findLeaks(run, allTokens())).toEqual([])
})

test('without service-account the federated token calls Vertex directly, and IAM Credentials is never asked', async () => {
  await startStandIns()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-vertex-'))
  const duringRun = snapshotWhileCliRuns(path.join(dir, 'runner-temp'))
  const run = await vertexRun({ 'project-id': 'claude-vertex-prod' }, {}, dir)

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', provider: 'vertex', region: 'global' })
  expect(google.requests.filter(r => r.target === 'iam')).toEqual([])
  const calls = model.requests.filter(r => r.provider === 'vertex')
  expect(calls.length).toBeGreaterThan(0)
  for (const call of calls) {
    expect(google.issued.federated).toContain(bearer(call.authorization))
    expect(call).toMatchObject({ project: 'claude-vertex-prod', region: 'global' })
  }
  expect([...duringRun.values()].filter(f => f.text.includes('external_account'))).toEqual([])
  expect(visibleLog(run)).toContain('without impersonation')
  expect(findLeaks(run, allTokens())).toEqual([])
})

test('the project comes from the service-account email; export-credentials hands later steps a file written after the CLI, until the post step', async () => {
  await startStandIns()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-vertex-'))
  const duringRun = snapshotWhileCliRuns(path.join(dir, 'runner-temp'))
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT, 'export-credentials': 'true' }, {}, dir)

  expect(run.exitCode).toBe(0)
  for (const call of model.requests.filter(r => r.provider === 'vertex')) expect(call.project).toBe('sa-home-project')
  expect(run.exportedEnv.ANTHROPIC_VERTEX_PROJECT_ID).toBe('sa-home-project')

  // The exported file outlives the main step with a freshly fetched JWT, and the post step removes it.
  const file = run.exportedEnv.GOOGLE_APPLICATION_CREDENTIALS
  expect(file.startsWith(run.runnerTemp)).toBe(true)
  const tokenFile = JSON.parse(run.filesBeforePost[file]).credential_source.file
  expect(run.filesBeforePost[tokenFile]).toBe(oidc.issued[oidc.issued.length - 1])
  expect(JSON.parse(run.filesBeforePost[file])).toMatchObject({ type: 'external_account', audience: STS_AUDIENCE })
  // Neither existed while the CLI ran.
  expect(duringRun.size).toBeGreaterThan(0)
  expect(duringRun.has(file) || duringRun.has(tokenFile)).toBe(false)
  expect(visibleLog(run)).toContain('stays usable by later steps until')
  expect(run.post?.exitCode).toBe(0)
  expect(existsSync(file)).toBe(false)
  expect(existsSync(tokenFile)).toBe(false)
  expect(readFileSync(run.env.GITHUB_ENV, 'utf8')).toMatch(/GOOGLE_APPLICATION_CREDENTIALS<<(.+)\n\n\1\n$/)
})

test('a long run: when the access token runs out the client exchanges again, with a fresh JWT, in the action', async () => {
  // Four-second OIDC and access tokens, and a tool call that outlasts both: the stand-in STS refuses expired JWTs.
  await startStandIns({
    oidcLifetimeSeconds: 4,
    accessTokenLifetime: 4,
    turns: [{ toolUse: { name: 'Bash', input: { command: 'sleep 6' } } }, { text: 'Done after sleeping.' }]
  })
  // Without impersonation: IAM Credentials would issue an hour-long token whatever the STS token's life.
  const run = await vertexRun({ 'project-id': 'claude-vertex-prod', 'allowed-tools': 'Bash(sleep:*)' })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Done after sleeping.')
  // More than one exchange, each with its own live JWT issued by GitHub, and every call with a token Google issued.
  const subjects = google.requests.filter(r => r.target === 'sts').map(r => r.body.subject_token)
  expect(new Set(subjects).size).toBeGreaterThanOrEqual(2)
  for (const jwt of subjects) expect(oidc.issued).toContain(jwt)
  const mains = model.requests.filter(r => r.main)
  expect(mains).toHaveLength(2)
  for (const call of mains) expect(google.issued.federated).toContain(bearer(call.authorization))
  expect(bearer(mains[1].authorization)).not.toBe(bearer(mains[0].authorization))
  expect(findLeaks(run, allTokens())).toEqual([])
}, 120_000)

test('a region over quota (429 RESOURCE_EXHAUSTED): the gateway asks the next region at once, in the same CLI session', async () => {
  await startStandIns()
  model.respondWith(request => (request.region === 'us-east5' && request.main ? { status: 429 } : undefined))
  const run = await vertexRun({
    'service-account': SERVICE_ACCOUNT,
    region: 'us-east5',
    'fallback-regions': 'europe-west1',
    'allow-cross-geography-failover': 'true'
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', region: 'europe-west1', regions: 'europe-west1', provider: 'vertex', 'api-retries': '1' })
  const main = model.requests.filter(r => r.main)
  expect(main.map(r => r.region)).toEqual(['us-east5', 'europe-west1'])
  expect(model.requests[model.requests.indexOf(main[0]) + 1]).toBe(main[1])
  for (const call of main) expect(google.issued.serviceAccount).toContain(bearer(call.authorization))
  const events = run.executionLog
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))
  expect(events.filter(e => e.type === 'system' && e.subtype === 'init')).toHaveLength(1)
  const log = visibleLog(run)
  expect(log).toContain('model gateway: vertex answered 429 in us-east5; trying europe-west1')
  expect(log).not.toContain('continuing in')
  expect(run.summary).toMatch(/\| \d+ \| `europe-west1` × \d+ \| 1 \(HTTP 429 × 1\) \|/)
})

test("behind a proxy: the action's exchange and the gateway's model calls go through it, the CLI's calls to the gateway do not; NO_PROXY exempts a host", async () => {
  await startStandIns()
  const proxy = await startProxy()
  const carried = () => proxy.requests.map(r => (r.method === 'CONNECT' ? `CONNECT ${r.target}` : r.target))
  try {
    const googleHost = new URL(google.stsUrl).host
    const proxyEnv = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, https_proxy: undefined, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined }
    const proxied = await vertexRun({ 'service-account': SERVICE_ACCOUNT }, proxyEnv)
    expect(proxied.exitCode).toBe(0)
    // The action's exchange (gaxios) tunnels with CONNECT; the gateway sends absolute URIs for http:// targets.
    expect(carried().slice(0, 2)).toEqual([`CONNECT ${googleHost}`, `CONNECT ${googleHost}`])
    const modelCalls = carried().filter(url => url.startsWith(`${model.url}/v1/projects/sa-home-project/`))
    expect(modelCalls).toHaveLength(model.requests.length)
    // The gateway is on loopback: the CLI reached it directly, never through the proxy.
    expect(carried().filter(url => !url.startsWith(model.url) && !url.startsWith('CONNECT '))).toEqual([])

    const before = carried().length
    const exempt = await vertexRun({ 'service-account': SERVICE_ACCOUNT }, { ...proxyEnv, NO_PROXY: '127.0.0.1' })
    expect(exempt.exitCode).toBe(0)
    expect(carried()).toHaveLength(before)
  } finally {
    await proxy.close()
  }
})

test.each([
  ['a provider name Google does not know', 'invalid_target', 'does not know the workload identity provider'],
  ["a token the provider's attribute condition rejects", 'unauthorized_client', "attribute condition rejected this job's token"],
  ['a token whose audience the provider does not allow', 'invalid_grant', 'allowed audiences must include']
])('%s fails in the pre-flight exchange, before the CLI starts', async (_, code, hint) => {
  await startStandIns()
  google.script([{ status: 400, error: code, error_description: `Scripted ${code}.` }])
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT })

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  const log = visibleLog(run)
  expect(log).toContain(`::error::`)
  expect(log).toContain(hint)
  expect(log).toContain(`Scripted ${code}.`)
  expect(google.requests.filter(r => r.target === 'sts')).toHaveLength(1)
  expect(google.requests.filter(r => r.target === 'iam')).toEqual([])
  expect(model.requests).toEqual([])
  // The CLI lookup runs beside the exchange (it may report a cache hit), but Claude Code never starts: no init line.
  expect(log).not.toContain('Claude Code 2.1.331 · model')
  expect(findLeaks(run, allTokens())).toEqual([])
})

test.each([
  ['503 (unavailable)', 503],
  ['429 (throttling)', 429]
])('Google STS failing with %s five times, then answering, ends in success', async (_name, status) => {
  await startStandIns()
  // gaxios retries an STS 5xx or 429 three times itself; the action's own retry covers the rest.
  google.script(Array.from({ length: 5 }, () => ({ status })))
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(visibleLog(run)).toMatch(new RegExp(`Google token exchange failed \\(\\w+, HTTP ${status}\\); attempt 2 in \\d+ ms`))
  expect(google.requests.filter(r => r.target === 'sts').length).toBeGreaterThan(5)
  expect(google.issued.serviceAccount.length).toBeGreaterThan(0)
})

test("the real attribute-condition answer of the stand-in names the job's repository in the hint", async () => {
  await startStandIns({ validSubjectToken: () => false })
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toMatch(
    /::error::The provider's attribute condition rejected this job's token \(unauthorized_client, HTTP 400: The given credential is rejected by the attribute condition\.\)/
  )
  expect(visibleLog(run)).toContain("assertion.repository == 'octo-org/octo-repo'")
  expect(model.requests).toEqual([])
})

test('a missing roles/iam.workloadIdentityUser (403 on generateAccessToken) fails before the CLI starts, naming the grant', async () => {
  await startStandIns()
  google.script([{ target: 'iam', status: 403 }])
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT })

  expect(run.exitCode).toBe(1)
  const log = visibleLog(run)
  expect(log).toContain(`::error::This job may not impersonate ${SERVICE_ACCOUNT}`)
  expect(log).toContain('PERMISSION_DENIED')
  expect(log).toContain('--role=roles/iam.workloadIdentityUser')
  expect(log).toContain(
    'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github-pool/attribute.repository/octo-org/octo-repo'
  )
  expect(google.requests.filter(r => r.target === 'iam')).toHaveLength(1)
  expect(model.requests).toEqual([])
  expect(findLeaks(run, allTokens())).toEqual([])
})

test('without permissions id-token: write the step fails with the YAML to add, and Google is never called', async () => {
  await startStandIns()
  const run = await vertexRun({ 'service-account': SERVICE_ACCOUNT }, { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain('::error::This job cannot request a GitHub OIDC token')
  expect(visibleLog(run)).toContain('id-token: write')
  expect(google.requests).toEqual([])
  expect(model.requests).toEqual([])
})

test("without workload-identity-provider the job's own GOOGLE_APPLICATION_CREDENTIALS is used, and the log says so", async () => {
  await startStandIns()
  // What an earlier step (say google-github-actions/auth) would leave: a file the CLI reads itself.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-vertex-ambient-'))
  const jwt = await (
    await fetch(`${oidc.url}&audience=${encodeURIComponent(OIDC_AUDIENCE)}`, { headers: { authorization: `Bearer ${oidc.requestToken}` } })
  ).json()
  writeFileSync(path.join(dir, 'token'), (jwt as { value: string }).value)
  const file = path.join(dir, 'credentials.json')
  writeFileSync(
    file,
    JSON.stringify({
      type: 'external_account',
      audience: STS_AUDIENCE,
      subject_token_type: JWT_TYPE,
      token_url: `${google.stsUrl}/v1/token`,
      credential_source: { file: path.join(dir, 'token') }
    })
  )
  const run = await runAction({
    inputs: { provider: 'vertex', prompt: 'hi', model: 'claude-sonnet-4-5', 'project-id': 'claude-vertex-prod', region: 'us-east5' },
    env: {
      ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`,
      GOOGLE_APPLICATION_CREDENTIALS: file,
      GOOGLE_CLOUD_PROJECT: 'some-other-project',
      CLAUDE_CODE_MAX_RETRIES: '0'
    }
  })

  expect(run.exitCode).toBe(0)
  const log = visibleLog(run)
  expect(log).toContain(`Claude Code uses the job's GOOGLE_APPLICATION_CREDENTIALS (${file})`)
  expect(log).toContain('::warning::The job sets GOOGLE_CLOUD_PROJECT=some-other-project, but Vertex runs in project claude-vertex-prod')
  for (const call of model.requests.filter(r => r.provider === 'vertex')) {
    expect(google.issued.federated).toContain(bearer(call.authorization))
    expect(call).toMatchObject({ project: 'claude-vertex-prod', region: 'us-east5' })
  }
  expect(run.exportedEnv).not.toHaveProperty('GOOGLE_APPLICATION_CREDENTIALS')
})

test('bad Vertex inputs each give one ::error:: line naming the input and the fix, and nothing is requested', async () => {
  await startStandIns()
  const run = await vertexRun({
    'workload-identity-provider': `//iam.googleapis.com/${PROVIDER}`,
    'service-account': 'claude-ci@sa-home-project',
    'project-id': 'My_Project',
    region: 'europe west1'
  })

  expect(run.exitCode).toBe(1)
  const errors = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors).toEqual([
    `::error::Input 'region': 'europe west1' is not valid; expected the form global, us-east5 or europe-west1.`,
    `::error::Input 'workload-identity-provider': '//iam.googleapis.com/${PROVIDER}' is not valid; drop the '//iam.googleapis.com/' prefix and give ${PROVIDER}. Expected the form projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER.`,
    `::error::Input 'service-account': 'claude-ci@sa-home-project' is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com.`,
    `::error::Input 'project-id': 'My_Project' is not valid; expected the form my-project-123 (6-30 of a-z, 0-9, -, starting with a letter).`,
    '::error::4 inputs are invalid; see the errors above.'
  ])
  expect(oidc.requests).toEqual([])
  expect(google.requests).toEqual([])
  expect(model.requests).toEqual([])
})

test('Vertex-only inputs with another provider are refused by name', async () => {
  await startStandIns()
  const run = await runAction({
    inputs: {
      provider: 'anthropic',
      'anthropic-api-key': 'sk-ant-api03-e2e-test-key-0123456789',
      prompt: 'hi',
      'workload-identity-provider': PROVIDER,
      'project-id': 'claude-vertex-prod'
    },
    env: { ANTHROPIC_BASE_URL: model.url, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken }
  })

  expect(run.exitCode).toBe(1)
  const log = visibleLog(run)
  expect(log).toContain(
    "::error::Input 'workload-identity-provider': only applies to provider 'vertex', but provider is 'anthropic'; remove it or set provider: vertex."
  )
  expect(log).toContain("::error::Input 'project-id': only applies to provider 'vertex'")
  expect(oidc.requests).toEqual([])
  expect(model.requests).toEqual([])
})
