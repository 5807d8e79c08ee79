// The CLI installer's limits with a fake `npm` first on PATH: a retried failure, a hanging registry
// cut off by the time limit, and `latest` resolved to an exact version before it is installed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { findOrInstallClaude, type InstallLimits } from '../../src/claude/install.js'
import type { CliSettings } from '../../src/settings.js'

// Records its argv; `view` prints FAKE_NPM_LATEST; `install` lays out the platform package with a
// `claude` that prints the version, unless FAKE_NPM says to fail the first install or to hang. It hangs
// like a wrapper script whose child (holding the output pipes) never returns.
const FAKE_NPM = `#!/bin/sh
echo "$*" >> "$FAKE_NPM_LOG"
[ "$1" = view ] && { echo "$FAKE_NPM_LATEST"; exit 0; }
[ "$FAKE_NPM" = hang ] && { sleep 600; exit 0; }
if [ "$FAKE_NPM" = fail-once ] && [ "$(grep -c '^install' "$FAKE_NPM_LOG")" = 1 ]; then
  echo 'npm ERR! code ECONNRESET' >&2; exit 1
fi
dir="$3/node_modules/@anthropic-ai/$FAKE_NPM_PLATFORM_PACKAGE"
mkdir -p "$dir" && printf '#!/bin/sh\\necho "%s (Claude Code)"\\n' "\${4##*@}" > "$dir/claude" && chmod +x "$dir/claude"
`

const INSTALL_FLAGS = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error']
const QUICK: InstallLimits = { npmTimeoutMs: 60_000, retryDelayMs: 0 }

let dir: string
let log: string
let stdout: string[]

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-install-'))
  log = path.join(dir, 'npm-argv.log')
  mkdirSync(path.join(dir, 'bin'))
  writeFileSync(path.join(dir, 'bin', 'npm'), FAKE_NPM, { mode: 0o755 })
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => (stdout.push(String(chunk)), true))
})

afterEach(() => {
  jest.restoreAllMocks()
})

function install(version: string, mode: 'ok' | 'fail-once' | 'hang', limits = QUICK) {
  const env = {
    PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    FAKE_NPM: mode,
    FAKE_NPM_LOG: log,
    FAKE_NPM_LATEST: '2.1.400',
    FAKE_NPM_PLATFORM_PACKAGE: `claude-code-${process.platform}-${os.arch()}`
  }
  const cli = { version, allowedTools: [], disallowedTools: [], extraArgs: [], prompt: 'p', workingDirectory: '.' } satisfies CliSettings
  return findOrInstallClaude(cli, env, limits)
}

const npmCalls = () => readFileSync(log, 'utf8').trim().split('\n')
const cacheDir = (version: string) => path.join(dir, 'tool-cache', 'claude-code', version)

test('a failed npm install is retried once with a warning, then installed and found in the cache', async () => {
  const claude = await install('2.1.331', 'fail-once')

  expect(claude.version).toBe('2.1.331')
  expect(claude.path).toBe(path.join(cacheDir('2.1.331'), os.arch(), 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${os.arch()}`, 'claude'))
  const staging = path.join(cacheDir('2.1.331'), `${os.arch()}.partial-${process.pid}`)
  expect(npmCalls()).toEqual([1, 2].map(() => ['install', '--prefix', staging, '@anthropic-ai/claude-code@2.1.331', ...INSTALL_FLAGS].join(' ')))
  expect(stdout.join('')).toContain('::warning::Installing Claude Code failed (npm install exited with code 1 npm ERR! code ECONNRESET); attempt 2 in 0 ms')
  expect(readdirSync(cacheDir('2.1.331')).sort()).toEqual([os.arch(), `${os.arch()}.complete`])

  // The next job on this runner: a cache hit, and npm is not run again.
  expect(await install('2.1.331', 'hang')).toEqual(claude)
  expect(npmCalls()).toHaveLength(2)
})

test('an npm that hangs is stopped after the time limit, twice, with the registry hint; nothing is left behind', async () => {
  await expect(install('2.1.331', 'hang', { npmTimeoutMs: 300, retryDelayMs: 0 })).rejects.toThrow(
    'npm install was stopped after 0.3 s (SIGKILL); is the npm registry reachable?'
  )
  expect(npmCalls().map(call => call.split(' ')[0])).toEqual(['install', 'install'])
  expect(stdout.join('')).toContain('::warning::Installing Claude Code failed (npm install was stopped after 0.3 s (SIGKILL)')
  expect(readdirSync(cacheDir('2.1.331'))).toEqual([])
})

test('claude-version latest: npm view resolves it to an exact version, which is what gets installed', async () => {
  const claude = await install('latest', 'ok')

  expect(claude.version).toBe('2.1.400')
  const [view, installCall] = npmCalls()
  expect(view).toBe('view @anthropic-ai/claude-code@latest version')
  expect(installCall).toContain(' @anthropic-ai/claude-code@2.1.400 ')
  expect(stdout.join('')).toContain('Claude Code: latest is 2.1.400')
  expect(existsSync(`${path.join(cacheDir('2.1.400'), os.arch())}.complete`)).toBe(true)
})
