// A GitLab job set up by Claude Code's own GitLab guide names its settings AWS_ROLE_TO_ASSUME,
// GCP_WORKLOAD_IDENTITY_PROVIDER, GCP_SERVICE_ACCOUNT and GITLAB_ACCESS_TOKEN: the command (dist/cli.js)
// reads them when no flag or CLAUDE_CLOUD_<NAME> is given, says so in the log, and runs as with the flags.
import { readFileSync } from 'node:fs'
import { startGitLabApi, startModel } from '../stand-ins/index.js'
import { ROLE_ARN, startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { FAKE_GITLAB_TOKEN, runCommand } from '../support/command-runner.js'
import { GITLAB_TOKEN_OPTIONS, startGitLabVertexWorld, WIF_PROVIDER } from '../support/gitlab-oidc.js'
import { cliEnvRecorder } from '../support/review-script.js'

let world: BedrockWorld | undefined
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  await world?.close()
  world = undefined
  await Promise.all(closers.splice(0).map(close => close()))
})

test('AWS_ROLE_TO_ASSUME is the role when neither --role-to-assume nor CLAUDE_CLOUD_ROLE_TO_ASSUME is given', async () => {
  world = await startBedrockWorld({ oidc: GITLAB_TOKEN_OPTIONS })
  const jwt = world.oidc.mint('sts.amazonaws.com')
  const run = await runCommand({
    args: ['--provider', 'bedrock', '--region=us-east-1', '--sts-endpoint', world.stsUrl, '--model', 'claude-sonnet-4-5', '--prompt', 'Review this.'],
    env: {
      AWS_ROLE_TO_ASSUME: ROLE_ARN,
      CLAUDE_CLOUD_ID_TOKEN_ENV: 'CLAUDE_ID_TOKEN',
      CLAUDE_ID_TOKEN: jwt,
      ANTHROPIC_BEDROCK_BASE_URL: world.model.url,
      CLAUDE_CODE_MAX_RETRIES: '0'
    }
  })

  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain(
    "role-to-assume: from AWS_ROLE_TO_ASSUME, the name in Claude Code's GitLab guide (--role-to-assume or CLAUDE_CLOUD_ROLE_TO_ASSUME would come first)."
  )
  const assumed = world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity')
  expect(assumed.map(r => [r.params.RoleArn, r.params.WebIdentityToken])).toEqual([[ROLE_ARN, jwt]])
  expect(world.model.requests.find(r => r.main)?.accessKeyId).toBe(world.sts!.issued[0].accessKeyId)
  expect(run.outputs).toMatchObject({ conclusion: 'success', provider: 'bedrock', 'aws-account-id': '123456789012' })
})

test('GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT are the Vertex federation and the account it impersonates', async () => {
  const provider = WIF_PROVIDER
  const { google, model, jwt, closers: close } = await startGitLabVertexWorld('Reviewed on Vertex.')
  closers.push(...close)
  const run = await runCommand({
    args: ['--provider=vertex', '--model', 'claude-sonnet-4-5', '--prompt', 'Review the diff.', '--id-token-env', 'GCP_ID_TOKEN'],
    env: {
      GCP_WORKLOAD_IDENTITY_PROVIDER: provider,
      GCP_SERVICE_ACCOUNT: 'claude-ci@guide-project.iam.gserviceaccount.com',
      GCP_ID_TOKEN: jwt,
      CLAUDE_CLOUD_STS_ENDPOINT: google.stsUrl,
      CLAUDE_CLOUD_IAM_CREDENTIALS_ENDPOINT: google.iamUrl,
      ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`,
      CLAUDE_CODE_MAX_RETRIES: '0'
    }
  })

  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain('workload-identity-provider: from GCP_WORKLOAD_IDENTITY_PROVIDER, the name in')
  expect(run.stdout).toContain('service-account: from GCP_SERVICE_ACCOUNT, the name in')
  // The token went to the guide's provider, and the model was called as the guide's service account, in its project.
  expect(google.requests.some(r => r.body.subject_token === jwt)).toBe(true)
  expect(google.issued.serviceAccount.length).toBeGreaterThan(0)
  const main = model.requests.find(r => r.main)
  expect(main?.project).toBe('guide-project')
  expect(google.issued.serviceAccount).toContain(/^Bearer (.+)$/.exec(main?.headers.authorization ?? '')?.[1])
  expect(run.outputs).toMatchObject({ conclusion: 'success', provider: 'vertex' })
})

test('GITLAB_ACCESS_TOKEN writes the merge request note when gitlab-token and GITLAB_TOKEN are unset, and never reaches Claude Code', async () => {
  const model = await startModel({ text: 'The change is sound.' })
  const gitlab = await startGitLabApi()
  closers.push(model.close, gitlab.close)
  const apiKey = 'sk-ant-api03-e2e-guide-variables-key-0123456789'
  const cliEnv = cliEnvRecorder()
  const run = await runCommand({
    args: ['--prompt', 'Review this merge request.', '--comment-on-pr', '--claude-path', 'claude-recording-env'],
    secrets: [apiKey],
    prepare: cliEnv.install,
    env: {
      CLAUDE_CLOUD_ANTHROPIC_API_KEY: apiKey,
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '12',
      GITLAB_ACCESS_TOKEN: FAKE_GITLAB_TOKEN
    }
  })

  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain('gitlab-token: from GITLAB_ACCESS_TOKEN, the name in')
  expect(gitlab.notes.map(n => n.author.username)).toEqual(['claude-bot'])
  expect(gitlab.requests.length).toBeGreaterThan(0)
  expect(gitlab.requests.every(r => r.token === FAKE_GITLAB_TOKEN)).toBe(true)
  expect(run.outputs['comment-url']).toMatch(/merge_requests\/12#note_\d+$/)
  const recorded = readFileSync(cliEnv.file, 'utf8')
  expect(recorded).toContain('ANTHROPIC_BASE_URL=')
  expect(recorded).not.toContain(FAKE_GITLAB_TOKEN)
})
