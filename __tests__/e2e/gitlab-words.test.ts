// On GitLab every message that names the CI, its token or a fix speaks GitLab: the job's ID token
// (id_tokens:), its aud: as the fix for a wrong audience (the audience input does nothing there), a
// secret as the masked CI/CD variable, a flag in kebab-case. GitHub's wording is kept by the other tests.
import { decodeJwt, startGoogle, startModel, startOidc } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runCommand } from '../support/command-runner.js'
import { GITLAB_TOKEN_OPTIONS, WIF_PROVIDER } from '../support/gitlab-oidc.js'

let world: BedrockWorld | undefined
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  await world?.close()
  world = undefined
  await Promise.all(closers.splice(0).map(close => close()))
})

test('STS InvalidIdentityToken: the GitLab ID token, and its aud: under id_tokens: as the fix', async () => {
  world = await startBedrockWorld({ oidc: GITLAB_TOKEN_OPTIONS })
  world.sts!.script([{ code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' }])
  const run = await runCommand({
    args: ['--provider', 'bedrock', '--region=us-east-1', '--sts-endpoint', world.stsUrl, '--prompt', 'Review.', '--id-token-env', 'CLAUDE_ID_TOKEN'],
    env: { CLAUDE_CLOUD_ROLE_TO_ASSUME: world.inputs['role-to-assume'], CLAUDE_ID_TOKEN: world.oidc.mint('sts.amazonaws.com') }
  })

  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain('Error: STS rejected the GitLab ID token (id_tokens:) (InvalidIdentityToken): Incorrect token audience')
  expect(run.stderr).toContain(`whose audience list holds "sts.amazonaws.com" (set by the aud: of the job's id_tokens: entry); see docs/aws.md.`)
  expect(run.stderr).not.toMatch(/GitHub|audience input/)
})

test('Google STS invalid_grant: the GitLab ID token, and "Set the aud: of the job\'s id_tokens: entry", not the audience input', async () => {
  const provider = WIF_PROVIDER
  const oidc = await startOidc(GITLAB_TOKEN_OPTIONS)
  const google = await startGoogle({ expectedAudience: `//iam.googleapis.com/${provider}` })
  closers.push(oidc.close, google.close)
  google.script([{ error: 'invalid_grant', error_description: 'The audience in ID Token [sts.amazonaws.com] does not match the expected audience.' }])
  const jwt = oidc.mint('sts.amazonaws.com')
  const run = await runCommand({
    args: ['--provider=vertex', '--workload-identity-provider', provider, '--project-id', 'my-project', '--prompt', 'Review.'],
    env: {
      CLAUDE_CLOUD_STS_ENDPOINT: google.stsUrl,
      CLAUDE_CLOUD_IAM_CREDENTIALS_ENDPOINT: google.iamUrl,
      CLAUDE_CLOUD_ID_TOKEN_ENV: 'GCP_ID_TOKEN',
      GCP_ID_TOKEN: jwt
    }
  })

  expect(decodeJwt(jwt).aud).toBe('sts.amazonaws.com')
  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain('Error: Google STS refused the GitLab ID token (id_tokens:) (invalid_grant, HTTP 400')
  expect(run.stderr).toContain(`The token's audience is "sts.amazonaws.com"`)
  expect(run.stderr).toContain("Set the aud: of the job's id_tokens: entry to match the provider.")
  expect(run.stderr).not.toMatch(/GitHub|audience input/)
})

test('a refused API key names the masked CI/CD variable that holds it', async () => {
  const model = await startModel()
  closers.push(model.close)
  model.respondWith(() => ({ status: 401 }))
  const run = await runCommand({
    args: ['--prompt', 'Review.', '--model', 'claude-sonnet-4-5'],
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CLOUD_ANTHROPIC_API_KEY: 'sk-ant-gitlab-refused-0000000000' },
    secrets: ['sk-ant-gitlab-refused-0000000000']
  })

  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain(
    'Error: API key refused by the Claude API (HTTP 401): the key in anthropic-api-key is wrong, expired or revoked. Put a valid key in the masked CI/CD variable CLAUDE_CLOUD_ANTHROPIC_API_KEY;'
  )
  expect(model.requests.filter(r => r.stream).length).toBeLessThanOrEqual(2)
})

test("claude-code-action's --anthropic_api_key flag names --anthropic-api-key and exits 2", async () => {
  const run = await runCommand({ args: ['--prompt', 'Review.', '--anthropic_api_key', 'sk-ant-snake-0000'] })

  expect(run.exitCode).toBe(2)
  expect(run.stderr).toContain("--anthropic_api_key is not an input: inputs are kebab-case (claude-code-action's are snake_case); give --anthropic-api-key.")
})
