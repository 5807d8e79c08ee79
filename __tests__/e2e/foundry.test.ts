// Microsoft Foundry with the real CLI: keyless through Entra workload identity federation, the API key,
// and Entra's refusals, which fail before Claude Code starts.
import { decodeJwt } from '../stand-ins/index.js'
import { CLIENT_ID, DEPLOYMENT, FOUNDRY_API_KEY, SUBJECT, TENANT_ID, startFoundryWorld, type FoundryWorld } from '../support/foundry-stand-ins.js'
import { findLeaks, maskedValues, runAction, visibleLog } from '../support/runner.js'

let world: FoundryWorld

afterEach(async () => {
  await world?.close()
})

test('keyless: the OIDC token becomes an Entra token, which the CLI sends to Foundry as its bearer', async () => {
  world = await startFoundryWorld()
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs }, env: world.env })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Reviewed on Foundry.')
  // The OIDC token went to Entra with Entra's audience, as a client assertion.
  const exchange = world.entra.requests.find(r => r.method === 'POST')!
  expect(exchange.form).toMatchObject({ grant_type: 'client_credentials', client_id: CLIENT_ID, scope: 'https://cognitiveservices.azure.com/.default' })
  expect(decodeJwt(exchange.form.client_assertion)).toMatchObject({ aud: 'api://AzureADTokenExchange', sub: SUBJECT })
  expect(world.entra.requests.some(r => r.path === `/${TENANT_ID}/v2.0/.well-known/openid-configuration`)).toBe(true)
  const calls = world.model.requests.filter(r => r.main)
  expect(calls.length).toBeGreaterThan(0)
  for (const call of calls) {
    expect(call).toMatchObject({ provider: 'foundry', model: DEPLOYMENT, authProblem: null })
    expect(world.entra.issued.map(t => `Bearer ${t.accessToken}`)).toContain(call.authorization)
  }
  // Masked at once; the CLI had no token in its env and no other provider's switch.
  expect(maskedValues(run)).toEqual(expect.arrayContaining(world.entra.issued.map(t => t.accessToken)))
  expect(run.exportedEnv).toMatchObject({
    CLAUDE_CODE_USE_FOUNDRY: '1',
    ANTHROPIC_FOUNDRY_BASE_URL: world.inputs['foundry-base-url'],
    ANTHROPIC_MODEL: DEPLOYMENT
  })
  expect(run.exportedEnv.ANTHROPIC_FOUNDRY_AUTH_TOKEN).toBeUndefined()
  expect(visibleLog(run)).toMatch(/Foundry: Entra issued an access token, valid until/)
  expect(Object.keys(run.filesBeforePost).some(f => f.endsWith('entra-token.json'))).toBe(false)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('the API key path: no exchange, the key reaches Foundry, and no Entra token is asked for', async () => {
  world = await startFoundryWorld()
  const run = await runAction({
    inputs: {
      prompt: 'Review.',
      provider: 'foundry',
      'foundry-base-url': world.inputs['foundry-base-url'],
      'foundry-api-key': FOUNDRY_API_KEY,
      model: DEPLOYMENT
    },
    env: { ...world.env, ANTHROPIC_FOUNDRY_AUTH_TOKEN: 'stale-token-from-an-earlier-step-000' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Reviewed on Foundry.')
  expect(world.entra.requests).toEqual([])
  expect(world.oidc.issued).toEqual([])
  const calls = world.model.requests.filter(r => r.main)
  expect(calls.length).toBeGreaterThan(0)
  for (const call of calls) expect(call).toMatchObject({ provider: 'foundry', authProblem: null, authorization: null })
  expect(maskedValues(run)).toContain(FOUNDRY_API_KEY)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('AADSTS700211 fails before the CLI starts, naming the iss, sub and aud of the job token to add', async () => {
  world = await startFoundryWorld()
  world.entra.script([{ code: 700211 }])
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs }, env: world.env })

  expect(run.exitCode).toBe(1)
  const log = visibleLog(run)
  expect(log).toMatch(/Entra found no federated credential on app 11111111-2222-4333-8444-555555555555 that matches this job's token \(AADSTS700211\)/)
  expect(log).toContain(
    `Add a federated credential with issuer https://token.actions.githubusercontent.com, subject ${SUBJECT} and audience api://AzureADTokenExchange`
  )
  expect(world.model.requests).toEqual([])
  // The CLI lookup runs beside the exchange (it may report a cache hit), but Claude Code never starts: no init line.
  expect(log).not.toMatch(/Claude Code [\d.]+ · model/)
  expect(run.outputs.conclusion).toBe('failure')
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('a subject no federated credential names (AADSTS70021) gets the same hint', async () => {
  world = await startFoundryWorld({ subjects: ['repo:octo-org/octo-repo:environment:production'] })
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain(
    `(AADSTS70021): the token has iss https://token.actions.githubusercontent.com, sub ${SUBJECT}, aud api://AzureADTokenExchange`
  )
  expect(world.model.requests).toEqual([])
})

test('an unknown client ID (AADSTS700016) says to check azure-client-id and azure-tenant-id', async () => {
  world = await startFoundryWorld()
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs, 'azure-client-id': '99999999-2222-4333-8444-555555555555' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toMatch(
    /Entra has no application 99999999-2222-4333-8444-555555555555 in tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 \(AADSTS700016\): check azure-client-id/
  )
  expect(world.model.requests).toEqual([])
})

test('a deployment that does not exist fails with the 404 hint', async () => {
  world = await startFoundryWorld()
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs, model: 'no-such-deployment' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toMatch(/Foundry has no such deployment \(404\): set model to the deployment name/)
  expect(findLeaks(run, world.secrets())).toEqual([])
})
