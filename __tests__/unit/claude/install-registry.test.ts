// The real npm against a loopback registry: the installer keeps npm's own configuration (the user's
// .npmrc names the registry and its token), and never reads a workspace .npmrc.
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { currentTarget, findOrInstallClaude, platformPackage } from '../../../src/claude/install.js'
import { CLAUDE, cliSettings, VERSION } from './install-support.js'
import { startNpmRegistry } from '../../stand-ins/index.js'

const TOKEN = 'npm_registryToken0123456789'
const PLATFORM_PACKAGE = platformPackage(currentTarget())

let dir: string
const started = process.cwd()
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-registry-'))
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  process.chdir(started)
  jest.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

const cli = cliSettings()

test('a private registry that needs the token from the user .npmrc serves the platform package; a workspace .npmrc is not read', async () => {
  const registry = await startNpmRegistry({ packages: { [PLATFORM_PACKAGE]: { [VERSION]: { claude: CLAUDE } } }, token: TOKEN })
  // A fork's checkout: its .npmrc names another registry, which must never be asked.
  const hostile = await startNpmRegistry({ packages: { [PLATFORM_PACKAGE]: { [VERSION]: { claude: CLAUDE } } } })
  try {
    const home = path.join(dir, 'home')
    const workspace = path.join(dir, 'workspace')
    mkdirSync(home)
    mkdirSync(workspace)
    const host = registry.url.replace(/^http:/, '')
    writeFileSync(path.join(home, '.npmrc'), `registry=${registry.url}/\n${host}/:_authToken=${TOKEN}\n`)
    writeFileSync(path.join(workspace, '.npmrc'), `registry=${hostile.url}/\n`)
    writeFileSync(path.join(workspace, 'package.json'), '{}')
    process.chdir(workspace)

    const env = { PATH: process.env.PATH, HOME: home, npm_config_cache: path.join(dir, 'npm-cache'), RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache') }
    const claude = await findOrInstallClaude(
      cli,
      env,
      { npmTimeoutMs: 120_000, retryDelayMs: 0, downloadIdleTimeoutMs: 60_000 },
      { workDir: path.join(dir, 'private') }
    )
    await claude.recorded

    expect(claude.path).toBe(path.join(dir, 'tool-cache', 'claude-code', VERSION, os.arch(), 'node_modules', PLATFORM_PACKAGE, 'claude'))
    const served = registry.requests.filter(r => r.authorization === `Bearer ${TOKEN}`).map(r => r.url)
    expect(served).toEqual(expect.arrayContaining([`/${PLATFORM_PACKAGE.replace('/', '%2f')}`, expect.stringMatching(/\.tgz$/)]))
    // The action's own download went first, without the token, and gave way to npm when refused.
    const tarballs = registry.requests.filter(r => r.url.endsWith('.tgz'))
    expect(tarballs.map(r => [r.userAgent.split('/')[0], r.authorization])).toEqual([
      ['claude-cloud-action', null],
      ['npm', `Bearer ${TOKEN}`]
    ])
    // Only the platform package was asked for, not the wrapper.
    expect(registry.requests.some(r => decodeURIComponent(r.url) === '/@anthropic-ai/claude-code')).toBe(false)
    expect(hostile.requests).toEqual([])
  } finally {
    await registry.close()
    await hostile.close()
  }
}, 180_000)

test('without its token the registry refuses, and the error says so', async () => {
  const registry = await startNpmRegistry({ packages: { [PLATFORM_PACKAGE]: { [VERSION]: { claude: CLAUDE } } }, token: TOKEN })
  try {
    const home = path.join(dir, 'home')
    mkdirSync(home)
    writeFileSync(path.join(home, '.npmrc'), `registry=${registry.url}/\n`)
    const env = { PATH: process.env.PATH, HOME: home, npm_config_cache: path.join(dir, 'npm-cache'), RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache') }
    await expect(findOrInstallClaude(cli, env, { npmTimeoutMs: 120_000, retryDelayMs: 0, downloadIdleTimeoutMs: 60_000 })).rejects.toThrow(
      /npm install exited with code 1 \(E401\) .*npm login/
    )
  } finally {
    await registry.close()
  }
}, 180_000)
