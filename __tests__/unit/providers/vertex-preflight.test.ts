// The external_account configuration, the in-process exchange (the job's token from a supplier, no
// file) and its error explanations, with the real google-auth-library against the Google and OIDC
// stand-ins (loopback only).
import { createServer } from 'node:http'
import { externalAccountConfig, type WorkloadIdentity } from '../../../src/providers/gcp-external-account.js'
import {
  describeFailure,
  exchangeOnce,
  explainExchangeError,
  jobTokenSupplier,
  workloadIdentityClient,
  type JobTokenSupplier
} from '../../../src/providers/gcp-preflight.js'
import { startGoogle, startOidc } from '../../stand-ins/index.js'

const PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/github-pool/providers/github-actions'
function jwt(lifetimeSeconds: number, jti = 'first'): string {
  const exp = Math.floor(Date.now() / 1000) + lifetimeSeconds
  return [
    Buffer.from('{"alg":"RS256"}').toString('base64url'),
    Buffer.from(
      JSON.stringify({
        sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        repository: 'octo-org/octo-repo',
        ref: 'refs/heads/main',
        aud: 'custom-aud',
        jti,
        exp
      })
    ).toString('base64url'),
    'c2lnbmF0dXJlLW5vdC1jaGVja2Vk'
  ].join('.')
}
const JWT = jwt(300)

function auth(overrides: Partial<WorkloadIdentity> = {}): WorkloadIdentity {
  return {
    kind: 'workload-identity',
    provider: PROVIDER,
    serviceAccount: 'ci@my-project-42.iam.gserviceaccount.com',
    audience: `https://iam.googleapis.com/${PROVIDER}`,
    stsEndpoint: 'https://sts.googleapis.com',
    iamCredentialsEndpoint: 'https://iamcredentials.googleapis.com',
    ...overrides
  }
}

/** Always the five-minute JWT. */
const liveSubject: JobTokenSupplier = { getSubjectToken: async () => JWT, last: () => JWT }

/** The job's OIDC endpoint for one test, its tokens living `lifetimeSeconds`; closing it restores the env. */
async function jobOidc(lifetimeSeconds: number) {
  const oidc = await startOidc({ lifetimeSeconds })
  const names = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const
  const saved = names.map(name => process.env[name])
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = oidc.url
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidc.requestToken
  return {
    ...oidc,
    close: async () => {
      names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])))
      await oidc.close()
    }
  }
}

/** The exchange through a client fed by `subject`. */
const exchange = (identity: WorkloadIdentity, deadline: number, subject: JobTokenSupplier = liveSubject) =>
  exchangeOnce(workloadIdentityClient(identity, subject), identity, subject, deadline)

test('the configuration names STS with //iam.googleapis.com/ + the provider, the token file, and the impersonation URL', () => {
  expect(externalAccountConfig(auth(), '/run/token.jwt')).toEqual({
    type: 'external_account',
    audience: `//iam.googleapis.com/${PROVIDER}`,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: 'https://sts.googleapis.com/v1/token',
    credential_source: { file: '/run/token.jwt', format: { type: 'text' } },
    service_account_impersonation_url:
      'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/ci@my-project-42.iam.gserviceaccount.com:generateAccessToken'
  })
  expect(externalAccountConfig(auth({ serviceAccount: undefined }), '/run/token.jwt')).not.toHaveProperty('service_account_impersonation_url')
})

describe('against the Google stand-in', () => {
  let google: Awaited<ReturnType<typeof startGoogle>>
  beforeEach(async () => {
    google = await startGoogle({ expectedAudience: `//iam.googleapis.com/${PROVIDER}` })
  })
  afterEach(() => google.close())

  const standIn = (overrides: Partial<WorkloadIdentity> = {}) => auth({ stsEndpoint: google.stsUrl, iamCredentialsEndpoint: google.iamUrl, ...overrides })

  test('a good exchange returns the impersonated token with its expiry', async () => {
    const access = await exchange(standIn(), Date.now() + 30_000)
    expect(google.issued.serviceAccount).toEqual([access.token])
    expect(access.expiresAt).toBeGreaterThan(Date.now())
    expect(google.requests.map(r => r.target)).toEqual(['sts', 'iam'])
  })

  test('an STS 503 is retried (by gaxios) and then succeeds', async () => {
    google.script([{ status: 503 }])
    const access = await exchange(standIn(), Date.now() + 30_000)
    expect(google.issued.serviceAccount).toEqual([access.token])
    expect(google.requests.filter(r => r.target === 'sts')).toHaveLength(2)
  })

  test('a job token too close to expiry is replaced before each attempt, so a retry never sends a stale one', async () => {
    // Twenty-second tokens are inside the 30 s margin: each attempt asks the job for a new one. gaxios retries
    // an STS 503 three times itself (with the same token), so four of them fail the first attempt.
    const oidc = await jobOidc(20)
    try {
      google.script(Array.from({ length: 4 }, () => ({ status: 503 })))
      const subject = jobTokenSupplier('custom-aud', Date.now() + 60_000)
      const access = await exchange(standIn(), Date.now() + 60_000, subject)

      expect(google.issued.serviceAccount).toEqual([access.token])
      expect(oidc.requests.map(r => r.audience)).toEqual(['custom-aud', 'custom-aud'])
      const sent = google.requests.filter(r => r.target === 'sts').map(r => r.body.subject_token)
      expect(sent).toEqual([...Array(4).fill(oidc.issued[0]), oidc.issued[1]])
      expect(subject.last()).toBe(oidc.issued[1])
    } finally {
      await oidc.close()
    }
  })

  test('a live job token is fetched once and given to every exchange', async () => {
    const oidc = await jobOidc(300)
    try {
      const subject = jobTokenSupplier('custom-aud', Date.now() + 60_000)
      await exchange(standIn(), Date.now() + 60_000, subject)
      await exchange(standIn(), Date.now() + 60_000, subject)
      expect(oidc.issued).toHaveLength(1)
      expect(google.requests.filter(r => r.target === 'sts').map(r => r.body.subject_token)).toEqual([oidc.issued[0], oidc.issued[0]])
    } finally {
      await oidc.close()
    }
  })

  test('a 404 on generateAccessToken names the service account', async () => {
    google.script([{ target: 'iam', status: 404 }])
    await expect(exchange(standIn(), Date.now() + 30_000)).rejects.toThrow(
      /^The service account ci@my-project-42\.iam\.gserviceaccount\.com was not found \(NOT_FOUND, HTTP 404: .*\)\nCheck service-account/
    )
  })
})

test('an unreachable STS names the endpoint and the proxy variables', async () => {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise(resolve => server.close(resolve))
  const closed = auth({ stsEndpoint: `http://127.0.0.1:${port}` })
  await expect(exchange(closed, Date.now() + 30_000)).rejects.toThrow(
    new RegExp(`^Could not reach http://127\\.0\\.0\\.1:${port}/v1/token for the token exchange: .*ECONNREFUSED[^]*HTTPS_PROXY / NO_PROXY`)
  )
})

test('an STS that never answers is abandoned at the credential deadline, and the error says so', async () => {
  const server = createServer(() => {})
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const hung = auth({ stsEndpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}` })
  try {
    await expect(exchange(hung, Date.now() + 1000)).rejects.toThrow(
      /^Could not reach Google for the token exchange: no answer before the credential deadline \(waited \d\.\d s\)\nCheck sts-endpoint/
    )
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test('describeFailure tells STS (OAuth form) from IAM (Google JSON) answers', () => {
  expect(
    describeFailure({
      message: 'Error code invalid_target',
      response: { status: 400, data: { error: 'invalid_target', error_description: 'Unknown pool.' }, config: { url: 'https://sts.googleapis.com/v1/token' } }
    })
  ).toEqual({ hop: 'sts', status: 400, code: 'invalid_target', description: 'Unknown pool.', url: 'https://sts.googleapis.com/v1/token' })
  expect(
    describeFailure({
      message: 'Permission denied',
      response: {
        status: 403,
        data: { error: { code: 403, message: 'Denied.', status: 'PERMISSION_DENIED' } },
        config: { url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/a@b.iam.gserviceaccount.com:generateAccessToken' }
      }
    })
  ).toMatchObject({ hop: 'iam', status: 403, code: 'PERMISSION_DENIED', description: 'Denied.' })
})

test('invalid_grant names the audience the token carries', () => {
  const message = explainExchangeError({ hop: 'sts', status: 400, code: 'invalid_grant', description: 'The audience in ID Token does not match.' }, auth(), JWT)
  expect(message).toContain('Google STS refused the GitHub OIDC token (invalid_grant, HTTP 400: The audience in ID Token does not match.)')
  expect(message).toContain('The token\'s audience is "custom-aud"')
})

test('invalid_target gives the gcloud command that checks the provider', () => {
  const message = explainExchangeError({ hop: 'sts', status: 400, code: 'invalid_target', description: 'x' }, auth(), JWT)
  expect(message).toContain(
    'gcloud iam workload-identity-pools providers describe github-actions --workload-identity-pool=github-pool --location=global --project=123456789'
  )
})

test('a GitLab token: the hints quote its issuer and project_path, and the principal set uses attribute.project_path', () => {
  const claims = { iss: 'https://gitlab.com', sub: 'project_path:g/p:ref_type:branch:ref:main', project_path: 'g/p', ref: 'main', aud: 'custom-aud' }
  const gitlab = [Buffer.from('{"alg":"RS256"}').toString('base64url'), Buffer.from(JSON.stringify(claims)).toString('base64url'), 'c2ln'].join('.')
  const condition = explainExchangeError({ hop: 'sts', status: 400, code: 'unauthorized_client', description: 'x' }, auth(), gitlab)
  expect(condition).toContain(`This job's token has sub "project_path:g/p:ref_type:branch:ref:main", project_path "g/p" and ref "main"`)
  expect(condition).toContain("assertion.project_path == 'g/p'")
  expect(explainExchangeError({ hop: 'sts', status: 400, code: 'invalid_grant', description: 'x' }, auth(), gitlab)).toContain(
    'its issuer must be https://gitlab.com.'
  )
  expect(explainExchangeError({ hop: 'iam', status: 403, code: 'PERMISSION_DENIED', description: 'x' }, auth(), gitlab)).toContain(
    '/attribute.project_path/g/p"'
  )
  // A GitHub token reads as before.
  expect(explainExchangeError({ hop: 'sts', status: 400, code: 'unauthorized_client', description: 'x' }, auth(), JWT)).toContain(
    "assertion.repository == 'octo-org/octo-repo'"
  )
})
