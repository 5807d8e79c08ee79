// Keyless Claude API through Anthropic workload identity federation, end to end with the real CLI:
// the OIDC stand-in's tokens, Anthropic's token endpoint (which spends each jti once) and a model
// endpoint that takes only the access tokens that endpoint issued. The action exchanges and renews the
// token in its own process; the model gateway puts it on every call; the CLI holds a placeholder.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { decodeJwt, SAMPLE_RULE } from '../stand-ins/index.js'
import { bearerOf, startAnthropicKeylessWorld, type AnthropicKeylessWorld, type AnthropicKeylessWorldOptions } from '../support/anthropic-keyless-world.js'
import { findLeaks, listFiles, maskedValues, runAction, visibleLog } from '../support/runner.js'

let current: AnthropicKeylessWorld | undefined

afterEach(async () => {
  await current?.close()
  current = undefined
})

async function keylessWorld(options: AnthropicKeylessWorldOptions = {}): Promise<AnthropicKeylessWorld> {
  current = await startAnthropicKeylessWorld(options)
  return current
}

test("a keyless run: one exchange, the action's, whose access token the gateway puts on every call", async () => {
  const world = await keylessWorld()
  const run = await runAction({ inputs: { prompt: 'Review the change.', ...world.inputs }, env: world.env })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Reviewed without a key.', provider: 'anthropic' })

  // One exchange, with an unused token for the default audience: JSON jwt-bearer with the three ids and both betas.
  const { exchanges, refusals, requests } = world.oauth
  expect(refusals).toEqual([])
  expect(exchanges).toHaveLength(1)
  expect(decodeJwt(exchanges[0].assertion).aud).toBe('https://api.anthropic.com')
  expect(requests[0].headers['anthropic-beta']).toBe('oauth-2025-04-20,oidc-federation-2026-04-01')
  expect(requests[0].body).toEqual({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: exchanges[0].assertion,
    federation_rule_id: SAMPLE_RULE.id,
    organization_id: SAMPLE_RULE.organizationId,
    service_account_id: SAMPLE_RULE.serviceAccountId
  })
  // Every model call carried that token, with the OAuth beta, and no key.
  const calls = world.model.requests.filter(r => r.provider === 'anthropic')
  expect(calls.length).toBeGreaterThan(0)
  expect(new Set(calls.map(bearerOf))).toEqual(new Set([exchanges[0].accessToken]))
  for (const call of calls) {
    expect(call.headers['x-api-key']).toBeUndefined()
    expect(String(call.headers['anthropic-beta']).split(',')).toContain('oauth-2025-04-20')
  }

  // The JWT and the access token were masked the moment they existed; none is anywhere.
  expect(maskedValues(run)).toEqual(expect.arrayContaining([...world.oidc.issued, exchanges[0].accessToken]))
  expect(findLeaks(run, world.secrets())).toEqual([])
  // No token file, no token cache, nothing credential-like exported.
  expect(Object.keys(run.filesBeforePost).filter(f => /anthropic-(identity-token|config)/.test(f))).toEqual([])
  expect(Object.keys(run.exportedEnv).filter(name => /FEDERATION|IDENTITY|ORGANIZATION|SERVICE_ACCOUNT|ANTHROPIC_CONFIG_DIR/.test(name))).toEqual([])
  expect(listFiles(path.join(run.home, '.config'))).toEqual([])

  const log = visibleLog(run)
  expect(log).toContain(`Claude API: workload identity federation with rule ${SAMPLE_RULE.id}`)
  expect(log).toMatch(/Claude API: Anthropic accepted the job's OIDC token; its access token is valid until \d{4}-/)
  expect(run.summary).toContain('| Claude API (workload identity) |')
})

test('a run that outlives the access token: the action renews it with a fresh OIDC token, and the second turn carries the renewed one', async () => {
  // The tool waits (in the workspace, where the CLI runs) for a go file, which this test writes once the
  // first access token has expired and a renewed one exists.
  const wait = 'while [ ! -e go ]; do sleep 0.2; done; echo waited'
  const world = await keylessWorld({
    oidcLifetimeSeconds: 10,
    accessTokenLifetimeSeconds: 6,
    turns: [{ toolUse: { name: 'Bash', input: { command: wait } } }, { text: 'Done after the long step.' }]
  })
  let goFile = ''
  let openedAt = 0
  const gate = setInterval(() => {
    const [first, renewed] = world.oauth.exchanges
    if (!goFile || !renewed || openedAt || Date.now() <= first.expiresAt) return
    openedAt = Date.now()
    writeFileSync(goFile, '')
  }, 200)
  let run: Awaited<ReturnType<typeof runAction>>
  try {
    run = await runAction({
      inputs: { prompt: 'A long task.', ...world.inputs, 'allowed-tools': 'Bash' },
      env: world.env,
      prepare: workspace => (goFile = path.join(workspace, 'go'))
    })
  } finally {
    clearInterval(gate)
  }

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Done after the long step.', 'num-turns': '2' })
  expect(openedAt).toBeGreaterThan(0)
  const { exchanges, refusals } = world.oauth
  expect(refusals).toEqual([])
  // Each exchange with its own OIDC token, alive when used: no assertion was offered twice.
  expect(exchanges.length).toBeGreaterThanOrEqual(2)
  expect(new Set(exchanges.map(e => e.jti)).size).toBe(exchanges.length)
  for (const e of exchanges) expect(decodeJwt(e.assertion).exp * 1000).toBeGreaterThan(e.at)
  // Each turn carried a token the action held then, alive; turn 2 came after the first one had expired.
  const mains = world.model.requests.filter(r => r.main)
  expect(mains).toHaveLength(2)
  for (const call of mains) {
    const used = exchanges.find(e => e.accessToken === bearerOf(call))
    expect(used?.expiresAt).toBeGreaterThan(call.receivedAt)
  }
  expect(mains[1].receivedAt).toBeGreaterThan(exchanges[0].expiresAt)
  expect(bearerOf(mains[1])).not.toBe(exchanges[0].accessToken)
  expect(visibleLog(run)).toContain('Renewed the Claude API access token (workload identity)')
  expect(findLeaks(run, world.secrets())).toEqual([])
}, 240_000)

test('the next step of the job does an exchange of its own, with its own OIDC token', async () => {
  const world = await keylessWorld({ text: 'Step done.' })
  const first = await runAction({ inputs: { prompt: 'Step one.', ...world.inputs }, env: world.env })
  expect(first.exitCode).toBe(0)
  // The same job's next step: same HOME and workspace, its own private directory. export-credentials cannot apply.
  const second = await runAction({ dir: first.dir, inputs: { prompt: 'Step two.', ...world.inputs, 'export-credentials': 'true' }, env: world.env })

  expect(second.exitCode).toBe(0)
  const { exchanges, refusals } = world.oauth
  expect(refusals).toEqual([])
  expect(exchanges).toHaveLength(2)
  expect(new Set(exchanges.map(e => e.jti)).size).toBe(2)
  const mains = world.model.requests.filter(r => r.main)
  expect(mains.map(bearerOf)).toEqual([exchanges[0].accessToken, exchanges[1].accessToken])
  expect(visibleLog(second)).toContain('::warning::export-credentials does not apply to Claude API workload identity')
  expect(Object.keys(second.exportedEnv).filter(name => /FEDERATION|IDENTITY_TOKEN|ANTHROPIC_CONFIG_DIR|API_KEY/.test(name))).toEqual([])
  expect(findLeaks(second, world.secrets())).toEqual([])
}, 240_000)

test('a rule Anthropic rejects fails the step before Claude Code starts, in one line naming anthropic-federation-rule-id', async () => {
  const world = await keylessWorld()
  const run = await runAction({
    inputs: { prompt: 'hi', ...world.inputs, 'anthropic-federation-rule-id': 'fdrl_01NoSuchRule' },
    env: world.env
  })

  expect(run.exitCode).toBe(1)
  const errors = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  const [error] = errors
  expect(error).toContain('anthropic-federation-rule-id')
  expect(error).toContain('fdrl_01NoSuchRule')
  expect(error).toContain('sub "repo:octo-org/octo-repo:ref:refs/heads/main"')
  expect(error).toContain('aud "https://api.anthropic.com"')
  expect(error).toContain('federation rule fdrl_01NoSuchRule not found')
  // Only the preflight reached Anthropic; the CLI was never installed or started.
  expect(world.oauth.requests).toHaveLength(1)
  expect(world.model.requests).toEqual([])
  // The CLI lookup runs beside the exchange (it may report a cache hit), but Claude Code never starts: no init line.
  expect(visibleLog(run)).not.toContain('Claude Code 2.1.331 · model')
  expect(Object.keys(run.filesBeforePost).filter(f => f.includes('anthropic-identity-token'))).toEqual([])
  expect(run.summary).toContain('anthropic-federation-rule-id')
  expect(findLeaks(run, world.secrets())).toEqual([])
})
