// The CLI install runs beside the credential exchange: with a cold tool cache, the registry is asked
// while STS still holds its answer; when either side fails, that failure is reported and the step ends.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runAction, visibleLog } from '../support/runner.js'
import { startNpmRegistry } from '../stand-ins/index.js'
import { platformPackage, currentTarget } from '../../src/claude/install.js'

const VERSION = '2.1.331'
/** The platform package's binary: a stub CLI that answers --version and ends with a result. */
const CLAUDE = {
  mode: 0o755,
  content: `#!/bin/sh
[ "$1" = --version ] && { echo "${VERSION} (Claude Code)"; exit 0; }
printf '%s\\n' '{"type":"result","subtype":"success","is_error":false,"result":"installed beside STS","num_turns":1,"session_id":"s","total_cost_usd":0}'
`
}

let world: BedrockWorld
let registry: Awaited<ReturnType<typeof startNpmRegistry>> | undefined
afterEach(async () => {
  await world?.close()
  await registry?.close()
})

/** A cold tool cache and npm cache; npm's registry comes from the env, as on a runner with a mirror. */
function coldInstallEnv(registryUrl: string): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-cold-'))
  return { RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'), npm_config_cache: path.join(dir, 'npm-cache'), npm_config_registry: `${registryUrl}/` }
}

test('with a cold tool cache the install starts before STS answers, and the CLI starts once both are done', async () => {
  world = await startBedrockWorld()
  registry = await startNpmRegistry({ packages: { [platformPackage(currentTarget())]: { [VERSION]: { claude: CLAUDE } } } })
  const events: string[] = []
  // STS holds its answer until the registry is asked (or a long while, so the old order fails, not hangs).
  const installAsked = registry.nextRequest().then(() => events.push('registry asked'))
  const giveUp = new Promise(resolve => setTimeout(resolve, 60_000).unref()).then(() => events.push('STS gave up waiting'))
  world.sts!.script([{ holdUntil: Promise.race([installAsked, giveUp]).then(() => events.push('STS answers')) }])

  const run = await runAction({
    inputs: { prompt: 'Review this.', ...world.inputs, 'claude-version': VERSION },
    env: { ...world.env, ...coldInstallEnv(registry.url) }
  })

  expect(events.slice(0, 2)).toEqual(['registry asked', 'STS answers'])
  expect(world.sts!.requests[0].action).toBe('AssumeRoleWithWebIdentity')
  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('installed beside STS')
  // npm resolved it, the action downloaded it (a registry that needs no token).
  expect(visibleLog(run)).toContain(`Claude Code ${VERSION}: downloading ${platformPackage(currentTarget())}@${VERSION} from ${registry.url}`)
  expect(registry.requests.filter(r => r.url.endsWith('.tgz')).map(r => r.userAgent)).toEqual(['claude-cloud-action'])
}, 180_000)

test('credentials that fail while the install is stalled: the credential error is reported and the step ends', async () => {
  world = await startBedrockWorld()
  registry = await startNpmRegistry({ packages: {}, hang: true })
  const installAsked = registry.nextRequest()
  // Once npm is waiting on the registry, STS refuses the role.
  world.sts!.script([{ holdUntil: installAsked, status: 403, code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' }])

  const run = await runAction({
    inputs: { prompt: 'Review this.', ...world.inputs, 'claude-version': VERSION },
    env: { ...world.env, ...coldInstallEnv(registry.url) }
  })

  expect(run.exitCode).toBe(1)
  const log = visibleLog(run)
  expect(log).toMatch(/::error::.*AccessDenied|::error::.*Not authorized/)
  expect(log).not.toContain('Installing Claude Code was abandoned')
  expect(run.outputs.conclusion).toBe('failure')
}, 180_000)

test('an install that fails while credentials are still in flight is reported at once', async () => {
  world = await startBedrockWorld()
  // Neither the platform package nor the wrapper exists on this registry.
  registry = await startNpmRegistry({ packages: {} })
  // STS answers nothing (nor the SDK's retries) until the step has ended.
  let release = (): void => undefined
  const stepEnded = new Promise<void>(resolve => (release = resolve))
  world.sts!.script(Array.from({ length: 10 }, () => ({ holdUntil: stepEnded })))

  const run = await runAction({
    inputs: { prompt: 'Review this.', ...world.inputs, 'claude-version': VERSION },
    env: { ...world.env, ...coldInstallEnv(registry.url) }
  }).finally(release)

  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toMatch(/::error::npm install exited with code 1 \(E404\)/)
  // The install's failure did not wait for the credential phase.
  expect(world.sts!.requests.length).toBeGreaterThan(0)
  // Not retried: a version the registry does not have will not appear on a second try.
  expect(visibleLog(run)).not.toContain('Installing Claude Code failed')
  expect(run.post?.exitCode).toBe(0)
}, 180_000)
