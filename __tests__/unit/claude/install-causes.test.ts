// Install failures name their cause on the runner, and skip what cannot help (npm, a second attempt):
// a tool cache the job cannot write, a disk without room for the CLI, and a registry that accepts
// and never answers, which the whole install's bound cuts off with the registry named.
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { currentTarget, findOrInstallClaude, platformPackage } from '../../../src/claude/install.js'
import { CLAUDE, cliSettings, LIMITS, VERSION } from './install-support.js'
import { startNpmRegistry } from '../../stand-ins/index.js'

const cli = cliSettings()

let dir: string
let stdout: string[]
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-causes-'))
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (stdout.push(String(chunk)), true))
})
afterEach(() => {
  jest.restoreAllMocks()
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
})

/** npm that records each call (and would install nothing): none must run when the cause is local. */
function npmRecorder(): { env: NodeJS.ProcessEnv; calls: () => string[] } {
  const bin = path.join(dir, 'bin')
  const log = path.join(dir, 'npm.log')
  mkdirSync(bin)
  writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "$*" >> "${log}"\nexit 1\n`, { mode: 0o755 })
  return {
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])
  }
}

/**
 * A directory the job cannot create anything in: read-only by mode for a normal user; as root, who
 * ignores modes, a path under /sys, which refuses new directories (EPERM, or EROFS in a container).
 */
function unwritableToolCache(): string {
  if (process.getuid?.() !== 0) {
    const readOnly = path.join(dir, 'read-only')
    mkdirSync(readOnly)
    chmodSync(readOnly, 0o555)
    return path.join(readOnly, 'tool-cache')
  }
  return path.join('/sys', `cca-tool-cache-${process.pid}`)
}

test('a tool cache the job cannot write is named as such, before npm is asked anything', async () => {
  const npm = npmRecorder()
  const toolCache = unwritableToolCache()
  const env = { ...npm.env, RUNNER_TOOL_CACHE: toolCache }

  const failure = findOrInstallClaude(cli, env, LIMITS, { workDir: path.join(dir, 'private') })

  await expect(failure).rejects.toThrow(
    new RegExp(`^The tool cache is not writable \\(${path.join(toolCache, 'claude-code', VERSION)}: (EACCES|EPERM|EROFS)\\)\\. Give the tool-cache input`)
  )
  expect(npm.calls()).toEqual([])
  expect(stdout.join('')).not.toContain('Installing Claude Code failed')
})

test('a disk without room for the CLI is named with its mount point and free space, and nothing is downloaded or retried', async () => {
  const npm = npmRecorder()
  const toolCache = path.join(dir, 'tool-cache')
  // More than any disk has: the real free space of the real file system is what falls short.
  const limits = { ...LIMITS, neededBytes: Number.MAX_SAFE_INTEGER }

  const failure = findOrInstallClaude(cli, { ...npm.env, RUNNER_TOOL_CACHE: toolCache }, limits, { workDir: path.join(dir, 'private') })

  await expect(failure).rejects.toThrow(/^No space left on \/\S* for Claude Code \(needs about \d+ MB, \d+ MB free\) in the tool cache /)
  expect(npm.calls()).toEqual([])
  expect(stdout.join('')).not.toContain('Installing Claude Code failed')
  // The turn was given back: the next job does not wait on a lock.
  expect(readdirSync(path.join(toolCache, 'claude-code', VERSION))).toEqual([])
})

test('a registry that accepts and never answers is cut off by the install bound, which names the registry', async () => {
  const registry = await startNpmRegistry({ packages: { [platformPackage(currentTarget())]: { [VERSION]: { claude: CLAUDE } } }, hang: true })
  try {
    const home = path.join(dir, 'home')
    mkdirSync(home)
    writeFileSync(path.join(home, '.npmrc'), `registry=${registry.url}/\n`)
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      npm_config_cache: path.join(dir, 'npm-cache'),
      RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
      CLAUDE_CLOUD_ACTION_INSTALL_DEADLINE_MS: '4000'
    }
    const failure = findOrInstallClaude(cli, env, LIMITS, { workDir: path.join(dir, 'private') })

    await expect(failure).rejects.toThrow(
      `Installing Claude Code did not finish within 4 s; is the npm registry ${registry.url}/ reachable from the runner (proxy, CA, firewall)?`
    )
    // Cut off long before npm's own limit (120 s here), npm stopped: nothing is left in the tool cache.
    expect(readdirSync(path.join(dir, 'tool-cache', 'claude-code', VERSION))).toEqual([])
  } finally {
    await registry.close()
  }
}, 120_000)
