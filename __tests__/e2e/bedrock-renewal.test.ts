// Long runs on Bedrock: the action renews the assumed-role credentials in a 0600 file while the CLI
// runs, and the CLI reads them through awsCredentialExport. A stub CLI plays the real one's part:
// it runs the export command until the keys change, as Claude Code does when Bedrock calls them expired.
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { fileCommands, findLeaks, maskedValues, parseFileCommands, runAction, visibleLog } from '../support/runner.js'
import { writeStub } from '../support/stub-claude.js'
import { existsSync, readFileSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

// Node, not sh: it has to read --settings as JSON. It reports to STUB_REPORT, never to its stdout,
// so no key reaches the log even if redaction failed.
const STUB = `exec node --input-type=module -e '
import { execSync } from "node:child_process"
import { statSync, writeFileSync } from "node:fs"
const settings = JSON.parse(process.argv[process.argv.indexOf("--settings") + 1])
const command = settings.awsCredentialExport
const read = () => JSON.parse(execSync(command, { encoding: "utf8" })).Credentials
const first = read()
writeFileSync(process.env.STUB_REPORT + ".first", "")
let next = first
const until = Date.now() + 60000
while (next.AccessKeyId === first.AccessKeyId && Date.now() < until) {
  await new Promise(r => setTimeout(r, 200))
  next = read()
}
const file = command.split("\\"")[5]
writeFileSync(process.env.STUB_REPORT, JSON.stringify({ first: first.AccessKeyId, next: next.AccessKeyId, file, mode: statSync(file).mode & 0o777, envKey: process.env.AWS_ACCESS_KEY_ID ?? null }))
console.log(JSON.stringify({ type: "result", subtype: "success", is_error: false, result: "long run done", num_turns: 1, session_id: "s", total_cost_usd: 0 }))
' -- "$@"`

test('credentials that expire mid-run are renewed in place, and the CLI gets the new ones', async () => {
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-report-')), 'report.json')
  // Renewal waits until the stub has read the first keys, however slow the machine is.
  world = await startBedrockWorld({ credentialLifetimeSeconds: 4, renewOnceTrue: () => existsSync(`${report}.first`) })
  const run = await runAction({
    inputs: { prompt: 'A long task.', ...world.inputs, 'claude-path': writeStub(STUB) },
    env: { ...world.env, STUB_REPORT: report }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('long run done')
  const seen = JSON.parse(readFileSync(report, 'utf8'))
  const issued = world.sts!.issued.map(c => c.accessKeyId)
  expect(issued.length).toBeGreaterThanOrEqual(2)
  expect(seen.first).toBe(issued[0])
  expect(seen.next).toBe(issued[1])
  // Each renewal used a fresh OIDC token; the request token never left the action.
  expect(world.oidc.issued.length).toBe(world.sts!.issued.length)
  // Renewal keeps the session policy: the renewed keys are no broader than the first ones.
  expect(world.sts!.issued[0].policy).toMatch(/"bedrock:InvokeModel"/)
  expect(world.sts!.issued.map(c => c.policy)).toEqual(world.sts!.issued.map(() => world.sts!.issued[0].policy))
  expect(seen.mode).toBe(0o600)
  expect(seen.file.startsWith(run.runnerTemp)).toBe(true)
  expect(seen.envKey).toBeNull()
  expect(visibleLog(run)).toMatch(/Renewed the AWS credentials; it now expires at/)
  expect(Object.keys(run.filesBeforePost).some(f => f.endsWith('aws-credentials.json'))).toBe(false)
  expect(findLeaks(run, world.secrets())).toEqual([])
})

test('with export-credentials, later steps get the renewed keys, not the expired first ones, until the post step', async () => {
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-report-')), 'report.json')
  // Renewal waits until the stub has read the first keys, however slow the machine is.
  world = await startBedrockWorld({ credentialLifetimeSeconds: 4, renewOnceTrue: () => existsSync(`${report}.first`) })
  const run = await runAction({
    inputs: { prompt: 'A long task.', ...world.inputs, 'claude-path': writeStub(STUB), 'export-credentials': 'true' },
    env: { ...world.env, STUB_REPORT: report }
  })

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

test('the real CLI, refused for expired keys, reads the renewed ones through awsCredentialExport and goes on', async () => {
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
  // Turn 1 with the first keys; after the sleep they had expired: Bedrock refused them, the CLI asked
  // awsCredentialExport again (as it does on a credential error) and turn 2 went out with renewed keys.
  expect(calls[0]).toMatchObject({ accessKeyId: first, signatureValid: true, turn: 0 })
  expect(calls.filter(r => r.signatureProblem?.startsWith('ExpiredTokenException')).map(r => r.accessKeyId)).toEqual([first])
  const last = calls[calls.length - 1]
  expect(last).toMatchObject({ signatureValid: true, turn: 1 })
  expect(last.accessKeyId).not.toBe(first)
  expect(issued.slice(1).map(c => c.accessKeyId)).toContain(last.accessKeyId)
  expect(findLeaks(run, world.secrets())).toEqual([])
}, 90_000)
