// A cancelled GitLab job: SIGTERM reaches the command. There is no post step, so the command itself
// removes the private directory (the CLI's config and transcripts; credentials never go there, the model
// gateway holds them in memory), whether Claude Code was running or not.
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

test('SIGTERM while Claude Code runs: the CLI is stopped, the run reports, the private directory goes, exit 1', async () => {
  world = await startBedrockWorld({ oidc: { issuer: 'https://gitlab.com', subject: 'project_path:g/p:ref_type:branch:ref:main' } })
  const toolResult = { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_stub_1', content: 'ok' }] } }
  // The stub says whether the private directory is there while it runs, and that no credentials file is in it.
  const present = printEvents(INIT_EVENT, assistantEvent('Private directory present, no credentials file.'), toolResult)
  const other = printEvents(INIT_EVENT, assistantEvent('Something else.'), toolResult)
  const dir = '"$(dirname "$CLAUDE_CONFIG_DIR")"'
  const stub = writeStub(`if [ -d ${dir} ] && [ -z "$(ls ${dir} | grep -i credential)" ]; then\n${present}\nelse\n${other}\nfi\nsleep 600`)
  const run = await runCommand({ ...command(world, ['--claude-path', stub]), cancel: { when: 'Turn 1: ', signal: 'SIGTERM' } })

  expect(run.stdout).toContain('Turn 1: Private directory present, no credentials file.')

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
