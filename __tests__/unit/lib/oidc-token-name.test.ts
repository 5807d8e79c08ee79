// Messages name the job's token by its issuer: "GitHub OIDC token" for GitHub's, "OIDC token" for
// another CI's (GitLab's), so a GitLab job never reads about a GitHub token.
import { idTokenName } from '../../../src/lib/oidc.js'

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
