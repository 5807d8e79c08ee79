// The Foundry stand-ins on their own: Entra's token endpoint (over TLS, trusted through the stand-in
// certificate) and the Foundry shape of model.js. MSAL and the real CLI drive them in the e2e tests.
import { request } from 'node:https'
import { afterEach, expect, it } from '@jest/globals'
import { loopbackTls, startEntra, startModel, startOidc } from './index.js'

const TENANT = 'tenant-1'
const CLIENT = 'client-1'
const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})

async function world(tokenLifetimeSeconds = 60) {
  const oidc = await startOidc({ subject: SUBJECT })
  const entra = await startEntra({
    tenantId: TENANT,
    clientId: CLIENT,
    subjects: [SUBJECT],
    validAssertion: jwt => oidc.issued.includes(jwt),
    tokenLifetimeSeconds
  })
  closers.push(oidc.close, entra.close)
  const jwt = async (audience = 'api://AzureADTokenExchange') =>
    (
      (await (await fetch(`${oidc.url}&audience=${encodeURIComponent(audience)}`, { headers: { authorization: `Bearer ${oidc.requestToken}` } })).json()) as {
        value: string
      }
    ).value
  return { oidc, entra, jwt }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it expects
function httpsCall(url: string, form?: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : undefined
    const req = request(
      url,
      { method: form ? 'POST' : 'GET', ca: loopbackTls().cert, headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {} },
      res => {
        let text = ''
        res.on('data', d => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

const grant = (assertion: string, clientId = CLIENT) => ({
  grant_type: 'client_credentials',
  client_id: clientId,
  scope: 'https://cognitiveservices.azure.com/.default',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: assertion
})

it('serves the OpenID configuration and issues tokens of the configured life for an OIDC-issued assertion', async () => {
  const { entra, jwt } = await world(5)
  const config = await httpsCall(`${entra.url}/${TENANT}/v2.0/.well-known/openid-configuration`)
  expect(config.body).toMatchObject({ issuer: `${entra.url}/${TENANT}/v2.0`, token_endpoint: `${entra.url}/${TENANT}/oauth2/v2.0/token` })
  const answer = await httpsCall(config.body.token_endpoint, grant(await jwt()))
  expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 5 } })
  const expiry = entra.tokenExpiry(answer.body.access_token)!
  expect(expiry - Date.now()).toBeLessThanOrEqual(5000)
  expect(entra.tokenExpiry('another-token')).toBeUndefined()
})

it('refuses assertions it did not see issued, another audience, an unknown app or subject, and scripted AADSTS errors', async () => {
  const { entra, jwt } = await world()
  const token = `${entra.url}/${TENANT}/oauth2/v2.0/token`
  const forged = (await jwt()).replace(/\.[^.]+$/, '.forged')
  expect((await httpsCall(token, grant(forged))).body.error_codes).toEqual([50027])
  expect((await httpsCall(token, grant(await jwt('sts.amazonaws.com')))).body.error_codes).toEqual([700212])
  expect((await httpsCall(token, grant(await jwt(), 'client-2'))).body.error_description).toMatch(/^AADSTS700016: Application with identifier 'client-2'/)
  entra.script([{ code: 700211 }])
  const scripted = await httpsCall(token, grant(await jwt()))
  expect(scripted).toMatchObject({ status: 400, body: { error: 'invalid_client', error_codes: [700211] } })
  expect(scripted.body.error_description).toContain("issuer 'https://token.actions.githubusercontent.com'")
  expect(entra.issued).toEqual([])
})

it('model.js Foundry shape: only unexpired Entra tokens or the API key, only known deployments', async () => {
  const expiries = new Map([
    ['live-token', Date.now() + 60_000],
    ['old-token', Date.now() - 1]
  ])
  const model = await startModel({ text: 'ok', foundry: { tokenExpiry: t => expiries.get(t), apiKey: 'key-1', deployments: ['dep-1'] } })
  closers.push(model.close)
  const call = (headers: Record<string, string>, deployment = 'dep-1') =>
    fetch(`${model.url}/anthropic/v1/messages`, { method: 'POST', headers, body: JSON.stringify({ model: deployment, max_tokens: 5, messages: [] }) })
  expect((await call({ authorization: 'Bearer live-token' })).status).toBe(200)
  expect((await call({ 'api-key': 'key-1' })).status).toBe(200)
  const expired = await call({ authorization: 'Bearer old-token' })
  expect(expired.status).toBe(401)
  expect((await expired.json()) as object).toEqual({ error: { code: '401', message: 'Unauthorized. Access token has expired.' } })
  expect((await call({ authorization: 'Bearer unknown' })).status).toBe(401)
  expect((await call({ 'x-api-key': 'wrong' })).status).toBe(401)
  const missing = await call({ authorization: 'Bearer live-token' }, 'dep-2')
  expect(missing.status).toBe(404)
  expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('DeploymentNotFound')
  expect(model.requests.map(r => r.provider)).toEqual(Array(6).fill('foundry'))
})
