// Claude Platform on AWS end to end: the bundled action (and the command, as GitLab runs it) trades the
// job's OIDC token at STS, and the real Claude Code CLI reaches the workspace through the model gateway,
// which signs each call with the issued key for aws-external-anthropic in the workspace's region. The
// endpoint stand-in checks what the service checks: the signature, the service, the region and the
// workspace header. A `claude` wrapper and a Bash tool dump what the agent can see: no credential.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ANTHROPIC_AWS_SESSION_POLICY } from '../../src/providers/session-policy.js'
import { startAwsWorld, WORKSPACE_ID, type AwsWorld } from '../support/anthropic-cloud-worlds.js'
import { runCommand } from '../support/command-runner.js'
import { GITLAB_TOKEN_OPTIONS } from '../support/gitlab-oidc.js'
import { dumpSentToModel, expectRefusals, PROBE_ENV, PROBE_TURN, probingWrapper, secretsIn } from '../support/gateway-probe.js'
import { fileCommands, parseFileCommands, runAction, visibleLog } from '../support/runner.js'
import { writeStub } from '../support/stub-claude.js'

let world: AwsWorld | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

function issuedSecrets(w: AwsWorld): string[] {
  return [w.oidc.requestToken, ...w.oidc.issued, ...w.sts.issued.flatMap(c => [c.accessKeyId, c.secretAccessKey, c.sessionToken])]
}

test('keyless: every call is signed with the STS-issued key for aws-external-anthropic in us-west-2, with the workspace header; the agent holds nothing', async () => {
  world = await startAwsWorld({ turns: [PROBE_TURN, { text: 'Looked around on AWS.' }] })
  const wrapper = probingWrapper()
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-tmpdir-'))
  const run = await runAction({
    // isolation off: the gateway alone must keep every credential from the CLI and its tools.
    inputs: { prompt: 'Look around.', ...world.inputs, 'allowed-tools': 'Bash(node:*)', isolation: 'off', 'claude-path': wrapper.path },
    // The job's own AWS keys must not reach the agent either.
    env: { ...world.env, ...PROBE_ENV, TMPDIR: tmp, AWS_ACCESS_KEY_ID: 'AKIAJOBENVKEY0000001', AWS_SECRET_ACCESS_KEY: 'job-env-secret-0123456789' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Looked around on AWS.',
    provider: 'anthropic-aws',
    region: 'us-west-2',
    regions: 'us-west-2',
    'aws-account-id': '123456789012',
    model: 'claude-sonnet-4-5'
  })
  // STS: the job's token, the role, and the default session policy of the service's inference calls.
  const [issued] = world.sts.issued
  expect(world.sts.issued).toHaveLength(1)
  expect(issued.policy).toBe(ANTHROPIC_AWS_SESSION_POLICY)
  expect(world.oidc.issued).toContain(world.sts.requests.find(r => r.action === 'AssumeRoleWithWebIdentity')?.params.WebIdentityToken)

  const calls = world.model.requests
  expect(calls.filter(r => r.main)).toHaveLength(2)
  for (const call of calls) {
    expect(call).toMatchObject({ provider: 'anthropic-aws', path: '/v1/messages', workspace: WORKSPACE_ID, region: 'us-west-2', signatureValid: true })
    expect(call.accessKeyId).toBe(issued.accessKeyId)
    expect(call.authorization).toMatch(/\/us-west-2\/aws-external-anthropic\/aws4_request, SignedHeaders=[^,]*anthropic-workspace-id/)
    expect(call.headers['anthropic-version']).toBe('2023-06-01')
    expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
  }

  // What the agent sees: the switch, skip-auth, the workspace and the gateway; no key, no token, no request URL.
  const dumps = [wrapper.read(), dumpSentToModel(world.model.requests)]
  for (const dump of dumps) {
    expect(dump.env).toMatchObject({
      CLAUDE_CODE_USE_ANTHROPIC_AWS: '1',
      CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH: '1',
      AWS_REGION: 'us-west-2',
      ANTHROPIC_AWS_WORKSPACE_ID: WORKSPACE_ID,
      ANTHROPIC_AWS_BASE_URL: dump.gateway?.base
    })
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
      expect(dump.env).not.toHaveProperty(name)
    expect(secretsIn(dump, [...issuedSecrets(world), 'job-env-secret-0123456789'])).toEqual([])
    expectRefusals(dump)
  }
  expect(run.summary).toContain('| Claude Platform on AWS | `us-west-2` |')
  expect(visibleLog(run)).toContain(`Claude Platform on AWS: assuming ${world.inputs['role-to-assume']} as session`)
  expect(visibleLog(run)).toContain('(session policy: inference calls only)')
})

test("a workspace key goes upstream as x-api-key, unsigned; other providers' switches in the job env never reach the CLI", async () => {
  const KEY = 'aws-workspace-key-e2e-0123456789'
  world = await startAwsWorld({ apiKey: KEY })
  const { 'role-to-assume': _role, 'sts-endpoint': _sts, ...inputs } = world.inputs
  const wrapper = probingWrapper()
  const foreign = {
    CLAUDE_CODE_USE_BEDROCK: '1',
    CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1',
    CLAUDE_CODE_USE_VERTEX: '1',
    CLAUDE_CODE_USE_FOUNDRY: '1',
    CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1'
  }
  const run = await runAction({
    inputs: { prompt: 'Review.', ...inputs, 'anthropic-aws-api-key': KEY, 'claude-path': wrapper.path },
    env: { ...world.env, ...foreign, ANTHROPIC_AWS_API_KEY: 'job-env-workspace-key-0123' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', provider: 'anthropic-aws', region: 'us-west-2' })
  expect(world.sts.requests).toEqual([])
  expect(world.model.requests.length).toBeGreaterThan(0)
  for (const call of world.model.requests) {
    expect(call).toMatchObject({ provider: 'anthropic-aws', workspace: WORKSPACE_ID, authProblem: null, authorization: null })
    expect(call.headers['x-api-key']).toBe(KEY)
  }
  const dump = wrapper.read()
  for (const name of Object.keys(foreign)) {
    expect(dump.env).not.toHaveProperty(name)
    expect(visibleLog(run)).toContain(
      `::warning::The job env sets ${name} (an earlier step's export-env?), which would take Claude Code off provider anthropic-aws`
    )
  }
  expect(dump.env).toMatchObject({ CLAUDE_CODE_USE_ANTHROPIC_AWS: '1', CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH: '1' })
  expect(dump.env).not.toHaveProperty('ANTHROPIC_AWS_API_KEY')
  expect(secretsIn(dump, [KEY, 'job-env-workspace-key-0123'])).toEqual([])
})

test('without workspace-id it is an input error, and nothing is requested anywhere', async () => {
  world = await startAwsWorld()
  const run = await runAction({ inputs: { prompt: 'Review.', ...world.inputs, 'workspace-id': '' }, env: world.env })

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toContain(
    "::error::Input 'workspace-id': Claude Platform on AWS needs the workspace its calls go to; set workspace-id: wrkspc_01AbCd... (the Claude Console of the cloud-linked organization, Settings > Workspaces)."
  )
  expect(world.oidc.requests).toEqual([])
  expect(world.sts.requests).toEqual([])
  expect(world.model.requests).toEqual([])
  expect(run.summary).toContain("Input 'workspace-id'")
})

test('the command as a GitLab job: the id_tokens JWT at STS, the real CLI through the gateway, the outputs as files', async () => {
  world = await startAwsWorld({
    oidc: GITLAB_TOKEN_OPTIONS
  })
  const jwt = world.oidc.mint('sts.amazonaws.com')
  const run = await runCommand({
    args: [
      '--provider',
      'anthropic-aws',
      '--region',
      'us-west-2',
      '--workspace-id',
      WORKSPACE_ID,
      '--sts-endpoint',
      world.sts.url,
      '--model',
      'claude-sonnet-4-5',
      '--prompt',
      'Review this.',
      '--id-token-env',
      'CLAUDE_ID_TOKEN'
    ],
    env: {
      ANTHROPIC_AWS_BASE_URL: world.model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CLAUDE_CLOUD_ROLE_TO_ASSUME: world.inputs['role-to-assume'],
      CLAUDE_ID_TOKEN: jwt
    },
    secrets: issuedSecrets(world)
  })

  expect(run.exitCode).toBe(0)
  expect(world.oidc.requests).toEqual([])
  expect(world.sts.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity').map(r => r.params.WebIdentityToken)).toEqual([jwt])
  const [issued] = world.sts.issued
  expect(world.model.requests.length).toBeGreaterThan(0)
  for (const call of world.model.requests) {
    expect(call).toMatchObject({
      provider: 'anthropic-aws',
      workspace: WORKSPACE_ID,
      region: 'us-west-2',
      signatureValid: true,
      accessKeyId: issued.accessKeyId
    })
  }
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'Reviewed on Claude Platform on AWS.',
    provider: 'anthropic-aws',
    region: 'us-west-2',
    'aws-account-id': '123456789012'
  })
  expect(run.dotenv).toMatchObject({ CLAUDE_CONCLUSION: 'success', CLAUDE_RESULT: 'Reviewed on Claude Platform on AWS.' })
  expect(run.summary).toContain('Claude Platform on AWS')
})

// A stub CLI for a long run: it calls the workspace through the gateway until a call comes back as signed
// with renewed keys, and reports to STUB_REPORT (never its stdout) what it saw.
const LONG_STUB = `exec node --input-type=module -e '
import { writeFileSync } from "node:fs"
const [name, ...value] = process.env.ANTHROPIC_CUSTOM_HEADERS.split(":")
const call = async () => {
  const res = await fetch(process.env.ANTHROPIC_AWS_BASE_URL + "/v1/messages?beta=true", {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", [name]: value.join(":").trim() },
    body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 8, messages: [{ role: "user", content: "hi" }] })
  })
  return { status: res.status, body: await res.json() }
}
const first = await call()
writeFileSync(process.env.STUB_REPORT + ".first", "")
let last = first
const until = Date.now() + 60000
while (!last.body.renewed && Date.now() < until) {
  await new Promise(r => setTimeout(r, 200))
  last = await call()
}
const keyEnv = Object.keys(process.env).filter(name => /^AWS_(ACCESS|SECRET|SESSION)/.test(name))
writeFileSync(process.env.STUB_REPORT, JSON.stringify({ first: first.status, last: last.status, renewed: last.body.renewed === true, keyEnv }))
console.log(JSON.stringify({ type: "result", subtype: "success", is_error: false, result: "long run done", num_turns: 1, session_id: "s", total_cost_usd: 0 }))
' -- "$@"`

test('keys that expire mid-run are renewed in memory, the gateway signs with the new ones, and export-credentials hands later steps the latest', async () => {
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-report-')), 'report.json')
  // Renewal waits for the stub's first call; from then on the first keys are refused as expired.
  world = await startAwsWorld({ credentialLifetimeSeconds: 4, expireFirstKeysOnRenewal: true, renewOnceTrue: () => existsSync(`${report}.first`) })
  const w = world
  w.model.respondWith(r => (r.signatureValid && r.accessKeyId !== w.sts.issued[0].accessKeyId ? { status: 200, body: { renewed: true } } : undefined))
  const run = await runAction({
    inputs: { prompt: 'A long task.', ...w.inputs, 'claude-path': writeStub(LONG_STUB), 'export-credentials': 'true' },
    env: { ...w.env, STUB_REPORT: report }
  })

  expect(run.exitCode).toBe(0)
  expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({ first: 200, last: 200, renewed: true, keyEnv: [] })
  const issued = w.sts.issued
  expect(issued.length).toBeGreaterThanOrEqual(2)
  // Every call verified; none went out with a key past its expiry.
  expect(w.model.requests.every(r => r.provider === 'anthropic-aws' && r.signatureValid === true)).toBe(true)
  // Renewal keeps the session policy and takes a fresh OIDC token each time.
  expect(issued.map(c => c.policy)).toEqual(issued.map(() => ANTHROPIC_AWS_SESSION_POLICY))
  expect(w.oidc.issued.length).toBe(issued.length)
  const latest = issued[issued.length - 1]
  expect(parseFileCommands(readFileSync(run.env.GITHUB_ENV, 'utf8'))).toMatchObject({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' })
  expect(
    fileCommands(readFileSync(run.env.GITHUB_ENV, 'utf8'))
      .filter(([name]) => name === 'AWS_ACCESS_KEY_ID')
      .map(([, value]) => value)
  ).toEqual([issued[0].accessKeyId, latest.accessKeyId, ''])
  expect(visibleLog(run)).toMatch(/Claude Platform on AWS: later steps get the renewed AWS credentials, valid until /)
})
