// Finds the Claude Code CLI: the given claude-path, a tool-cache hit, or a fresh npm install into
// the runner's tool cache (layout <cache>/claude-code/<version>/<arch>, as @actions/tool-cache uses).
import { log } from '../platform/platform.js'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withRetry } from '../retry.js'
import type { CliSettings } from '../settings.js'

const PACKAGE = '@anthropic-ai/claude-code'

export interface InstallLimits {
  /** A stalled registry (a TLS or proxy problem) makes npm wait silently; each npm command is cut off here. */
  npmTimeoutMs: number
  /** The base of the jittered pause before the second (and last) install attempt. */
  retryDelayMs: number
}

const LIMITS: InstallLimits = { npmTimeoutMs: 180_000, retryDelayMs: 2000 }

export interface ClaudeExecutable {
  path: string
  version: string
}

/** `env` is where npm is looked up (PATH) and the tool cache found; tests pass a fake npm and shorter limits. */
export async function findOrInstallClaude(
  cli: CliSettings,
  env: NodeJS.ProcessEnv = process.env,
  limits: InstallLimits = LIMITS
): Promise<ClaudeExecutable> {
  if (cli.path) {
    log.info(`Claude Code: using ${cli.path} (claude-path)`)
    return { path: cli.path, version: 'claude-path' }
  }
  const started = Date.now()
  const npm = (args: string[]) => runNpm(args, env, limits.npmTimeoutMs)
  const version = /^\d/.test(cli.version) ? cli.version : await resolveDistTag(cli.version, npm)
  const root = path.join(cli.toolCache ?? toolCacheDir(env), 'claude-code', version, os.arch())
  if (existsSync(`${root}.complete`)) {
    const binary = findBinary(root)
    if (binary) {
      log.info(`Claude Code ${version}: found in the tool cache in ${secondsSince(started)} s`)
      return { path: binary, version }
    }
  }
  log.info(`Claude Code ${version}: installing ${PACKAGE}@${version} from npm into the tool cache`)
  await withRetry(() => install(version, root, npm), {
    attempts: 2,
    baseDelayMs: limits.retryDelayMs,
    isRetryable: () => true,
    onRetry: (error, attempt, delayMs) => log.warning(`Installing Claude Code failed (${(error as Error).message}); attempt ${attempt + 1} in ${delayMs} ms`)
  })
  log.info(`Claude Code ${version}: installed in ${secondsSince(started)} s`)
  return { path: findBinary(root) as string, version }
}

function secondsSince(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(3)
}

function toolCacheDir(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache', 'claude-cloud-action')
}

/** npm on Node 20 silently installs an old release for a tag or range, so tags become exact first. */
async function resolveDistTag(tag: string, npm: Npm): Promise<string> {
  const { stdout } = await npm(['view', `${PACKAGE}@${tag}`, 'version'])
  const version = stdout.trim().split('\n').pop()?.trim() ?? ''
  if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`npm could not resolve ${PACKAGE}@${tag} (got '${version}')`)
  log.info(`Claude Code: ${tag} is ${version}`)
  return version
}

async function install(version: string, root: string, npm: Npm): Promise<void> {
  const staging = `${root}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    // Install scripts are skipped: the native binary ships in a platform package, found below.
    await npm(['install', '--prefix', staging, `${PACKAGE}@${version}`, '--no-save', '--no-package-lock', '--no-audit',
      '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error'])
    const binary = findBinary(staging)
    if (!binary) throw new Error(`npm installed ${PACKAGE}@${version} but no Claude Code binary for ${process.platform}-${os.arch()}`)
    checkVersion(binary, version)
    rmSync(root, { recursive: true, force: true })
    try {
      renameSync(staging, root)
    } catch (error) {
      // Another job on this runner finished the same install first; use theirs.
      if (!existsSync(`${root}.complete`)) throw error
    }
    writeFileSync(`${root}.complete`, '')
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

type Npm = (args: string[]) => Promise<{ stdout: string }>

/** Runs npm with a hard time limit (@actions/exec can neither time out nor kill a child). */
function runNpm(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const windows = process.platform === 'win32'
    // npm is npm.cmd on Windows, which only a shell can start; the arguments are ours, not the user's.
    // Elsewhere npm gets its own process group: npm can be a wrapper script (a version manager's shim)
    // whose child holds our pipes open, so only killing the whole group really ends a stalled install.
    const child = spawn('npm', args, { env, stdio: ['ignore', 'pipe', 'pipe'], shell: windows, detached: !windows })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        if (windows || !child.pid) child.kill('SIGKILL')
        else process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    child.on('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) return resolve({ stdout })
      const why = timedOut
        ? `was stopped after ${timeoutMs / 1000} s (${signal}); is the npm registry reachable?`
        : signal ? `was killed by ${signal}` : `exited with code ${code}`
      reject(new Error(`npm ${args[0]} ${why} ${stderr.trim().split('\n').slice(-3).join(' ')}`.trim()))
    })
  })
}

/** The native binary of the platform package npm picked; else the package's own bin (older releases). */
export function findBinary(root: string): string | undefined {
  const scope = path.join(root, 'node_modules', '@anthropic-ai')
  if (!existsSync(scope)) return undefined
  const platformPrefix = `claude-code-${process.platform}-${os.arch()}`
  const binaryName = process.platform === 'win32' ? 'claude.exe' : 'claude'
  for (const entry of readdirSync(scope)) {
    const candidate = path.join(scope, entry, binaryName)
    if (entry.startsWith(platformPrefix) && existsSync(candidate)) return candidate
  }
  const manifest = path.join(scope, 'claude-code', 'package.json')
  if (!existsSync(manifest)) return undefined
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }
  const relative = typeof bin === 'string' ? bin : bin?.claude
  // bin/claude.exe without its install script is a placeholder that only prints an error.
  if (!relative || relative.endsWith('.exe')) return undefined
  return path.join(scope, 'claude-code', relative)
}

function checkVersion(binary: string, version: string): void {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] })
  if (result.status !== 0 || !result.stdout.includes(version)) {
    throw new Error(`${binary} --version printed '${(result.stdout || result.stderr || String(result.error)).trim()}', not ${version}`)
  }
}
