// Faults in the credential phase: what heals is retried (with a fresh OIDC token when needed),
// what cannot heal fails at once with the cause and the fix.
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { findLeaks, runAction, visibleLog } from '../support/runner.js'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

function bedrockRun(env: Record<string, string | undefined> = {}) {
  return runAction({ inputs: { prompt: 'Review this.', ...world.inputs }, env: { ...world.env, ...env } })
}

const assumeCalls = () => world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity')

test.each([
  ['HTTP 500', { status: 500 }],
  ['Throttling', { status: 400, code: 'Throttling' }],
  ['a dropped connection', { reset: true }]
])('STS failing with %s three times, then answering, ends in success', async (_name, fault) => {
  world = await startBedrockWorld()
  world.sts!.script([fault, fault, fault])
  const run = await bedrockRun()

  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(assumeCalls()).toHaveLength(4)
  expect(visibleLog(run).match(/STS AssumeRoleWithWebIdentity failed .*; attempt \d in \d+ ms/g)).toHaveLength(3)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('AccessDenied fails after one attempt, naming the trust policy condition and the token subject', async () => {
  world = await startBedrockWorld()
  world.sts!.script([{ status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' }])
  const run = await bedrockRun()

  expect(run.exitCode).toBe(1)
  expect(assumeCalls()).toHaveLength(1)
  const log = visibleLog(run)
  expect(log).toContain('::error::STS refused to let this job assume arn:aws:iam::123456789012:role/claude-code-ci')
  expect(log).toContain('token.actions.githubusercontent.com:sub = \\"repo:octo-org/octo-repo:ref:refs/heads/main\\"'.replace(/\\"/g, '"'))
  expect(log).toContain('docs/aws.md')
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  expect(world.model.requests).toEqual([])
  // The job summary says why, though Claude Code never ran.
  expect(run.summary).toMatch(/^## ✗ Claude Code did not run\n\n```text\nSTS refused to let this job assume arn:aws:iam::123456789012:role\/claude-code-ci/)
  expect(run.summary).toContain('docs/aws.md')
})

test('an unknown identity token fails at once with the identity-provider hint', async () => {
  world = await startBedrockWorld()
  world.sts!.script([{ status: 400, code: 'InvalidIdentityToken', message: 'Incorrect token audience' }])
  const run = await bedrockRun()

  expect(run.exitCode).toBe(1)
  expect(assumeCalls()).toHaveLength(1)
  expect(visibleLog(run)).toMatch(/::error::STS rejected the GitHub OIDC token \(InvalidIdentityToken\).*IAM OIDC identity provider/)
})

test('a retry that would outlive the OIDC token fetches a fresh one', async () => {
  // Tokens that live 20 s are inside the action's 30 s margin, so every attempt gets a new one.
  world = await startBedrockWorld({ oidcLifetimeSeconds: 20 })
  world.sts!.script([{ status: 400, code: 'Throttling' }])
  const run = await bedrockRun()

  expect(run.exitCode).toBe(0)
  const tokens = assumeCalls().map(r => r.params.WebIdentityToken)
  expect(tokens).toHaveLength(2)
  expect(new Set(tokens).size).toBe(2)
  expect(world.oidc.issued).toEqual(expect.arrayContaining(tokens))
})

test('an expired OIDC token is replaced and the exchange retried', async () => {
  world = await startBedrockWorld()
  world.sts!.script([{ status: 400, code: 'ExpiredTokenException' }])
  const run = await bedrockRun()

  expect(run.exitCode).toBe(0)
  expect(world.oidc.issued).toHaveLength(2)
  expect(assumeCalls()[1].params.WebIdentityToken).toBe(world.oidc.issued[1])
})

test.each([
  ['503 twice', 503],
  ['500 twice', 500]
])('the OIDC endpoint answering %s still ends in success', async (_name, status) => {
  world = await startBedrockWorld()
  world.oidc.failNext(2, status)
  const run = await bedrockRun()

  expect(run.exitCode).toBe(0)
  expect(world.oidc.requests).toHaveLength(3)
  expect(world.oidc.issued).toHaveLength(1)
})

test('without permissions id-token: write the step fails once, showing the YAML to add', async () => {
  world = await startBedrockWorld()
  const run = await bedrockRun({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined })

  expect(run.exitCode).toBe(1)
  const errors = visibleLog(run)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain('permissions:%0A    id-token: write%0A    contents: read')
  expect(run.summary).toContain('permissions:\n    id-token: write\n    contents: read')
  expect(visibleLog(run)).not.toMatch(/\n\s+at /)
  expect(world.oidc.requests).toEqual([])
  expect(world.sts!.requests).toEqual([])
})

// The deadline is shortened for tests only; production keeps 120 s. A step that hung would be killed at
// timeoutMs and show exitCode null, so exitCode 1 proves it gave up by itself.
const SHORT_DEADLINE = { CLAUDE_CLOUD_ACTION_CREDENTIAL_DEADLINE_MS: '3000' }

test('an STS that accepts the request and never answers fails the step at the credential deadline, naming STS', async () => {
  world = await startBedrockWorld()
  world.sts!.script([{ hang: true }])
  const run = await runAction({ inputs: { prompt: 'Review this.', ...world.inputs }, env: { ...world.env, ...SHORT_DEADLINE }, timeoutMs: 60_000 })

  expect(run.exitCode).toBe(1)
  expect(assumeCalls()).toHaveLength(1)
  expect(visibleLog(run)).toMatch(
    new RegExp(
      `::error::STS AssumeRoleWithWebIdentity for arn:aws:iam::123456789012:role/claude-code-ci got no answer from ${world.stsUrl} before the credential deadline \\(waited \\d+\\.\\d s\\)\\.%0ACheck sts-endpoint`
    )
  )
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  expect(world.model.requests).toEqual([])
})

test('a GitHub OIDC endpoint that never answers fails the step at the credential deadline', async () => {
  world = await startBedrockWorld()
  world.oidc.hangNext(1)
  const run = await runAction({ inputs: { prompt: 'Review this.', ...world.inputs }, env: { ...world.env, ...SHORT_DEADLINE }, timeoutMs: 60_000 })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toMatch(/::error::GitHub's OIDC token endpoint gave no answer before the credential deadline \(waited \d+\.\d s\); re-run the job\./)
  expect(world.oidc.requests).toHaveLength(1)
  expect(world.sts!.requests).toEqual([])
})

test('an sts-endpoint where nothing listens fails after one attempt, with the hint to check it', async () => {
  world = await startBedrockWorld()
  const closed = world.stsUrl
  await world.sts!.close()
  const run = await runAction({ inputs: { prompt: 'Review this.', ...world.inputs, 'sts-endpoint': closed }, env: world.env })

  expect(run.exitCode).toBe(1)
  const log = visibleLog(run)
  expect(log).not.toContain('STS AssumeRoleWithWebIdentity failed')
  expect(log).toMatch(
    new RegExp(
      `::error::STS AssumeRoleWithWebIdentity for \\S+: nothing accepts connections at ${new URL(closed).host} \\(ECONNREFUSED\\)\\.%0ACheck the host and port of sts-endpoint`
    )
  )
  expect(world.model.requests).toEqual([])
})
