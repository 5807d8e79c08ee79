// A GitLab job's ID tokens (what its id_tokens: entries hold), as gitlab.com mints them for the
// stand-in project on main, and the Vertex set-up such a job federates with: Google STS and IAM
// Credentials that take only those tokens, for the pool provider's audience, and the model.
import { decodeJwt, startGoogle, startModel, startOidc } from '../stand-ins/index.js'
import { PROJECT_PATH } from './command-runner.js'

export const GITLAB_SUB = `project_path:${PROJECT_PATH}:ref_type:branch:ref:main`

/** startOidc's options for GitLab's tokens. */
export const GITLAB_TOKEN_OPTIONS = {
  issuer: 'https://gitlab.com',
  subject: GITLAB_SUB,
  claims: { namespace_path: 'octo-group', project_path: PROJECT_PATH, ref: 'main', ref_type: 'branch', pipeline_source: 'push', user_login: 'octo-dev' }
}

export const WIF_PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab'
/** The audience GitLab's guide gives the id_tokens: entry for that provider. */
export const WIF_AUDIENCE = `https://iam.googleapis.com/${WIF_PROVIDER}`

/** GitLab's OIDC, Google (which takes only its tokens for WIF_AUDIENCE) and the model answering `text`; `jwt` is a token for that audience. */
export async function startGitLabVertexWorld(text: string) {
  const oidc = await startOidc(GITLAB_TOKEN_OPTIONS)
  const google = await startGoogle({
    expectedAudience: `//iam.googleapis.com/${WIF_PROVIDER}`,
    validSubjectToken: jwt => oidc.issued.includes(jwt) && decodeJwt(jwt).aud === WIF_AUDIENCE
  })
  const model = await startModel({ text })
  return { oidc, google, model, jwt: oidc.mint(WIF_AUDIENCE), closers: [oidc.close, google.close, model.close] }
}
