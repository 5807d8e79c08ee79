// The direct tarball download, with the real npm against a loopback registry: npm resolves the
// tarball and its integrity, the action fetches and unpacks it; a tampered tarball fails the install;
// behind a proxy npm installs it as before. (install-registry.test.ts: a registry that wants a token.)
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { currentTarget, findOrInstallClaude, platformPackage } from '../../../src/claude/install.js'
import { CLAUDE, cliSettings, LIMITS, VERSION } from './install-support.js'
import { startNpmRegistry, startProxy } from '../../stand-ins/index.js'

const PLATFORM_PACKAGE = platformPackage(currentTarget())
const cli = cliSettings()

let dir: string
let stdout: string[]
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-download-'))
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (stdout.push(String(chunk)), true))
})
afterEach(() => {
  jest.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

/** The user's .npmrc names the registry; the env is a runner's, without the host's proxies. */
function runnerEnv(registryUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = path.join(dir, 'home')
  mkdirSync(home, { recursive: true })
  writeFileSync(path.join(home, '.npmrc'), `registry=${registryUrl}/\n`)
  return { PATH: process.env.PATH, HOME: home, npm_config_cache: path.join(dir, 'npm-cache'), RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'), ...extra }
}

const tarballRequests = (requests: { url: string; userAgent: string }[]) => requests.filter(r => r.url.endsWith('.tgz'))

test('from a registry that needs no token the action downloads the platform package itself; npm only resolves it', async () => {
  const registry = await startNpmRegistry({ packages: { [PLATFORM_PACKAGE]: { [VERSION]: { claude: CLAUDE } } } })
  try {
    const claude = await findOrInstallClaude(cli, runnerEnv(registry.url), LIMITS, { workDir: path.join(dir, 'private') })
    await claude.recorded

    // The layout npm would have made, so the tool cache and its record are the same either way.
    const root = path.join(dir, 'tool-cache', 'claude-code', VERSION, os.arch())
    expect(claude.path).toBe(path.join(root, 'node_modules', PLATFORM_PACKAGE, 'claude'))
    expect(readdirSync(path.join(root, 'node_modules', PLATFORM_PACKAGE)).sort()).toEqual(['claude', 'package.json'])
    expect(existsSync(`${root}.complete`)).toBe(true)
    // One tarball request, the action's; npm asked for the packument only.
    expect(tarballRequests(registry.requests).map(r => r.userAgent)).toEqual(['claude-cloud-action'])
    expect(registry.requests.filter(r => !r.url.endsWith('.tgz')).every(r => r.userAgent.startsWith('npm/'))).toBe(true)
    expect(stdout.join('')).toContain(`Claude Code ${VERSION}: downloading ${PLATFORM_PACKAGE}@${VERSION} from ${registry.url} into the tool cache`)
  } finally {
    await registry.close()
  }
}, 180_000)

test('a tarball that is not the one the registry published fails the install, and nothing of it is kept or run', async () => {
  const registry = await startNpmRegistry({ packages: { [PLATFORM_PACKAGE]: { [VERSION]: { claude: CLAUDE } } }, tamper: true })
  try {
    await expect(findOrInstallClaude(cli, runnerEnv(registry.url), LIMITS, { workDir: path.join(dir, 'private') })).rejects.toThrow(
      `The Claude Code tarball from ${registry.url} does not match the registry's integrity`
    )
    // Tried twice (the install's one retry), never handed to npm, and the tool cache holds nothing.
    expect(tarballRequests(registry.requests).map(r => r.userAgent)).toEqual(['claude-cloud-action', 'claude-cloud-action'])
    expect(readdirSync(path.join(dir, 'tool-cache', 'claude-code', VERSION))).toEqual([])
  } finally {
    await registry.close()
  }
}, 180_000)

test('behind a proxy npm installs the package through it, and the action downloads nothing itself', async () => {
  const registry = await startNpmRegistry({ packages: { [PLATFORM_PACKAGE]: { [VERSION]: { claude: CLAUDE } } } })
  const proxy = await startProxy()
  try {
    const env = runnerEnv(registry.url, { HTTP_PROXY: proxy.url, http_proxy: proxy.url })
    const claude = await findOrInstallClaude(cli, env, LIMITS, { workDir: path.join(dir, 'private') })
    await claude.recorded

    expect(existsSync(claude.path)).toBe(true)
    expect(tarballRequests(registry.requests).map(r => r.userAgent.split('/')[0])).toEqual(['npm'])
    expect(proxy.requests.some(r => r.target.endsWith('.tgz'))).toBe(true)
    expect(stdout.join('')).toContain(`Claude Code ${VERSION}: installing ${PLATFORM_PACKAGE}@${VERSION} from npm into the tool cache`)
  } finally {
    await registry.close()
    await proxy.close()
  }
}, 180_000)
