// The agent holds no key, on every provider: the real CLI reaches the model through the action's gateway,
// which authorizes each call; a `claude` wrapper and a Bash tool inside the CLI dump the env and every
// file they can read, and neither dump holds a secret of the run. The gateway refuses calls without its
// secret and calls that are not model calls, while it runs.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { dumpSentToModel, expectRefusals, PROBE_ENV, PROBE_TURN, probingWrapper, secretsIn, type ProbeDump } from '../support/gateway-probe.js'
import { findLeaks, maskedValues, runAction, type ActionRun } from '../support/runner.js'

const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})

/** Runs the action with the probing wrapper as claude-path and the probe as the model's first turn. */
async function probedRun(inputs: Record<string, string>, env: Record<string, string | undefined>) {
  const wrapper = probingWrapper()
  // TMPDIR of its own, so the probe reads this run's temp files and no other test's.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-tmpdir-'))
  const run = await runAction({
    inputs: { prompt: 'Look around.', 'allowed-tools': 'Bash(node:*)', ...inputs, 'claude-path': wrapper.path },
    env: { ...PROBE_ENV, TMPDIR: tmp, ...env }
  })
  return { run, wrapperDump: wrapper.read() }
}

/** The run's secrets are nowhere the agent looked, and the gateway turned the probe away both times. */
function expectNoSecretSeen(run: ActionRun, dumps: ProbeDump[], secrets: string[]): void {
  for (const dump of dumps) {
    expect(secretsIn(dump, secrets)).toEqual([])
    expectRefusals(dump)
    // What the printed dump left out is still in the run's directory, which findLeaks reads below.
    for (const file of dump.skipped ?? []) expect(Object.keys(run.filesBeforePost)).toContain(file)
  }
  // The probes did read the run's files: the CLI's config dir, and the private directory.
  expect(Object.keys(dumps[1].files).some(file => file.startsWith(run.runnerTemp))).toBe(true)
  expect(findLeaks(run, secrets)).toEqual([])
}

describe('the Claude API', () => {
  const API_KEY = 'sk-ant-api03-gateway-e2e-key-0123456789'

  test('with a key: the gateway puts it on every call, and the CLI and its tools hold a placeholder', async () => {
    const model = await startModel({ turns: [PROBE_TURN, { text: 'Looked.' }] })
    closers.push(() => model.close())
    const { run, wrapperDump } = await probedRun(
      { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5' },
      { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', ANTHROPIC_AUTH_TOKEN: 'job-env-auth-token-0123456789' }
    )

    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('Looked.')
    const calls = model.requests.filter(r => r.provider === 'anthropic')
    expect(calls.length).toBeGreaterThanOrEqual(2)
    for (const call of calls) {
      expect(call.headers['x-api-key']).toBe(API_KEY)
      expect(call.authorization).toBeNull()
      expect(call.headers['x-claude-gateway-secret']).toBeUndefined()
    }
    const toolDump = dumpSentToModel(model.requests)
    for (const dump of [wrapperDump, toolDump]) {
      expect(dump.env.ANTHROPIC_API_KEY).toBe('placeholder-the-model-gateway-holds-the-key')
      expect(dump.env).not.toHaveProperty('ANTHROPIC_AUTH_TOKEN')
      expect(dump.env.ANTHROPIC_BASE_URL).toBe(dump.gateway?.base)
    }
    const gatewaySecret = maskedValues(run).find(value => wrapperDump.env.ANTHROPIC_CUSTOM_HEADERS?.endsWith(value))
    expect(gatewaySecret).toBeDefined()
    expectNoSecretSeen(run, [wrapperDump, toolDump], [API_KEY, 'job-env-auth-token-0123456789'])
  })
})
