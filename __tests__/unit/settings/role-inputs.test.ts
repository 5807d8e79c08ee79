// The assumed role's inputs: the session policy (Bedrock-only by default, custom JSON, or none), the
// allowed accounts, and a default session name that carries the run id for CloudTrail.
import { InputError } from '../../../src/settings/read-settings.js'
import { clearInputs, settingsFor } from '../../support/input-support.js'
import { defaultRoleSessionName, ROLE_SESSION_NAME } from '../../../src/settings/rules.js'
import { BEDROCK_SESSION_POLICY } from '../../../src/providers/session-policy.js'
import type { BedrockSettings } from '../../../src/settings/settings.js'

const saved = { ...process.env }
const ROLE = 'arn:aws:iam::123456789012:role/r'

beforeEach(() => {
  clearInputs()
  process.env.GITHUB_WORKSPACE = process.cwd()
})

afterAll(() => {
  process.env = saved
})

function read(inputs: Record<string, string>) {
  try {
    const auth = (settingsFor({ prompt: 'x', provider: 'bedrock', region: 'us-east-1', ...inputs }).provider as BedrockSettings).auth
    if (auth.kind !== 'role') throw new Error('expected a role')
    return auth
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
}

test("by default the session policy allows the four Bedrock actions, and a model's Marketplace subscription through Bedrock only", () => {
  const policy = JSON.parse(BEDROCK_SESSION_POLICY)
  expect(policy.Statement).toHaveLength(2)
  expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: '*' })
  expect(policy.Statement[0].Action.sort()).toEqual(
    ['bedrock:GetInferenceProfile', 'bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:ListInferenceProfiles'].sort()
  )
  expect(policy.Statement[1]).toEqual({
    Sid: 'ClaudeCodeModelSubscriptionViaBedrock',
    Effect: 'Allow',
    Action: ['aws-marketplace:ViewSubscriptions', 'aws-marketplace:Subscribe'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:CalledViaLast': 'bedrock.amazonaws.com' } }
  })
  expect(BEDROCK_SESSION_POLICY.length).toBeLessThanOrEqual(2048)
  expect(read({ 'role-to-assume': ROLE })).toMatchObject({ sessionPolicy: BEDROCK_SESSION_POLICY, allowedAccountIds: undefined })
})

test('session-policy: none sends none; a custom policy is sent, without its spaces', () => {
  expect(read({ 'role-to-assume': ROLE, 'session-policy': 'None' })).toMatchObject({ sessionPolicy: undefined })
  const custom = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ["bedrock:*", "s3:GetObject"], "Resource": "*"}]\n}'
  expect(read({ 'role-to-assume': ROLE, 'session-policy': custom })).toMatchObject({ sessionPolicy: JSON.stringify(JSON.parse(custom)) })
})

test('a session policy that is not JSON, or too long for STS, is an input error', () => {
  expect(read({ 'role-to-assume': ROLE, 'session-policy': 'bedrock:*' })).toEqual([
    expect.stringMatching(/^Input 'session-policy': it is not valid JSON .*, or none\.$/)
  ])
  const long = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: Array.from({ length: 200 }, (_, i) => `bedrock:Action${i}`), Resource: '*' }]
  })
  expect(read({ 'role-to-assume': ROLE, 'session-policy': long })).toEqual([
    expect.stringMatching(/^Input 'session-policy': is \d+ characters without spaces; STS takes at most 2048/)
  ])
})

test('allowed-account-ids takes a comma list of 12-digit ids', () => {
  expect(read({ 'role-to-assume': ROLE, 'allowed-account-ids': '111111111111, 222222222222' })).toMatchObject({
    allowedAccountIds: ['111111111111', '222222222222']
  })
  expect(read({ 'role-to-assume': ROLE, 'allowed-account-ids': '111111111111,1234' })).toEqual([
    expect.stringMatching(/^Input 'allowed-account-ids': '1234' is not an AWS account id/)
  ])
})

test('both need role-to-assume', () => {
  expect(read({ 'bedrock-api-key': 'ABSK-key', 'session-policy': 'none', 'allowed-account-ids': '111111111111' })).toEqual([
    "Input 'session-policy': is used with role-to-assume only; add role-to-assume or remove session-policy.",
    "Input 'allowed-account-ids': is used with role-to-assume only; add role-to-assume or remove allowed-account-ids."
  ])
})

test('the default session name carries the run id, within STS pattern and length', () => {
  process.env.GITHUB_RUN_ID = '12345678901'
  process.env.GITHUB_RUN_ATTEMPT = '2'
  try {
    expect(read({ 'role-to-assume': ROLE })).toMatchObject({ sessionName: 'claude-code-action-12345678901-2' })
  } finally {
    delete process.env.GITHUB_RUN_ID
    delete process.env.GITHUB_RUN_ATTEMPT
  }
  expect(defaultRoleSessionName('')).toBe('claude-code-action')
  const long = defaultRoleSessionName(`pipeline/${'9'.repeat(80)}:job`)
  expect(long).toMatch(ROLE_SESSION_NAME)
  expect(long.length).toBe(64)
  expect(long.endsWith('9-job')).toBe(true)
})
