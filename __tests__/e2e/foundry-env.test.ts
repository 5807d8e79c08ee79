// What Claude Code's env holds on keyless Foundry: the Foundry switch, skip-auth and the model gateway as
// its base URL; no token variable, no Azure secret of the job, no `az` of the action's on PATH. A stub CLI
// records the env and makes one model call through the gateway, which puts Entra's token on it.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startFoundryWorld, type FoundryWorld } from '../support/foundry-stand-ins.js'
import { findLeaks, runAction, visibleLog } from '../support/runner.js'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

let world: FoundryWorld

afterEach(async () => {
  await world?.close()
})

/** One Messages call to the CLI's base URL with its custom headers, as Claude Code makes it; prints the status. */
const CALL = `node --input-type=module -e '
const [name, ...value] = process.env.ANTHROPIC_CUSTOM_HEADERS.split(":")
const res = await fetch(process.env.ANTHROPIC_FOUNDRY_BASE_URL + "/v1/messages", {
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer skip-foundry-auth", [name]: value.join(":").trim() },
  body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 8, messages: [{ role: "user", content: "hi" }] })
})
process.stdout.write(String(res.status))
'`

test("keyless: the CLI gets the switch, skip-auth and the gateway, no token, secret or az, and its call carries Entra's token", async () => {
  world = await startFoundryWorld()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-foundry-env-'))
  const stub = writeStub(`env > "${dir}/env"\n${CALL} > "${dir}/status"\n` + printEvents(INIT_EVENT, resultEvent('Printed the env.')))
  const run = await runAction({
    inputs: { prompt: 'hi', ...world.inputs, 'claude-path': stub },
    env: {
      ...world.env,
      CLAUDE_CODE_USE_BEDROCK: '1',
      ANTHROPIC_FOUNDRY_AUTH_TOKEN: 'stale-token-from-an-earlier-step-000',
      AZURE_CLIENT_SECRET: 'client-secret-of-the-job-0123456789',
      AZURE_CLIENT_ID: 'ambient-client'
    }
  })

  expect(run.exitCode).toBe(0)
  const seen = Object.fromEntries(
    readFileSync(path.join(dir, 'env'), 'utf8')
      .trim()
      .split('\n')
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
  expect(seen).toMatchObject({
    CLAUDE_CODE_USE_FOUNDRY: '1',
    CLAUDE_CODE_SKIP_FOUNDRY_AUTH: '1',
    ANTHROPIC_FOUNDRY_BASE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    ANTHROPIC_MODEL: 'claude-sonnet-4-5',
    // Not a secret, and the agent's own az may need it.
    AZURE_CLIENT_ID: 'ambient-client'
  })
  for (const name of ['ANTHROPIC_FOUNDRY_AUTH_TOKEN', 'ANTHROPIC_FOUNDRY_API_KEY', 'AZURE_CLIENT_SECRET', 'CLAUDE_CODE_USE_BEDROCK']) {
    expect(seen).not.toHaveProperty(name)
  }
  expect(visibleLog(run)).toContain('::warning::The job env sets CLAUDE_CODE_USE_BEDROCK')
  expect(seen.PATH.split(path.delimiter).some(entry => entry.startsWith(run.runnerTemp))).toBe(false)
  // Later steps still get the resource's own URL (export-env), not the gateway's.
  expect(run.exportedEnv.ANTHROPIC_FOUNDRY_BASE_URL).toBe(world.inputs['foundry-base-url'])
  // The stub's call went through the gateway, which swapped the placeholder for Entra's token.
  expect(readFileSync(path.join(dir, 'status'), 'utf8')).toBe('200')
  expect(world.model.requests).toHaveLength(1)
  expect(world.model.requests[0]).toMatchObject({
    provider: 'foundry',
    path: '/anthropic/v1/messages',
    authProblem: null,
    authorization: `Bearer ${world.entra.issued[0].accessToken}`
  })
  expect(findLeaks(run, [...world.secrets(), 'client-secret-of-the-job-0123456789'])).toEqual([])
})
