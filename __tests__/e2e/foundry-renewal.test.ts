// Long runs on keyless Foundry: the CLI reads ANTHROPIC_FOUNDRY_AUTH_TOKEN once, so the action gives it
// none and answers its Azure CLI credential (`az account get-access-token`) from a file it renews.
// Entra issues tokens of a few seconds here, and Foundry refuses expired ones: the run must outlive several.
import { startFoundryWorld, type FoundryWorld } from '../support/foundry-stand-ins.js'
import { readFileSync } from 'node:fs'
import { fileCommands, findLeaks, maskedValues, runAction, visibleLog } from '../support/runner.js'

let world: FoundryWorld

afterEach(async () => {
  await world?.close()
})

test('the real CLI outlives its Entra token: it asks the bundled az again and turn 2 goes out with a renewed token', async () => {
  // A tool call that outlasts the first token, so the second model call must come after its expiry.
  world = await startFoundryWorld({
    tokenLifetimeSeconds: 5,
    turns: [{ toolUse: { name: 'Bash', input: { command: 'sleep 8' } } }, { text: 'Done after the wait.' }]
  })
  // Retries allowed: a token can expire between `az` and Foundry on a slow machine; the next try asks again.
  const run = await runAction({
    inputs: { prompt: 'A long task.', ...world.inputs, 'allowed-tools': 'Bash(sleep:*)' },
    env: { ...world.env, CLAUDE_CODE_MAX_RETRIES: '3' }
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Done after the wait.')
  const calls = world.model.requests.filter(r => r.main && r.authProblem === null)
  const first = calls.find(r => r.turn === 0)!
  const last = calls.find(r => r.turn === 1)!
  const tokenOf = (authorization: string | null) => authorization?.replace(/^Bearer /, '') ?? ''
  // Turn 2 was sent after turn 1's token had expired, with another token Entra issued, and Foundry took it.
  expect(world.entra.tokenExpiry(tokenOf(first.authorization))! < last.receivedAt).toBe(true)
  expect(tokenOf(last.authorization)).not.toBe(tokenOf(first.authorization))
  expect(world.entra.tokenExpiry(tokenOf(last.authorization))! > last.receivedAt).toBe(true)
  // Every renewal was a new exchange with a new OIDC token.
  expect(world.entra.issued.length).toBeGreaterThanOrEqual(3)
  expect(world.oidc.issued.length).toBe(world.entra.issued.length)
  expect(visibleLog(run)).toMatch(/Renewed the Entra access token for Foundry; it now expires at/)
  expect(maskedValues(run)).toEqual(expect.arrayContaining(world.entra.issued.map(t => t.accessToken)))
  expect(findLeaks(run, world.secrets())).toEqual([])
}, 120_000)

test('with export-credentials, later steps get the renewed token, and the post step blanks it', async () => {
  world = await startFoundryWorld({
    tokenLifetimeSeconds: 4,
    turns: [{ toolUse: { name: 'Bash', input: { command: 'sleep 5' } } }, { text: 'Done.' }]
  })
  const run = await runAction({
    inputs: { prompt: 'A long task.', ...world.inputs, 'allowed-tools': 'Bash(sleep:*)', 'export-credentials': 'true' },
    env: { ...world.env, CLAUDE_CODE_MAX_RETRIES: '3' }
  })

  expect(run.exitCode).toBe(0)
  const issued = world.entra.issued
  expect(issued.length).toBeGreaterThanOrEqual(2)
  expect(visibleLog(run)).toMatch(/Foundry: later steps get the renewed Entra access token/)
  // The runner applies GITHUB_ENV top to bottom: the first token, then a renewed one, then the post step's blank.
  const tokens = fileCommands(readFileSync(run.env.GITHUB_ENV, 'utf8'))
    .filter(([name]) => name === 'ANTHROPIC_FOUNDRY_AUTH_TOKEN')
    .map(([, value]) => value)
  expect(tokens).toHaveLength(3)
  expect(tokens[0]).toBe(issued[0].accessToken)
  expect(issued.slice(1).map(t => t.accessToken)).toContain(tokens[1])
  expect(tokens[2]).toBe('')
  expect(run.exportedEnv.ANTHROPIC_FOUNDRY_API_KEY).toBeUndefined()
  expect(run.exportedEnv.PATH).toBeUndefined()
}, 120_000)
