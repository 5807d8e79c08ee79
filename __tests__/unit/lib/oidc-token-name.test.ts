// Messages name the job's token by its issuer: "GitHub OIDC token" for GitHub's, "OIDC token" for
// another CI's (GitLab's), so a GitLab job never reads about a GitHub token.
import { idTokenName } from '../../../src/lib/oidc.js'
import { explain } from '../../../src/providers/aws-role.js'
import { explainExchangeError } from '../../../src/providers/gcp-preflight.js'

const jwt = (claims: Record<string, unknown>): string =>
  [Buffer.from('{"alg":"RS256"}').toString('base64url'), Buffer.from(JSON.stringify(claims)).toString('base64url'), 'c2ln'].join('.')
const GITLAB = jwt({ iss: 'https://gitlab.example.com', sub: 'project_path:g/p:ref_type:branch:ref:main', project_path: 'g/p', aud: 'sts.amazonaws.com' })

test('GitHub, GitHub Enterprise Server and a token without an issuer are "GitHub OIDC token"; GitLab\'s is "OIDC token"', () => {
  expect(idTokenName(jwt({ iss: 'https://token.actions.githubusercontent.com' }))).toBe('GitHub OIDC token')
  expect(idTokenName(jwt({ iss: 'https://token.actions.githubusercontent.com/my-enterprise' }))).toBe('GitHub OIDC token')
  expect(idTokenName(jwt({ iss: 'https://ghes.example.com/_services/token' }))).toBe('GitHub OIDC token')
  expect(idTokenName('not-a-jwt')).toBe('GitHub OIDC token')
  expect(idTokenName(GITLAB)).toBe('OIDC token')
  expect(idTokenName(jwt({ iss: 'gitlab' }))).toBe('OIDC token')
})

test("STS's and Google's refusals of a GitLab token do not call it a GitHub token", () => {
  const auth = { kind: 'role' as const, roleArn: 'arn:aws:iam::123456789012:role/ci', sessionName: 's', durationSeconds: 3600, audience: 'sts.amazonaws.com' }
  const sts = explain(Object.assign(new Error('Incorrect token audience'), { name: 'InvalidIdentityToken' }), auth, { jwt: GITLAB })
  expect(sts).toMatch(
    /^STS rejected the OIDC token \(InvalidIdentityToken\): Incorrect token audience\n.*OIDC identity provider for https:\/\/gitlab\.example\.com/
  )
  const provider = 'projects/1/locations/global/workloadIdentityPools/p/providers/gitlab'
  const vertex = {
    kind: 'workload-identity' as const,
    provider,
    audience: `https://iam.googleapis.com/${provider}`,
    stsEndpoint: 'https://sts.googleapis.com',
    iamCredentialsEndpoint: 'https://iamcredentials.googleapis.com'
  }
  const google = explainExchangeError({ hop: 'sts', status: 400, code: 'invalid_grant', description: 'x' }, vertex, GITLAB)
  expect(google).toMatch(/^Google STS refused the OIDC token \(invalid_grant/)
  expect(`${sts}\n${google}`).not.toContain('GitHub')
})
