// The CLI installer's limits with a fake `npm` first on PATH: a retried failure, a hanging registry
// cut off by the time limit, and `latest` resolved to an exact version before it is installed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { currentTarget, findOrInstallClaude, platformPackage, type InstallLimits, type InstallTarget } from '../../../src/claude/install.js'
import type { CliSettings } from '../../../src/settings/settings.js'

// Records its argv and directory; `view` prints FAKE_NPM_LATEST; `install <pkg>@<version>` lays out
// the platform package with a `claude` that prints the version (the wrapper package brings the same
// one, as its optional dependency), unless FAKE_NPM says to fail the first install, to hang, or that
// the platform package is not published. It hangs like a wrapper script whose child (holding the
// output pipes) never returns.
// The direct download's questions: \`config get\` prints nothing and the platform package's dist has no
// integrity, so npm installs it (direct-download.test.ts covers the download against a registry).
const FAKE_NPM = `#!/bin/sh
echo "$(pwd) $*" >> "$FAKE_NPM_LOG"
[ "$1" = config ] && exit 0
if [ "$1" = view ] && [ "$3" = dist.tarball ]; then
  [ "$FAKE_NPM" = no-platform-package ] && { echo 'npm error code E404' >&2; exit 1; }
  echo '{}'; exit 0
fi
[ "$1" = view ] && { echo "$FAKE_NPM_LATEST"; exit 0; }
[ "$FAKE_NPM" = hang ] && { sleep 600; exit 0; }
if [ "$FAKE_NPM" = fail-once ] && [ "$(grep -c ' install ' "$FAKE_NPM_LOG")" = 1 ]; then
  echo 'npm ERR! code ECONNRESET' >&2; exit 1
fi
package="\${2%@*}"
if [ "$FAKE_NPM" = no-platform-package ] && [ "$package" != @anthropic-ai/claude-code ]; then
  echo 'npm error code E404' >&2; echo "npm error 404 Not Found - GET http://registry/$package - Not found" >&2; exit 1
fi
dir="node_modules/@anthropic-ai/$FAKE_NPM_PLATFORM_PACKAGE"
case "$FAKE_NPM_PLATFORM_PACKAGE" in *win32*) bin=claude.exe ;; *) bin=claude ;; esac
mkdir -p "$dir" && printf '#!/bin/sh\\necho "%s (Claude Code)"\\n' "\${2##*@}" > "$dir/$bin" && chmod +x "$dir/$bin"
`

const INSTALL_FLAGS = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error']
const QUICK: InstallLimits = { npmTimeoutMs: 60_000, retryDelayMs: 0, downloadIdleTimeoutMs: 60_000 }
const HERE: InstallTarget = currentTarget()

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

type Mode = 'ok' | 'fail-once' | 'hang' | 'no-platform-package'

function install(version: string, mode: Mode, limits = QUICK, target = HERE, latest = '2.1.400') {
  const env = {
    PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`,
    RUNNER_TOOL_CACHE: path.join(dir, 'tool-cache'),
    FAKE_NPM: mode,
    FAKE_NPM_LOG: log,
    FAKE_NPM_LATEST: latest,
    FAKE_NPM_PLATFORM_PACKAGE: platformPackage(target).slice('@anthropic-ai/'.length)
  }
  const cli = { version, allowedTools: [], disallowedTools: [], extraArgs: [], prompt: 'p', workingDirectory: '.' } satisfies CliSettings
  return findOrInstallClaude(cli, env, limits, { target, workDir: path.join(dir, 'private') }).then(async ({ recorded, ...claude }) => {
    // A fresh install's record is written beside the run; main.ts waits for it before the step ends.
    await recorded
    return claude
  })
}

/** Each npm call as `<directory> <args>`. */
const npmRuns = () => readFileSync(log, 'utf8').trim().split('\n')
/** Each npm call's args. */
const npmCalls = () => npmRuns().map(run => run.slice(run.indexOf(' ') + 1))
/** The npm installs only, as `<directory> <args>` and as args. */
const installRuns = () => npmRuns().filter(run => run.split(' ')[1] === 'install')
const installCalls = () => npmCalls().filter(call => call.startsWith('install '))
const cacheDir = (version: string) => path.join(dir, 'tool-cache', 'claude-code', version)

test('a failed npm install is retried once with a warning, then installed and found in the cache', async () => {
  const claude = await install('2.1.331', 'fail-once')

  expect(claude.version).toBe('2.1.331')
  expect(claude.path).toBe(path.join(cacheDir('2.1.331'), os.arch(), 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${os.arch()}`, 'claude'))
  // Only the platform package, installed in a staging directory of the tool cache.
  const staging = path.join(cacheDir('2.1.331'), `${os.arch()}.partial-${process.pid}`)
  expect(installRuns()).toEqual([1, 2].map(() => [staging, 'install', `${platformPackage(HERE)}@2.1.331`, ...INSTALL_FLAGS].join(' ')))
  // Before each install npm was asked where the tarball is and how it is fetched, in the same directory
  // (the two questions run side by side, so their order is the machine's).
  expect(
    npmRuns()
      .filter(run => !installRuns().includes(run))
      .map(run => run.split(' ').slice(0, 3).join(' '))
      .sort()
  ).toEqual([1, 2].flatMap(() => [`${staging} view ${platformPackage(HERE)}@2.1.331`, `${staging} config get`]).sort())
  expect(stdout.join('')).toContain('::warning::Installing Claude Code failed (npm install exited with code 1 npm ERR! code ECONNRESET); attempt 2 in 0 ms')
  expect(readdirSync(cacheDir('2.1.331')).sort()).toEqual([os.arch(), `${os.arch()}.complete`])

  // The next job on this runner: a cache hit, and npm is not run again.
  const calls = npmCalls().length
  expect(await install('2.1.331', 'hang')).toEqual(claude)
  expect(npmCalls()).toHaveLength(calls)
})

test('an npm that hangs is stopped after the time limit, twice, with the registry hint; nothing is left behind', async () => {
  await expect(install('2.1.331', 'hang', { npmTimeoutMs: 300, retryDelayMs: 0, downloadIdleTimeoutMs: 300 })).rejects.toThrow(
    'npm install was stopped after 0.3 s (SIGKILL); is the npm registry reachable?'
  )
  expect(installCalls()).toHaveLength(2)
  expect(stdout.join('')).toContain('::warning::Installing Claude Code failed (npm install was stopped after 0.3 s (SIGKILL)')
  expect(readdirSync(cacheDir('2.1.331'))).toEqual([])
})

test('claude-version latest: npm view resolves it to an exact version, which is what gets installed', async () => {
  const claude = await install('latest', 'ok')

  expect(claude.version).toBe('2.1.400')
  const [view] = npmCalls()
  const [installCall] = installCalls()
  expect(view).toBe('view @anthropic-ai/claude-code@latest version')
  expect(installCall).toContain(` ${platformPackage(HERE)}@2.1.400 `)
  // npm ran in the step's private directory, never in the workspace (the job's working directory).
  expect(npmRuns()[0].split(' ')[0]).toBe(path.join(dir, 'private', 'npm'))
  expect(existsSync(path.join(dir, 'private', 'npm'))).toBe(false)
  expect(stdout.join('')).toContain('Claude Code: latest is 2.1.400')
  expect(existsSync(`${path.join(cacheDir('2.1.400'), os.arch())}.complete`)).toBe(true)
})

test.each([
  [{ platform: 'linux', arch: 'x64', libc: 'glibc' }, '@anthropic-ai/claude-code-linux-x64'],
  [{ platform: 'linux', arch: 'arm64', libc: 'glibc' }, '@anthropic-ai/claude-code-linux-arm64'],
  [{ platform: 'linux', arch: 'x64', libc: 'musl' }, '@anthropic-ai/claude-code-linux-x64-musl'],
  [{ platform: 'linux', arch: 'arm64', libc: 'musl' }, '@anthropic-ai/claude-code-linux-arm64-musl'],
  [{ platform: 'darwin', arch: 'arm64' }, '@anthropic-ai/claude-code-darwin-arm64'],
  [{ platform: 'win32', arch: 'x64' }, '@anthropic-ai/claude-code-win32-x64']
] as [InstallTarget, string][])('on %o only %s is installed, and its binary is found', async (target, expected) => {
  const claude = await install('2.1.331', 'ok', QUICK, target)
  expect(installCalls()).toEqual([['install', `${expected}@2.1.331`, ...INSTALL_FLAGS].join(' ')])
  // (A sh script stands in for the binary, so it runs here whatever its name.)
  expect(claude.path).toBe(path.join(cacheDir('2.1.331'), target.arch, 'node_modules', expected, target.platform === 'win32' ? 'claude.exe' : 'claude'))
})

test('this machine is matched as npm matches it: glibc unless the process report shows none', () => {
  const report = process.report.getReport() as unknown as { header: { glibcVersionRuntime?: string } }
  expect(HERE).toEqual({
    platform: process.platform,
    arch: os.arch(),
    ...(process.platform === 'linux' ? { libc: report.header.glibcVersionRuntime ? 'glibc' : 'musl' } : {})
  })
})

test('a version with no platform package published falls back to the wrapper package', async () => {
  const claude = await install('2.1.331', 'no-platform-package')
  // npm view found no platform package, so only the wrapper is installed, after both questions
  // (which run side by side, so their order is the machine's).
  const calls = npmCalls().map(call => call.split(' ').slice(0, 2).join(' '))
  expect(calls.slice(0, 2).sort()).toEqual(['config get', `view ${platformPackage(HERE)}@2.1.331`])
  expect(calls.slice(2)).toEqual(['install @anthropic-ai/claude-code@2.1.331'])
  expect(stdout.join('')).toContain(
    `Claude Code 2.1.331: ${platformPackage(HERE)} is not published for this version; installing @anthropic-ai/claude-code@2.1.331`
  )
  expect(existsSync(claude.path)).toBe(true)
})

test('a registry answering a version that walks out of the tool cache fails the step, and nothing planted runs', async () => {
  // What a hostile registry (named by a workspace .npmrc) answered in the review: a planted binary
  // where the path would have led, and a marker that would make it a cache hit.
  const planted = path.join(dir, 'workspace', 'fake')
  mkdirSync(path.join(planted, 'node_modules', '@anthropic-ai', platformPackage(HERE).slice(14)), { recursive: true })
  const ran = path.join(dir, 'planted-ran')
  writeFileSync(path.join(planted, 'node_modules', '@anthropic-ai', platformPackage(HERE).slice(14), 'claude'), `#!/bin/sh\ntouch ${ran}\n`, { mode: 0o755 })
  writeFileSync(`${planted}.complete`, '')
  const hostile = `2.1.331/${path.relative(cacheDir('2.1.331'), planted)}`

  await expect(install('latest', 'ok', QUICK, HERE, hostile)).rejects.toThrow(`npm could not resolve @anthropic-ai/claude-code@latest (got '${hostile}')`)
  expect(npmCalls()).toEqual(['view @anthropic-ai/claude-code@latest version'])
  expect(existsSync(ran)).toBe(false)
})

test('a cached binary changed after install is detected by its SHA-256 and reinstalled', async () => {
  const claude = await install('2.1.331', 'ok')
  const record = JSON.parse(readFileSync(`${path.join(cacheDir('2.1.331'), os.arch())}.complete`, 'utf8'))
  expect(record).toEqual({ binary: path.relative(path.join(cacheDir('2.1.331'), os.arch()), claude.path), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
  const ran = path.join(dir, 'tampered-ran')
  writeFileSync(claude.path, `#!/bin/sh\ntouch ${ran}\necho "2.1.331 (Claude Code)"\n`)

  expect(await install('2.1.331', 'ok')).toEqual(claude)
  expect(stdout.join('')).toContain(
    `::warning::The cached Claude Code binary ${claude.path} does not match the SHA-256 recorded when it was installed; reinstalling it`
  )
  expect(installCalls()).toHaveLength(2)
  expect(readFileSync(claude.path, 'utf8')).not.toContain(ran)
  expect(existsSync(ran)).toBe(false)
})
