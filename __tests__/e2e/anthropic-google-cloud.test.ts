// Claude on Google Cloud end to end: the bundled action exchanges the job's OIDC token with Google STS,
// impersonates the service account, and the real Claude Code CLI reaches the workspace through the model
// gateway, which puts the impersonated token on each call at the full invoke path. The endpoint stand-in
// lets in only tokens IAM Credentials issued. A `claude` wrapper and a Bash tool dump what the agent can
// see: no credential, and the project named so the CLI's auth library never looks it up.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { GOOGLE_PROJECT, SERVICE_ACCOUNT, startGoogleWorld, WORKSPACE_ID, type GoogleWorld } from '../support/anthropic-cloud-worlds.js'
import { dumpSentToModel, expectRefusals, PROBE_ENV, PROBE_TURN, probingWrapper, secretsIn } from '../support/gateway-probe.js'
import { runAction, visibleLog } from '../support/runner.js'

let world: GoogleWorld | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

function issuedSecrets(w: GoogleWorld): string[] {
  return [w.oidc.requestToken, ...w.oidc.issued, ...w.google.issued.federated, ...w.google.issued.serviceAccount]
}

const FOREIGN_SWITCHES = { CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', CLAUDE_CODE_USE_ANTHROPIC_AWS: '1' }

test('keyless: every call carries the impersonated token at /v1/projects/…/locations/…/workspaces/…/invoke/v1/messages; the agent holds nothing', async () => {
  world = await startGoogleWorld({ turns: [PROBE_TURN, { text: 'Looked around on Google Cloud.' }] })
  const wrapper = probingWrapper()
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-tmpdir-'))
  const run = await runAction({
    // isolation off: the gateway alone must keep every credential from the CLI and its tools.
    inputs: { prompt: 'Look around.', ...world.inputs, 'allowed-tools': 'Bash(node:*)', isolation: 'off', 'claude-path': wrapper.path },
    env: { ...world.env, ...PROBE_ENV, ...FOREIGN_SWITCHES, TMPDIR: tmp, GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/job-credentials.json' }
  })
  // Other providers' switches in the job env never reach the CLI, and each is named in a warning.
  for (const name of Object.keys(FOREIGN_SWITCHES)) {
    expect(wrapper.read().env).not.toHaveProperty(name)
    expect(visibleLog(run)).toContain(
      `::warning::The job env sets ${name} (an earlier step's export-env?), which would take Claude Code off provider anthropic-google-cloud`
    )
  }

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Looked around on Google Cloud.',
    provider: 'anthropic-google-cloud',
    region: 'us-east5',
    model: 'claude-sonnet-4-5'
  })
  // Google STS got the job's token for the provider; IAM Credentials was asked for the service account.
  const sts = world.google.requests.filter(r => r.target === 'sts')
  expect(sts.length).toBeGreaterThanOrEqual(1)
  for (const request of sts) expect(world.oidc.issued).toContain(request.body.subject_token)
  expect(world.google.requests.filter(r => r.target === 'iam').map(r => r.email)).toContain(SERVICE_ACCOUNT)

  const calls = world.model.requests
  expect(calls.filter(r => r.main)).toHaveLength(2)
  for (const call of calls) {
    expect(call).toMatchObject({
      provider: 'anthropic-google-cloud',
      path: `${world.invokePath('us-east5')}/v1/messages`,
      project: GOOGLE_PROJECT,
      region: 'us-east5',
      workspace: WORKSPACE_ID,
      authProblem: null
    })
    expect(world.google.issued.serviceAccount).toContain(/^Bearer (.+)$/.exec(call.authorization ?? '')?.[1])
    expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
  }

  const dumps = [wrapper.read(), dumpSentToModel(world.model.requests)]
  for (const dump of dumps) {
    expect(dump.env).toMatchObject({
      CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1',
      CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH: '1',
      ANTHROPIC_GOOGLE_CLOUD_PROJECT: GOOGLE_PROJECT,
      GOOGLE_CLOUD_PROJECT: GOOGLE_PROJECT,
      ANTHROPIC_GOOGLE_CLOUD_LOCATION: 'us-east5',
      ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID: WORKSPACE_ID,
      ANTHROPIC_GOOGLE_CLOUD_BASE_URL: dump.gateway?.base
    })
    for (const name of ['GOOGLE_APPLICATION_CREDENTIALS', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL'])
      expect(dump.env).not.toHaveProperty(name)
    expect(secretsIn(dump, issuedSecrets(world))).toEqual([])
    expectRefusals(dump)
  }
  expect(run.summary).toContain('| Claude on Google Cloud | `us-east5` |')
  expect(visibleLog(run)).toContain(`Claude on Google Cloud: Google accepted the token; impersonated ${SERVICE_ACCOUNT}`)
})

test('without workspace-id it is an input error, and nothing is requested anywhere', async () => {
  world = await startGoogleWorld()
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs, 'workspace-id': '' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain("::error::Input 'workspace-id': Claude on Google Cloud needs the workspace its calls go to")
  expect(world.oidc.requests).toEqual([])
  expect(world.google.requests).toEqual([])
  expect(world.model.requests).toEqual([])
})

test('a refused impersonation fails before Claude Code starts, with the grant to add', async () => {
  world = await startGoogleWorld()
  world.google.script([{ target: 'iam', status: 403 }])
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain(`::error::This job may not impersonate ${SERVICE_ACCOUNT}`)
  expect(world.model.requests).toEqual([])
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
})
