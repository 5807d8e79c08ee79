// The keyless Claude API's inputs: the federation ids select it, a key with them or a malformed id is an
// input error, and `audience` (refused for a keyed Claude API) defaults to https://api.anthropic.com.
import { clearInputs, problemsFor, settingsFor as read } from '../../support/input-support.js'
import { loadProvider } from '../../../src/providers/index.js'

const saved = { ...process.env }
const RULE = 'fdrl_01AbCdEfGh'
const ORG = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f'
const ACCOUNT = 'svac_01ZyXwVu'
const KEYLESS = { prompt: 'hi', 'anthropic-federation-rule-id': RULE, 'anthropic-organization-id': ORG, 'anthropic-service-account-id': ACCOUNT }

beforeEach(() => {
  clearInputs()
  process.env.GITHUB_WORKSPACE = process.cwd()
  delete process.env.ANTHROPIC_API_KEY
})

afterAll(() => {
  process.env = saved
})

test('the rule, organization and service account select keyless mode, with the Claude API audience', () => {
  expect(read(KEYLESS).provider).toEqual({
    name: 'anthropic',
    federation: { ruleId: RULE, organizationId: ORG, serviceAccountId: ACCOUNT, workspaceId: undefined, audience: 'https://api.anthropic.com' }
  })
})

test('a workspace and an audience of its own are taken', () => {
  expect(read({ ...KEYLESS, 'anthropic-workspace-id': 'wrkspc_01Qq', audience: 'https://ci.example.com' }).provider).toMatchObject({
    federation: { workspaceId: 'wrkspc_01Qq', audience: 'https://ci.example.com' }
  })
})

test('the keyless provider module is loaded for federation settings, the key one otherwise', async () => {
  const keyless = await loadProvider(read(KEYLESS).provider)
  expect(keyless.name).toBe('prepareAnthropicFederation')
  expect((await loadProvider({ name: 'anthropic', apiKey: 'sk-ant-x' })).name).toBe('prepareAnthropic')
})

test('a key together with the federation ids is refused', () => {
  expect(problemsFor({ ...KEYLESS, 'anthropic-api-key': 'sk-ant-x' })).toEqual([
    "Input 'anthropic-api-key': give either anthropic-api-key or the workload identity inputs (anthropic-federation-rule-id, ...), not both; keyless needs no key."
  ])
})

test('a missing id is named, and so is each malformed one', () => {
  expect(problemsFor({ prompt: 'hi', 'anthropic-federation-rule-id': RULE })).toEqual([
    "Input 'anthropic-organization-id': workload identity federation needs it too; copy it from the Console, e.g. 12345678-90ab-cdef-1234-567890abcdef (Console > Settings > Organization).",
    "Input 'anthropic-service-account-id': workload identity federation needs it too; copy it from the Console, e.g. svac_01AbCd... (Console > Settings > Service accounts)."
  ])
  expect(
    problemsFor({
      ...KEYLESS,
      'anthropic-federation-rule-id': 'rule-1',
      'anthropic-organization-id': 'org_1',
      'anthropic-service-account-id': 'sa_1',
      'anthropic-workspace-id': 'ws'
    })
  ).toEqual([
    "Input 'anthropic-federation-rule-id': 'rule-1' is not valid; expected the form fdrl_01AbCd... (Console > Settings > Workload identity).",
    "Input 'anthropic-organization-id': 'org_1' is not valid; expected the form 12345678-90ab-cdef-1234-567890abcdef (Console > Settings > Organization).",
    "Input 'anthropic-service-account-id': 'sa_1' is not valid; expected the form svac_01AbCd... (Console > Settings > Service accounts).",
    "Input 'anthropic-workspace-id': 'ws' is not valid; expected the form wrkspc_01AbCd...."
  ])
})

test('the federation inputs belong to provider anthropic', () => {
  expect(problemsFor({ prompt: 'hi', provider: 'vertex', 'project-id': 'my-project-42', 'anthropic-federation-rule-id': RULE })).toContain(
    "Input 'anthropic-federation-rule-id': only applies to provider 'anthropic', but provider is 'vertex'; remove it or set provider: anthropic."
  )
})
