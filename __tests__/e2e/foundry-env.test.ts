// What Claude Code's env holds on keyless Foundry: the Foundry switch and endpoint, no token variable
// (it would be read once), blanks for what would win over the federated token, and the bundled `az`
// first on PATH. A stub CLI records the env and asks that `az` as Claude Code's Azure CLI credential does.
import { createHash } from 'node:crypto'
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

test("keyless: the CLI gets the switch and endpoint, no token variable, no foreign switch, and its az answers with Entra's token", async () => {
  world = await startFoundryWorld()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-foundry-env-'))
  // Only a hash of the token leaves the stub, so no credential is written anywhere.
  const stub = writeStub(
    `env > "${dir}/env"\n` +
      `az account get-access-token --output json --resource https://cognitiveservices.azure.com | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(require("crypto").createHash("sha256").update(JSON.parse(s).accessToken).digest("hex")))' > "${dir}/token-hash"\n` +
      `az group list > "${dir}/other-out" 2> "${dir}/other-err"; echo $? > "${dir}/other-status"\n` +
      printEvents(INIT_EVENT, resultEvent('Printed the env.'))
  )
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
    ANTHROPIC_FOUNDRY_BASE_URL: world.inputs['foundry-base-url'],
    ANTHROPIC_MODEL: 'claude-sonnet-4-5',
    ANTHROPIC_FOUNDRY_AUTH_TOKEN: '',
    ANTHROPIC_FOUNDRY_API_KEY: '',
    AZURE_CLIENT_SECRET: '',
    // Not a secret, and the agent's own az may need it.
    AZURE_CLIENT_ID: 'ambient-client'
  })
  expect(seen).not.toHaveProperty('CLAUDE_CODE_USE_BEDROCK')
  expect(visibleLog(run)).toContain('::warning::The job env sets CLAUDE_CODE_USE_BEDROCK')
  const shimDir = seen.PATH.split(path.delimiter)[0]
  expect(shimDir.startsWith(run.runnerTemp)).toBe(true)
  const hash = (token: string) => createHash('sha256').update(token).digest('hex')
  expect(world.entra.issued.map(t => hash(t.accessToken))).toContain(readFileSync(path.join(dir, 'token-hash'), 'utf8'))
  // Any other az command: no token, the missing real CLI's exit code.
  expect(readFileSync(path.join(dir, 'other-status'), 'utf8').trim()).toBe('127')
  expect(readFileSync(path.join(dir, 'other-out'), 'utf8')).toBe('')
  expect(findLeaks(run, [...world.secrets(), 'client-secret-of-the-job-0123456789'])).toEqual([])
})
