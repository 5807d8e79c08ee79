// Long runs on Bedrock: the action renews the assumed-role credentials in its own memory while the CLI
// runs, and the model gateway signs each call with the keys current when it goes out. A stub CLI stands
// in for a long one: it calls the model through the gateway until a call is signed with renewed keys.
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { fileCommands, findLeaks, listFiles, maskedValues, parseFileCommands, runAction, visibleLog } from '../support/runner.js'
import { writeStub } from '../support/stub-claude.js'
import { existsSync, readFileSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

// Node, not sh: it calls the gateway with fetch. It reports to STUB_REPORT, never to its stdout, so
// nothing it saw reaches the log even if redaction failed.
const STUB = `exec node --input-type=module -e '
import { writeFileSync } from "node:fs"
const base = process.env.ANTHROPIC_BEDROCK_BASE_URL
const [name, ...value] = process.env.ANTHROPIC_CUSTOM_HEADERS.split(":")
const call = async () => {
  const res = await fetch(base + "/model/claude-sonnet-4-5/invoke", {
    method: "POST",
    headers: { "content-type": "application/json", [name]: value.join(":").trim() },
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 8, messages: [{ role: "user", content: "hi" }] })
  })
  return { status: res.status, body: await res.json() }
}
const first = await call()
writeFileSync(process.env.STUB_REPORT + ".first", "")
let calls = 1
let last = first
const until = Date.now() + 60000
while (!last.body.renewed && Date.now() < until) {
  await new Promise(r => setTimeout(r, 200))
  last = await call()
  calls++
}
const keyEnv = Object.keys(process.env).filter(name => /^AWS_(ACCESS|SECRET|SESSION)/.test(name))
writeFileSync(process.env.STUB_REPORT, JSON.stringify({ first: first.status, last: last.status, renewed: last.body.renewed === true, calls, keyEnv }))
console.log(JSON.stringify({ type: "result", subtype: "success", is_error: false, result: "long run done", num_turns: 1, session_id: "s", total_cost_usd: 0 }))
' -- "$@"`

/** A stub run that lasts until the gateway signs with renewed keys; renewal waits until the stub's first call. */
async function longStubRun(inputs: Record<string, string> = {}) {
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-report-')), 'report.json')
  world = await startBedrockWorld({ credentialLifetimeSeconds: 4, renewOnceTrue: () => existsSync(`${report}.first`) })
  // The stand-in tells the stub when a call came signed with other keys than the first ones.
  world.model.respondWith(r => (r.accessKeyId && r.accessKeyId !== world.sts!.issued[0].accessKeyId ? { status: 200, body: { renewed: true } } : undefined))
  const run = await runAction({
    inputs: { prompt: 'A long task.', ...world.inputs, 'claude-path': writeStub(STUB), ...inputs },
    env: { ...world.env, STUB_REPORT: report }
  })
  return { run, seen: JSON.parse(readFileSync(report, 'utf8')) }
}

test('credentials that expire mid-run are renewed in memory, and the gateway signs the next calls with the new ones', async () => {
  const { run, seen } = await longStubRun()

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('long run done')
  expect(seen).toMatchObject({ first: 200, last: 200, renewed: true, keyEnv: [] })
  const issued = world.sts!.issued.map(c => c.accessKeyId)
  expect(issued.length).toBeGreaterThanOrEqual(2)
  const signedWith = world.model.requests.map(r => r.accessKeyId)
  expect(signedWith[0]).toBe(issued[0])
  expect(issued.slice(1)).toContain(signedWith[signedWith.length - 1])
  expect(world.model.requests.every(r => r.signatureValid === true)).toBe(true)
  // Each renewal used a fresh OIDC token; the request token never left the action.
  expect(world.oidc.issued.length).toBe(world.sts!.issued.length)
  // Renewal keeps the session policy: the renewed keys are no broader than the first ones.
  expect(world.sts!.issued[0].policy).toMatch(/"bedrock:InvokeModel"/)
  expect(world.sts!.issued.map(c => c.policy)).toEqual(world.sts!.issued.map(() => world.sts!.issued[0].policy))
  expect(visibleLog(run)).toMatch(/Renewed the AWS credentials; it now expires at/)
  // No credentials file, at any time: nothing under RUNNER_TEMP ever held the keys.
  expect(Object.keys(run.filesBeforePost).some(f => f.endsWith('aws-credentials.json'))).toBe(false)
  expect(listFiles(run.runnerTemp)).toEqual([])
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('with export-credentials, later steps get the renewed keys, not the expired first ones, until the post step', async () => {
  const { run } = await longStubRun({ 'export-credentials': 'true' })

  expect(run.exitCode).toBe(0)
  const issued = world.sts!.issued
  expect(issued.length).toBeGreaterThanOrEqual(2)
  // The runner applies GITHUB_ENV top to bottom, so the last value of each variable is what later steps see.
  const latest = issued[issued.length - 1]
  expect(run.exportedEnv).toMatchObject({
    AWS_ACCESS_KEY_ID: latest.accessKeyId,
    AWS_SECRET_ACCESS_KEY: latest.secretAccessKey,
    AWS_SESSION_TOKEN: latest.sessionToken
  })
  const log = visibleLog(run)
  expect(log).toMatch(/Bedrock: later steps get the renewed AWS credentials, valid until /)
  for (const secret of [latest.accessKeyId, latest.secretAccessKey, latest.sessionToken]) {
    expect(maskedValues(run)).toContain(secret)
    expect(log).not.toContain(secret)
  }

  const envFile = readFileSync(run.env.GITHUB_ENV, 'utf8')
  const keyIds = fileCommands(envFile)
    .filter(([name]) => name === 'AWS_ACCESS_KEY_ID')
    .map(([, value]) => value)
  expect(keyIds).toEqual([issued[0].accessKeyId, latest.accessKeyId, ''])
  expect(parseFileCommands(envFile)).toMatchObject({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '' })
})

test('the real CLI outlives the first keys: turn 2 goes out signed with renewed ones, and Bedrock never sees an expired key', async () => {
  // Expiry follows events, whatever the machine's speed: renewal waits for the first model call, and
  // the first keys are refused once renewed ones exist. The sleep leaves the renewal time to land.
  world = await startBedrockWorld({
    credentialLifetimeSeconds: 4,
    expireFirstKeysOnRenewal: true,
    turns: [{ toolUse: { name: 'Bash', input: { command: 'sleep 6' } } }, { text: 'Done after the wait.' }]
  })
  const run = await runAction({ inputs: { prompt: 'A long task.', ...world.inputs, 'allowed-tools': 'Bash(sleep:*)' }, env: world.env })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Done after the wait.')
  const issued = world.sts!.issued
  const first = issued[0].accessKeyId
  const calls = world.model.requests.filter(r => r.main)
  // Turn 1 with the first keys; turn 2 with the renewed ones the gateway held by then: no call was refused.
  expect(calls.map(r => r.turn)).toEqual([0, 1])
  expect(calls[0]).toMatchObject({ accessKeyId: first, signatureValid: true })
  expect(calls[1]).toMatchObject({ signatureValid: true })
  expect(calls[1].accessKeyId).not.toBe(first)
  expect(issued.slice(1).map(c => c.accessKeyId)).toContain(calls[1].accessKeyId)
  expect(world.model.requests.filter(r => r.signatureProblem)).toEqual([])
  expect(findLeaks(run, world.secrets())).toEqual([])
}, 90_000)
