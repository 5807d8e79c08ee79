// The command (dist/cli.js) as a GitLab job runs it: GITLAB_CI=true and the CI_* variables, the JWT
// of an `id_tokens:` entry in an env variable (a GitLab issuer and sub), the loopback stand-ins and
// the real CLI. runCommand checks every run for credentials, `::` lines and a left private directory.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROLE_ARN, startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { PROJECT_PATH, runCommand } from '../support/command-runner.js'
import { GITLAB_SUB, GITLAB_TOKEN_OPTIONS, startGitLabVertexWorld, WIF_AUDIENCE, WIF_PROVIDER } from '../support/gitlab-oidc.js'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

let world: BedrockWorld | undefined
const closers: (() => Promise<void>)[] = []

afterEach(async () => {
  await world?.close()
  world = undefined
  await Promise.all(closers.splice(0).map(close => close()))
})

/** The Bedrock world's endpoints as flags, the role through its CLAUDE_CLOUD_ variable, the JWT in CLAUDE_ID_TOKEN. */
function bedrockCommand(w: BedrockWorld, jwt: string) {
  return {
    args: [
      '--provider',
      'bedrock',
      '--region=us-east-1',
      '--sts-endpoint',
      w.stsUrl,
      '--model',
      'claude-sonnet-4-5',
      '--prompt',
      'Review this.',
      '--id-token-env',
      'CLAUDE_ID_TOKEN'
    ],
    env: { ANTHROPIC_BEDROCK_BASE_URL: w.model.url, CLAUDE_CODE_MAX_RETRIES: '0', CLAUDE_CLOUD_ROLE_TO_ASSUME: ROLE_ARN, CLAUDE_ID_TOKEN: jwt }
  }
}

test('Bedrock: the id_tokens JWT is exchanged at STS, the real CLI signs with the issued key, and the outputs are files', async () => {
  world = await startBedrockWorld({ oidc: GITLAB_TOKEN_OPTIONS })
  const jwt = world.oidc.mint('sts.amazonaws.com')
  const run = await runCommand(bedrockCommand(world, jwt))

  expect(run.exitCode).toBe(0)
  // The token came from the env, not from an OIDC endpoint; STS got exactly it.
  expect(world.oidc.requests).toEqual([])
  expect(world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity').map(r => r.params.WebIdentityToken)).toEqual([jwt])
  const [issued] = world.sts!.issued
  expect(world.model.requests.find(r => r.main)?.accessKeyId).toBe(issued.accessKeyId)
  expect(world.model.requests.every(r => r.signatureValid)).toBe(true)
  // Its claims, never itself, for fixing a trust policy from the log.
  expect(run.stdout).toContain(`OIDC token from $CLAUDE_ID_TOKEN: iss https://gitlab.com, sub ${GITLAB_SUB}, aud sts.amazonaws.com`)
  // The CLI came from the tool cache that CLAUDE_CLOUD_TOOL_CACHE names (HOME is empty).
  expect(run.stdout).toMatch(/Claude Code [\d.]+: found in the tool cache/)

  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Reviewed on Bedrock.',
    provider: 'bedrock',
    region: 'us-east-1',
    'aws-account-id': '123456789012',
    'is-error': 'false'
  })
  expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0)
  expect(Number(run.outputs['input-tokens'])).toBeGreaterThan(0)
  expect(Number(run.outputs['output-tokens'])).toBeGreaterThan(0)
  expect(run.dotenv).toMatchObject({
    CLAUDE_CONCLUSION: 'success',
    CLAUDE_RESULT: 'Reviewed on Bedrock.',
    CLAUDE_COST_USD: run.outputs['cost-usd'],
    CLAUDE_INPUT_TOKENS: run.outputs['input-tokens'],
    CLAUDE_OUTPUT_TOKENS: run.outputs['output-tokens']
  })
  expect(run.summary).toContain('## ✓ Claude Code succeeded')
  expect(run.summary).toContain(`$${Number(run.outputs['cost-usd']).toFixed(4)}`)
  expect(run.summary).toContain('Reviewed on Bedrock.')
  // The execution file outlives the private directory, in the output dir.
  expect(run.outputs['execution-file']).toBe(path.join(run.outputDir, 'execution.jsonl'))
  expect(readFileSync(run.outputs['execution-file'], 'utf8')).toContain('"type":"result"')
})

test('Vertex: the JWT goes through Google STS and IAM Credentials, and the real CLI calls Vertex with the access token', async () => {
  const [provider, audience] = [WIF_PROVIDER, WIF_AUDIENCE]
  const { google, model, jwt, closers: close } = await startGitLabVertexWorld('Reviewed on Vertex.')
  closers.push(...close)
  const run = await runCommand({
    args: [
      '--provider=vertex',
      '--workload-identity-provider',
      provider,
      '--service-account',
      'claude-ci@sa-home-project.iam.gserviceaccount.com',
      '--model',
      'claude-sonnet-4-5',
      '--prompt',
      'Review the diff.'
    ],
    env: {
      CLAUDE_CLOUD_STS_ENDPOINT: google.stsUrl,
      CLAUDE_CLOUD_IAM_CREDENTIALS_ENDPOINT: google.iamUrl,
      CLAUDE_CLOUD_ID_TOKEN_ENV: 'GCP_ID_TOKEN',
      GCP_ID_TOKEN: jwt,
      ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`,
      CLAUDE_CODE_MAX_RETRIES: '0'
    }
  })

  expect(run.exitCode).toBe(0)
  expect(google.requests.some(r => r.body.subject_token === jwt)).toBe(true)
  expect(google.issued.serviceAccount.length).toBeGreaterThan(0)
  const main = model.requests.find(r => r.main)
  expect(main?.project).toBe('sa-home-project')
  expect(google.issued.serviceAccount).toContain(/^Bearer (.+)$/.exec(main?.headers.authorization ?? '')?.[1])
  expect(run.stdout).toContain(`OIDC token from $GCP_ID_TOKEN: iss https://gitlab.com, sub ${GITLAB_SUB}, aud ${audience}`)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Reviewed on Vertex.', provider: 'vertex', region: 'global' })
  expect(run.dotenv).toMatchObject({
    CLAUDE_CONCLUSION: 'success',
    CLAUDE_PROVIDER: 'vertex',
    CLAUDE_COST_USD: run.outputs['cost-usd'],
    CLAUDE_INPUT_TOKENS: run.outputs['input-tokens']
  })
  expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0)
  expect(run.summary).toContain('Reviewed on Vertex.')
  expect(run.summary).toContain(`$${Number(run.outputs['cost-usd']).toFixed(4)}`)
  expect(existsSync(path.join(run.outputDir, 'execution.jsonl'))).toBe(true)
})

test('a trust-policy refusal quotes the GitLab issuer and sub in the hint, and the run exits 1', async () => {
  world = await startBedrockWorld({ oidc: GITLAB_TOKEN_OPTIONS })
  world.sts!.script([{ code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' }])
  const run = await runCommand(bedrockCommand(world, world.oidc.mint('sts.amazonaws.com')))

  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain(`gitlab.com:sub = "${GITLAB_SUB}" and :aud = "sts.amazonaws.com"`)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  expect(run.summary).toContain('did not run')
})

test("Claude Code's environment holds neither the id_tokens JWT nor the job token, nor any variable that carries it", async () => {
  world = await startBedrockWorld({ oidc: GITLAB_TOKEN_OPTIONS })
  const jwt = world.oidc.mint('sts.amazonaws.com')
  const jobToken = 'glcbt-64_standinJobToken0123456789'
  const dump = mkdtempSync(path.join(os.tmpdir(), 'cca-gitlab-env-'))
  const stub = writeStub(`env > '${dump}/env'\n${printEvents(INIT_EVENT, resultEvent('Looked around.'))}`)
  const command = bedrockCommand(world, jwt)
  try {
    const run = await runCommand({
      args: [...command.args, '--claude-path', stub],
      env: {
        ...command.env,
        CI_JOB_TOKEN: jobToken,
        CI_REPOSITORY_URL: `https://gitlab-ci-token:${jobToken}@gitlab.com/${PROJECT_PATH}.git`,
        CI_REGISTRY_PASSWORD: jobToken,
        CI_DEPENDENCY_PROXY_PASSWORD: jobToken
      },
      secrets: [jobToken]
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked around.')
    const env = readFileSync(path.join(dump, 'env'), 'utf8')
    // Renewal still reads the JWT from the command's own environment; Claude Code's has none of these.
    for (const name of ['CLAUDE_ID_TOKEN', 'CI_JOB_TOKEN', 'CI_REPOSITORY_URL', 'CI_REGISTRY_PASSWORD', 'CI_DEPENDENCY_PROXY_PASSWORD']) {
      expect(env).not.toMatch(new RegExp(`^${name}=`, 'm'))
    }
    expect(env).not.toContain(jwt)
    expect(env).not.toContain(jobToken)
    // The rest of the job stays: what the agent may need to know about the pipeline.
    expect(env).toContain(`CI_PROJECT_PATH=${PROJECT_PATH}`)
    expect(env).toContain('CI_PIPELINE_ID=9001')
    expect(env).toMatch(/^CLAUDE_CODE_USE_BEDROCK=1$/m)
  } finally {
    rmSync(dump, { recursive: true, force: true })
  }
})
