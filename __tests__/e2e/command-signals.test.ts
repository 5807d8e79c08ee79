// A cancelled GitLab job: SIGTERM reaches the command. There is no post step, so the command itself
// removes the private directory with the credential files, whether Claude Code was running or not.
// runCommand fails any run that leaves the directory (or a credential) behind.
import { INIT_EVENT, assistantEvent, printEvents, writeStub } from '../support/stub-claude.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runCommand } from '../support/command-runner.js'

let world: BedrockWorld

afterEach(async () => {
  await world?.close()
})

function command(w: BedrockWorld, extra: string[] = []) {
  return {
    args: [
      '--provider',
      'bedrock',
      '--region',
      'us-east-1',
      '--role-to-assume',
      w.inputs['role-to-assume'],
      '--sts-endpoint',
      w.stsUrl,
      '--prompt',
      'x',
      '--id-token-env',
      'CLAUDE_ID_TOKEN',
      ...extra
    ],
    env: { CLAUDE_ID_TOKEN: w.oidc.mint('sts.amazonaws.com'), ANTHROPIC_BEDROCK_BASE_URL: w.model.url }
  }
}

test('SIGTERM while Claude Code runs: the CLI is stopped, the run reports, the credential files go, exit 1', async () => {
  world = await startBedrockWorld({ oidc: { issuer: 'https://gitlab.com', subject: 'project_path:g/p:ref_type:branch:ref:main' } })
  const toolResult = { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_stub_1', content: 'ok' }] } }
  // The stub says whether the assumed-role credentials file is there (beside its config dir) while it runs.
  const present = printEvents(INIT_EVENT, assistantEvent('Credentials present.'), toolResult)
  const absent = printEvents(INIT_EVENT, assistantEvent('Credentials absent.'), toolResult)
  const stub = writeStub(`if [ -f "$(dirname "$CLAUDE_CONFIG_DIR")/aws-credentials.json" ]; then\n${present}\nelse\n${absent}\nfi\nsleep 600`)
  const run = await runCommand({ ...command(world, ['--claude-path', stub]), cancel: { when: 'Turn 1: Credentials', signal: 'SIGTERM' } })

  expect(run.stdout).toContain('Turn 1: Credentials present.')

  expect(world.sts!.issued).toHaveLength(1)
  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', subtype: 'cancelled' })
  expect(run.stdout).toMatch(/Removed .*claude-cloud-action-/)
})

test('SIGTERM before Claude Code starts (STS does not answer): the command cleans up and exits 143', async () => {
  world = await startBedrockWorld()
  world.sts!.script([{ hang: true }])
  const run = await runCommand({ ...command(world), cancel: { when: 'OIDC token from $CLAUDE_ID_TOKEN', signal: 'SIGTERM' } })

  expect(run.exitCode).toBe(143)
  expect(run.stdout).toMatch(/Removed .*claude-cloud-action-/)
})
