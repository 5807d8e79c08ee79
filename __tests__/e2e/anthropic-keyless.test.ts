// Keyless Claude API through Anthropic workload identity federation, end to end with the real CLI:
// the OIDC stand-in's tokens, Anthropic's token endpoint (which spends each jti once) and a model
// endpoint that takes only the access tokens that endpoint issued.
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

test('a keyless run: one preflight exchange of its own, then Claude Code exchanges the token file and succeeds', async () => {
  const world = await keylessWorld()
  const run = await runAction({ inputs: { prompt: 'Review the change.', ...world.inputs }, env: world.env })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Reviewed without a key.', provider: 'anthropic' })

  // The action's preflight and the CLI's own exchange, each with an unused token for the default audience.
  const { exchanges, refusals, requests } = world.oauth
  expect(refusals).toEqual([])
  expect(exchanges).toHaveLength(2)
  expect(new Set(exchanges.map(e => e.jti)).size).toBe(2)
  for (const e of exchanges) expect(decodeJwt(e.assertion).aud).toBe('https://api.anthropic.com')
  // What the CLI sent, as observed on 2.1.331: JSON jwt-bearer with the three ids and both betas.
  expect(requests[1].headers['anthropic-beta']).toBe('oauth-2025-04-20,oidc-federation-2026-04-01')
  expect(requests[1].headers['user-agent']).toMatch(/^claude-cli\//)
  expect(requests[1].body).toEqual({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: exchanges[1].assertion,
    federation_rule_id: SAMPLE_RULE.id,
    organization_id: SAMPLE_RULE.organizationId,
    service_account_id: SAMPLE_RULE.serviceAccountId
  })
  // The model saw only the CLI's access token; the preflight's was dropped.
  const calls = world.model.requests.filter(r => r.provider === 'anthropic')
  expect(calls.length).toBeGreaterThan(0)
  expect(new Set(calls.map(bearerOf))).toEqual(new Set([exchanges[1].accessToken]))
  expect(calls[0].headers['x-api-key']).toBeUndefined()

  // Every JWT and access token was masked the moment it existed; none is anywhere.
  const masked = maskedValues(run)
  for (const secret of [...world.oidc.issued, ...exchanges.map(e => e.accessToken)]) {
    if (masked.includes(secret)) continue
    // The CLI's own access token never passes through the action; it must simply appear nowhere.
    expect(secret).toBe(exchanges[1].accessToken)
  }
  for (const e of exchanges.slice(0, 1)) expect(masked).toContain(e.accessToken)
  expect(findLeaks(run, world.secrets())).toEqual([])
  // The token file and the CLI's token cache went with the main step, and nothing credential-like was exported.
  expect(Object.keys(run.filesBeforePost).filter(f => /anthropic-(identity-token|config)/.test(f))).toEqual([])
  expect(Object.keys(run.exportedEnv).filter(name => /FEDERATION|IDENTITY|ORGANIZATION|SERVICE_ACCOUNT|ANTHROPIC_CONFIG_DIR/.test(name))).toEqual([])
  expect(listFiles(path.join(run.home, '.config'))).toEqual([])

  const log = visibleLog(run)
  // The CLI spent the file's token at its start; its token cache being written made the action replace it
  // at once (the token's five-minute half-life is far off), so a later exchange finds an unused one.
  expect(log).toContain('Renewed the OIDC token for Anthropic')
  expect(world.oidc.issued.length).toBeGreaterThanOrEqual(3)
  expect(log).toContain(`Claude API: workload identity federation with rule ${SAMPLE_RULE.id}`)
  expect(log).toContain("Claude API: Anthropic accepted the job's OIDC token")
  expect(run.summary).toContain('| Claude API (workload identity) |')
})

test('a run that outlives the OIDC token finishes: the second turn exchanges a renewed, unused token', async () => {
  // The tool waits (in the workspace, where the CLI runs) for a go file, which this test writes once the
  // CLI's first access token and the token file's first JWT have both expired and the file was renewed since.
  const wait = 'while [ ! -e go ]; do sleep 0.2; done; echo waited'
  const world = await keylessWorld({
    oidcLifetimeSeconds: 10,
    accessTokenLifetimeSeconds: 15,
    turns: [{ toolUse: { name: 'Bash', input: { command: wait } } }, { text: 'Done after the long step.' }]
  })
  let goFile = ''
  let openedAt = 0
  const gate = setInterval(() => {
    const first = world.oauth.exchanges[1]
    if (!goFile || !first || openedAt) return
    const renewedSince = world.oidc.issued.some(jwt => (decodeJwt(jwt).iat as number) * 1000 >= first.at)
    if (Date.now() > first.expiresAt && Date.now() > decodeJwt(first.assertion).exp * 1000 && renewedSince) {
      openedAt = Date.now()
      writeFileSync(goFile, '')
    }
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
  // Preflight, the CLI's first exchange, and its second one after the first access token ran out.
  expect(exchanges).toHaveLength(3)
  expect(new Set(exchanges.map(e => e.jti)).size).toBe(3)
  const [, first, second] = exchanges
  expect(second.at).toBeGreaterThan(openedAt)
  // The second assertion was written to the file after the first exchange, and was alive when used.
  expect((decodeJwt(second.assertion).iat as number) * 1000).toBeGreaterThanOrEqual(Math.floor(first.at / 1000) * 1000)
  expect(decodeJwt(second.assertion).exp * 1000).toBeGreaterThan(second.at)
  const mains = world.model.requests.filter(r => r.main)
  expect(mains.map(bearerOf)).toEqual([first.accessToken, second.accessToken])
  expect(visibleLog(run)).toContain('Renewed the OIDC token for Anthropic')
  expect(findLeaks(run, world.secrets())).toEqual([])
}, 240_000)

test('a second CLI process (the next step of the job) finds a fresh token: its cache went with the first step', async () => {
  const world = await keylessWorld({ text: 'Step done.' })
  const first = await runAction({ inputs: { prompt: 'Step one.', ...world.inputs }, env: world.env })
  expect(first.exitCode).toBe(0)
  // The same job's next step: same HOME and workspace, its own private directory. export-credentials cannot apply.
  const second = await runAction({ dir: first.dir, inputs: { prompt: 'Step two.', ...world.inputs, 'export-credentials': 'true' }, env: world.env })

  expect(second.exitCode).toBe(0)
  const { exchanges, refusals } = world.oauth
  expect(refusals).toEqual([])
  // Two exchanges per step (preflight and CLI), each with its own jti: no assertion was offered twice.
  expect(exchanges).toHaveLength(4)
  expect(new Set(exchanges.map(e => e.jti)).size).toBe(4)
  const mains = world.model.requests.filter(r => r.main)
  expect(bearerOf(mains[mains.length - 1])).toBe(exchanges[3].accessToken)
  expect(visibleLog(second)).toContain('::warning::export-credentials does not apply to Claude API workload identity')
  expect(Object.keys(second.exportedEnv).filter(name => /FEDERATION|IDENTITY_TOKEN|ANTHROPIC_CONFIG_DIR/.test(name))).toEqual([])
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
