// The keyless Claude API's preflight: one exchange with an OIDC token of its own, through the action's
// real HTTP client and OIDC path (@actions/core), against the loopback token endpoint; and the one-line
// explanations that name the input, with the token's sub and aud.
import { explainFederationError, preflightExchange, type ExchangeFailure } from '../../../src/providers/anthropic-preflight.js'
import type { AnthropicFederation } from '../../../src/settings/settings.js'
import { decodeJwt, SAMPLE_RULE, startAnthropicOAuth, startOidc } from '../../stand-ins/index.js'

const saved = { ...process.env }
afterAll(() => {
  process.env = saved
})

const FEDERATION: AnthropicFederation = {
  ruleId: SAMPLE_RULE.id,
  organizationId: SAMPLE_RULE.organizationId,
  serviceAccountId: SAMPLE_RULE.serviceAccountId,
  audience: 'https://api.anthropic.com'
}

describe('against the token endpoint stand-in', () => {
  let oidc: Awaited<ReturnType<typeof startOidc>>
  let oauth: Awaited<ReturnType<typeof startAnthropicOAuth>>
  beforeEach(async () => {
    oidc = await startOidc()
    oauth = await startAnthropicOAuth({ oidc, accessTokenLifetimeSeconds: 600 })
    Object.assign(process.env, { ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken, ANTHROPIC_BASE_URL: oauth.url })
  })
  afterEach(async () => {
    await oauth.close()
    await oidc.close()
  })

  test('exchanges a token of its own for the audience, as the CLI does, and returns the access token with its expiry', async () => {
    const { accessToken, expiresAt } = await preflightExchange(FEDERATION, Date.now() + 30_000)
    expect(oauth.exchanges).toHaveLength(1)
    expect(accessToken).toBe(oauth.exchanges[0].accessToken)
    expect(expiresAt).toBeGreaterThan(Date.now() + 500_000)
    expect(oauth.requests[0].headers['anthropic-beta']).toBe('oauth-2025-04-20,oidc-federation-2026-04-01')
    expect(oauth.requests[0].body).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: oidc.issued[0],
      federation_rule_id: SAMPLE_RULE.id,
      organization_id: SAMPLE_RULE.organizationId,
      service_account_id: SAMPLE_RULE.serviceAccountId
    })
    expect(decodeJwt(oidc.issued[0]).aud).toBe('https://api.anthropic.com')
  })

  test('a wrong audience fails in one line naming the audience input, with the sub and aud', async () => {
    const error = await preflightExchange({ ...FEDERATION, audience: 'sts.amazonaws.com' }, Date.now() + 30_000).catch((e: Error) => e)
    expect((error as Error).message).toBe(
      `The federation rule ${SAMPLE_RULE.id} does not expect the audience "sts.amazonaws.com" (audience input) ` +
        "(HTTP 401 authentication_error: the assertion's audience sts.amazonaws.com is not the rule's audience); " +
        `the job's token has sub "repo:octo-org/octo-repo:ref:refs/heads/main" and aud "sts.amazonaws.com": set audience to the rule's audience, or add this one to the rule.`
    )
    expect((error as Error).message).not.toContain('\n')
  })

  test.each([
    ['organization', { organizationId: '00000000-0000-4000-8000-000000000000' }, /^Anthropic does not know the organization .*\(anthropic-organization-id\)/],
    ['service account', { serviceAccountId: 'svac_01Other' }, /^Anthropic refused the service account svac_01Other \(anthropic-service-account-id\)/],
    [
      'rule',
      { ruleId: 'fdrl_01Other' },
      /^Anthropic refused the workload identity exchange for the federation rule fdrl_01Other \(anthropic-federation-rule-id\)/
    ]
  ])('a wrong %s is named', async (_name, change, message) => {
    const error = (await preflightExchange({ ...FEDERATION, ...change }, Date.now() + 30_000).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(message)
    // Refusals are not retried: one token, one request.
    expect(oauth.requests).toHaveLength(1)
  })

  test('the stand-in spends each jti once, and refuses tokens it did not see issued', async () => {
    await preflightExchange(FEDERATION, Date.now() + 30_000)
    const replay = await fetch(`${oauth.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-beta': 'oauth-2025-04-20,oidc-federation-2026-04-01' },
      body: JSON.stringify(oauth.requests[0].body)
    })
    expect(replay.status).toBe(401)
    expect(await replay.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'jti_reused: this assertion was already exchanged' } })
    const forged = await fetch(`${oauth.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-beta': 'oauth-2025-04-20,oidc-federation-2026-04-01' },
      body: JSON.stringify({ ...oauth.requests[0].body, assertion: `${oidc.issued[0]}x` })
    })
    expect(forged.status).toBe(401)
    expect(oauth.exchanges.map(e => e.accessToken)).toEqual([expect.stringMatching(/^sk-ant-oat01-/)])
    expect(oauth.accepts(oauth.exchanges[0].accessToken)).toBe(true)
    expect(oauth.accepts('sk-ant-oat01-made-up')).toBe(false)
  })

  test('an expired token is refused', async () => {
    await oidc.close()
    oidc = await startOidc({ lifetimeSeconds: 0 })
    await oauth.close()
    oauth = await startAnthropicOAuth({ oidc })
    Object.assign(process.env, { ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken, ANTHROPIC_BASE_URL: oauth.url })
    await expect(preflightExchange(FEDERATION, Date.now() + 30_000)).rejects.toThrow('the assertion has expired')
    expect(oauth.exchanges).toEqual([])
  })

  test('an endpoint that is not there fails naming ANTHROPIC_BASE_URL', async () => {
    process.env.ANTHROPIC_BASE_URL = 'http://127.0.0.1:9'
    await expect(preflightExchange(FEDERATION, Date.now() + 30_000)).rejects.toThrow(
      /^Could not reach http:\/\/127\.0\.0\.1:9\/v1\/oauth\/token for the Anthropic token exchange .*check ANTHROPIC_BASE_URL/
    )
  })
})

describe('explanations', () => {
  const jwt = ['e30', Buffer.from(JSON.stringify({ sub: 'repo:o/r:pull_request', aud: 'https://api.anthropic.com' })).toString('base64url'), 'x'].join('.')
  const failure = (message: string, status = 401): ExchangeFailure => ({
    status,
    type: 'authentication_error',
    message,
    url: 'https://api.anthropic.com/v1/oauth/token'
  })

  test.each([
    [
      'the subject condition',
      'subject does not match the rule condition',
      /^The federation rule fdrl_\w+ \(anthropic-federation-rule-id\) does not admit this job's token .*sub "repo:o\/r:pull_request" and aud "https:\/\/api\.anthropic\.com"/
    ],
    ['a used token', 'jti_reused', /^Anthropic refused the job's OIDC token as already used/],
    ['the workspace', 'workspace required: the rule is scoped to several', /^Anthropic refused the workspace \(anthropic-workspace-id not set\)/],
    ['an outage', 'overloaded', /^The Anthropic token exchange at .* kept failing \(HTTP 503/]
  ])('%s', (_name, message, expected) => {
    const text = explainFederationError(failure(message, message === 'overloaded' ? 503 : 401), FEDERATION, jwt)
    expect(text).toMatch(expected)
    expect(text).not.toContain('\n')
  })
})
