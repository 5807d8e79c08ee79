// Two steps of one job: what an earlier step exported must not pick the provider of a later one.
// The CLI obeys CLAUDE_CODE_USE_BEDROCK over everything, so the action's provider must be the only switch on.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runAction, visibleLog } from '../support/runner.js'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

const API_KEY = 'sk-ant-api03-provider-switch-0123456789'

let world: BedrockWorld | undefined

afterEach(async () => {
  await world?.close()
  world = undefined
})

test('a provider: anthropic step after a Bedrock step with export-env runs on the Claude API', async () => {
  world = await startBedrockWorld()
  const bedrock = await runAction({ inputs: { prompt: 'First step.', ...world.inputs }, env: world.env })
  expect(bedrock.exitCode).toBe(0)
  expect(bedrock.exportedEnv.CLAUDE_CODE_USE_BEDROCK).toBe('1')
  const bedrockCalls = world.model.requests.length

  // The runner hands the next step everything GITHUB_ENV collected.
  const anthropic = await runAction({
    inputs: { prompt: 'Second step.', 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5' },
    env: { ...world.env, ...bedrock.exportedEnv, ANTHROPIC_BASE_URL: world.model.url }
  })

  expect(anthropic.exitCode).toBe(0)
  expect(anthropic.outputs).toMatchObject({ conclusion: 'success', provider: 'anthropic' })
  const calls = world.model.requests.slice(bedrockCalls)
  expect(calls.length).toBeGreaterThan(0)
  expect(calls.map(r => r.provider)).toEqual(calls.map(() => 'anthropic'))
  expect(calls.find(r => r.main)?.headers['x-api-key']).toBe(API_KEY)
  expect(visibleLog(anthropic)).toContain('::warning::The job env sets CLAUDE_CODE_USE_BEDROCK')
  // A third step that runs `claude` itself gets the same provider as this one.
  expect(anthropic.exportedEnv.CLAUDE_CODE_USE_BEDROCK).toBe('')
})

test("the CLI's env holds no other provider's switch, and its config and temp dirs are in the run's private directory", async () => {
  const envFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-env-')), 'env')
  const stub = writeStub(`env > "$STUB_ENV_FILE"\n${printEvents(INIT_EVENT, resultEvent('Printed the env.'))}`)
  const run = await runAction({
    inputs: { prompt: 'hi', 'claude-path': stub, 'anthropic-api-key': API_KEY, 'export-env': 'false' },
    env: {
      STUB_ENV_FILE: envFile,
      CLAUDE_CODE_USE_BEDROCK: '1',
      CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1',
      CLAUDE_CODE_USE_VERTEX: '1',
      CLAUDE_CODE_USE_FOUNDRY: '1'
    }
  })

  expect(run.exitCode).toBe(0)
  const seen = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .trim()
      .split('\n')
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
  for (const name of ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_SKIP_BEDROCK_AUTH', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY']) {
    expect(seen).not.toHaveProperty(name)
    expect(visibleLog(run)).toContain(
      `::warning::The job env sets ${name} (an earlier step's export-env?), which would take Claude Code off provider anthropic; it is removed for Claude Code.`
    )
  }
  // The key stays in the action, behind the model gateway.
  expect(seen.ANTHROPIC_API_KEY).toBe('placeholder-the-model-gateway-holds-the-key')
  expect(Object.values(seen)).not.toContain(API_KEY)
  const privateDir = path.dirname(run.outputs['execution-file'])
  expect(seen.CLAUDE_CONFIG_DIR).toBe(path.join(privateDir, 'claude-config'))
  expect(seen.CLAUDE_CODE_TMPDIR).toBe(path.join(privateDir, 'claude-tmp'))
  // export-env false: nothing, not even the blanks, goes to later steps.
  expect(run.exportedEnv).toEqual({})
})
