// Least privilege on Bedrock: the role is assumed with an inline session policy (Bedrock calls only, by
// default), the session is named after the run for CloudTrail, and allowed-account-ids refuses a role
// in another account before Claude Code starts. A stub CLI stands in: the STS side is what matters here.
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { findLeaks, runAction, visibleLog } from '../support/runner.js'
import { printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

const BEDROCK_ONLY = ['bedrock:GetInferenceProfile', 'bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:ListInferenceProfiles']

function assumeRequests() {
  return world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity')
}

async function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runAction({
    inputs: { prompt: 'Review this.', ...world.inputs, 'claude-path': writeStub(printEvents(resultEvent('reviewed'))), ...inputs },
    env: { ...world.env, ...env }
  })
}

test('by default the session policy allows exactly the Bedrock calls the CLI makes, and the session is named after the run', async () => {
  world = await startBedrockWorld()
  const result = await run({})

  expect(result.exitCode).toBe(0)
  const [issued] = world.sts!.issued
  expect(issued.policy).not.toBeNull()
  const policy = JSON.parse(issued.policy!)
  const actions = policy.Statement.flatMap((s: { Effect: string; Action: string | string[]; Condition?: unknown }) =>
    s.Effect === 'Allow' && !s.Condition ? [s.Action].flat() : []
  )
  expect(actions.sort()).toEqual(BEDROCK_ONLY)
  // A model's first use in the account subscribes to it in the Marketplace, only as Bedrock's caller.
  expect(policy.Statement).toContainEqual(
    expect.objectContaining({
      Action: ['aws-marketplace:ViewSubscriptions', 'aws-marketplace:Subscribe'],
      Condition: { StringEquals: { 'aws:CalledViaLast': 'bedrock.amazonaws.com' } }
    })
  )
  expect(policy.Statement.every((s: { Effect: string }) => s.Effect === 'Allow')).toBe(true)
  // GITHUB_RUN_ID 4242, attempt 1 (runner.js): CloudTrail shows the run behind each call.
  expect(issued.roleSessionName).toBe('claude-code-action-4242-1')
  expect(visibleLog(result)).toContain("as session claude-code-action-4242-1 with the job's OIDC token (session policy: Bedrock calls only)")
  expect(findLeaks(result, world.secrets())).toEqual([])
})

test('session-policy: none sends no Policy parameter at all', async () => {
  world = await startBedrockWorld()
  const result = await run({ 'session-policy': 'none' })

  expect(result.exitCode).toBe(0)
  expect(assumeRequests()).toHaveLength(1)
  expect(Object.keys(assumeRequests()[0].params)).not.toContain('Policy')
  expect(world.sts!.issued[0].policy).toBeNull()
})

test('a custom session policy is sent as given', async () => {
  world = await startBedrockWorld()
  const custom = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['bedrock:InvokeModel*', 's3:GetObject'], Resource: '*' }] }
  const result = await run({ 'session-policy': JSON.stringify(custom, null, 2) })

  expect(result.exitCode).toBe(0)
  expect(JSON.parse(world.sts!.issued[0].policy!)).toEqual(custom)
})

test('a role in an account outside allowed-account-ids fails before Claude Code starts, and nothing gets its keys', async () => {
  world = await startBedrockWorld()
  const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-marker-')), 'ran')
  const result = await run(
    {
      'allowed-account-ids': '111111111111',
      'export-credentials': 'true',
      'claude-path': writeStub(`touch "${marker}"\n${printEvents(resultEvent('must not run'))}`)
    },
    { STUB_MARKER: marker }
  )

  expect(result.exitCode).toBe(1)
  const errors = visibleLog(result)
    .split('\n')
    .filter(line => line.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toContain('is in account 123456789012, which is not in allowed-account-ids (111111111111)')
  expect(existsSync(marker)).toBe(false)
  expect(world.model.requests).toEqual([])
  // Not handed on: no credentials for later steps, no credentials file, no account output.
  expect(Object.keys(result.exportedEnv).filter(name => name.startsWith('AWS_'))).toEqual([])
  expect(Object.keys(result.filesBeforePost).some(file => file.endsWith('aws-credentials.json'))).toBe(false)
  expect(result.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  expect(result.outputs['aws-account-id']).toBeUndefined()
  expect(result.summary).toContain('not in allowed-account-ids')
  expect(findLeaks(result, world.secrets())).toEqual([])
})

test('a role in a listed account runs', async () => {
  world = await startBedrockWorld()
  const result = await run({ 'allowed-account-ids': '111111111111,123456789012' })

  expect(result.exitCode).toBe(0)
  expect(result.outputs).toMatchObject({ result: 'reviewed', 'aws-account-id': '123456789012' })
})
