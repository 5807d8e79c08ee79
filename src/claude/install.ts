// Finds the Claude Code CLI: the given claude-path, a tool-cache hit whose binary still has the
// SHA-256 recorded at install, or a fresh npm install into the runner's tool cache (layout
// <cache>/claude-code/<version>/<arch>, as @actions/tool-cache uses). Only the platform package that
// carries the native binary is installed, downloaded by the action where it can (direct-download.ts)
// and by npm otherwise; the wrapper package is the fallback. npm always runs in a
// directory of ours, so a workspace .npmrc (a fork's checkout) is never read; the user's and global
// npmrc and npm_config_* still are (a private registry mirror, its token, a proxy, a CA).
import { log } from '../platform/platform.js'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withRetry } from '../lib/retry.js'
import { DirectDownloadDeclined, downloadPackage, isNotPublished, planDirectDownload, type DownloadPlan } from './direct-download.js'
import type { CliSettings } from '../settings/settings.js'
import { runNpm, type Npm } from './npm.js'
import { checkFreeSpace, explainToolCacheError, InstallProblem, installDeadlineMs, isLocalWriteError } from './install-errors.js'
import { givenClaude, type ClaudeExecutable } from './claude-path.js'
import { fingerprint, insideToolCache, installTurn, removeStaleLeftovers, sha256, stagingDir, swapIn, verifiedCacheHit, writeRecord } from './tool-cache.js'

const PACKAGE = '@anthropic-ai/claude-code'
/** Only an exact release: anything else could walk a tool-cache path out of the cache. */
const PLAIN_VERSION = /^\d+\.\d+\.\d+$/

export interface InstallLimits {
  /** A stalled registry (a TLS or proxy problem) makes npm wait silently; each npm command is cut off here. */
  npmTimeoutMs: number
  /** The base of the jittered pause before the second (and last) install attempt. */
  retryDelayMs: number
  /** The direct tarball download gives way to npm when the registry sends nothing for this long. */
  downloadIdleTimeoutMs: number
  /** The whole install, waiting for another job's included (default 4 minutes). */
  deadlineMs?: number
  /** Free space the tool cache's file system needs before an install starts (default about 400 MB). */
  neededBytes?: number
}

const LIMITS: InstallLimits = { npmTimeoutMs: 180_000, retryDelayMs: 2000, downloadIdleTimeoutMs: 30_000 }

/** What npm matches a package's os, cpu and libc against. */
export interface InstallTarget {
  platform: NodeJS.Platform
  arch: string
  /** Linux only, detected as npm does. */
  libc?: 'glibc' | 'musl'
}

export interface InstallOptions {
  /** Aborting (the credentials failed) stops npm and rejects. */
  signal?: AbortSignal
  /** A private directory npm runs in; default a new one in the system temp dir. */
  workDir?: string
  /** Tests install another platform's package. */
  target?: InstallTarget
}

/** `env` is where npm is looked up (PATH) and the tool cache found; tests pass a fake npm and shorter limits. */
export async function findOrInstallClaude(
  cli: CliSettings,
  env: NodeJS.ProcessEnv = process.env,
  limits: InstallLimits = LIMITS,
  options: InstallOptions = {}
): Promise<ClaudeExecutable> {
  const given = givenClaude(cli)
  if (given) return given
  const started = Date.now()
  const target = options.target ?? currentTarget()
  const workDir = options.workDir ? path.join(options.workDir, 'npm') : mkdtempSync(path.join(os.tmpdir(), 'cca-npm-'))
  // The whole install is bounded: a registry that accepts and never answers would otherwise hold the
  // step through every npm time limit and retry. The message is made when the bound is reached.
  const deadlineMs = installDeadlineMs(env, limits.deadlineMs)
  const learned: Learned = {}
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(new InstallProblem(deadlineMessage(deadlineMs, learned, env))), deadlineMs)
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal
  let versionDir: string | undefined
  try {
    const npm: Npm = (args, cwd = workDir) => runNpm(args, cwd, env, limits.npmTimeoutMs, signal)
    privateNpmDir(workDir)
    const version = PLAIN_VERSION.test(cli.version) ? cli.version : await resolveDistTag(cli.version, npm)
    const cache = path.resolve(cli.toolCache ?? toolCacheDir(env))
    const root = insideToolCache(cache, path.join(cache, 'claude-code', version, target.arch))
    const cached = await verifiedCacheHit(cache, root)
    if (cached) {
      log.info(`Claude Code ${version}: found in the tool cache in ${secondsSince(started)} s`)
      return { path: cached, version }
    }
    versionDir = path.dirname(root)
    mkdirSync(versionDir, { recursive: true })
    // One job per runner installs a version; the others wait for its entry (installTurn).
    const turn = await installTurn(cache, root, signal, holder => (learned.waitingFor = holder))
    learned.waitingFor = undefined
    if (turn.installedByOther) {
      log.info(`Claude Code ${version}: installed by another job, found in the tool cache in ${secondsSince(started)} s`)
      return { path: turn.installedByOther, version }
    }
    try {
      // What a killed or cancelled install left here (118-159 MB each) goes before another is made.
      removeStaleLeftovers(root)
      checkFreeSpace(versionDir, limits.neededBytes)
      const context = { env, limits, signal, learned }
      const installed = await withRetry(() => install(version, cache, root, target, npm, context), {
        attempts: 2,
        baseDelayMs: limits.retryDelayMs,
        // A version that does not exist, a refused token or a full or read-only disk will not heal on a second try.
        isRetryable: error =>
          !signal.aborted &&
          !isNotPublished(error) &&
          !isLocalWriteError(error) &&
          !(error instanceof InstallProblem) &&
          !/\((E401|E403)\)/.test((error as Error).message),
        onRetry: (error, attempt, delayMs) =>
          log.warning(`Installing Claude Code failed (${(error as Error).message}); attempt ${attempt + 1} in ${delayMs} ms`)
      })
      log.info(`Claude Code ${version}: installed in ${secondsSince(started)} s`)
      // The turn ends once the record is written: a job waiting for the entry then finds it.
      return { path: installed.binary, version, recorded: installed.recorded.finally(turn.release) }
    } catch (error) {
      turn.release()
      throw error
    }
  } catch (error) {
    // Whatever broke once the bound was reached (npm killed, the download aborted) is reported as the bound.
    if (deadline.signal.aborted && !options.signal?.aborted) throw deadline.signal.reason
    throw versionDir ? explainToolCacheError(error, versionDir, limits.neededBytes) : error
  } finally {
    clearTimeout(timer)
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** What the install has found out so far, for the message when its time is up. */
interface Learned {
  /** The registry npm uses (npm config get registry). */
  registry?: string
  /** The job whose install this one is waiting for. */
  waitingFor?: string
}

function deadlineMessage(deadlineMs: number, learned: Learned, env: NodeJS.ProcessEnv): string {
  const within = `Installing Claude Code did not finish within ${deadlineMs / 1000} s`
  if (learned.waitingFor) return `${within}: another job (${learned.waitingFor}) was still installing it into the tool cache. Re-run, or pass claude-path.`
  const registry = learned.registry ?? env.npm_config_registry ?? "npm's registry (npm config get registry)"
  return `${within}; is the npm registry ${registry} reachable from the runner (proxy, CA, firewall)? Fix that, or install Claude Code yourself and pass claude-path.`
}

function secondsSince(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(3)
}

function toolCacheDir(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache', 'claude-cloud-action')
}

/** A directory npm treats as its project (a package.json), so it looks for no .npmrc above it. */
function privateNpmDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n')
}

export function currentTarget(): InstallTarget {
  const target: InstallTarget = { platform: process.platform, arch: os.arch() }
  if (process.platform === 'linux') {
    // npm's own test (npm-install-checks): a glibc runtime version in the process report, else musl.
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
    target.libc = header?.glibcVersionRuntime ? 'glibc' : 'musl'
  }
  return target
}

/** The optional dependency of the wrapper package that npm would pick for this target. */
export function platformPackage(target: InstallTarget): string {
  const musl = target.platform === 'linux' && target.libc === 'musl' ? '-musl' : ''
  return `${PACKAGE}-${target.platform}-${target.arch}${musl}`
}

/** npm on Node 20 silently installs an old release for a tag or range, so tags become exact first. */
async function resolveDistTag(tag: string, npm: Npm): Promise<string> {
  const { stdout } = await npm(['view', `${PACKAGE}@${tag}`, 'version'])
  const version = stdout.trim().split('\n').pop()?.trim() ?? ''
  if (!PLAIN_VERSION.test(version)) throw new Error(`npm could not resolve ${PACKAGE}@${tag} (got '${version.slice(0, 200)}')`)
  log.info(`Claude Code: ${tag} is ${version}`)
  return version
}

interface Installed {
  binary: string
  recorded: Promise<void>
}

interface InstallContext {
  env: NodeJS.ProcessEnv
  limits: InstallLimits
  signal: AbortSignal
  learned: Learned
}

async function install(version: string, cache: string, root: string, target: InstallTarget, npm: Npm, context: InstallContext): Promise<Installed> {
  const staging = insideToolCache(cache, stagingDir(root))
  rmSync(staging, { recursive: true, force: true })
  privateNpmDir(staging)
  try {
    // Install scripts are skipped: the native binary ships in the platform package, found below.
    const flags = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error']
    const direct = platformPackage(target)
    const npmInstall = async (pkg: string): Promise<void> => {
      await npm(['install', `${pkg}@${version}`, ...flags], staging)
    }
    const installWrapper = async (): Promise<void> => {
      log.info(`Claude Code ${version}: ${direct} is not published for this version; installing ${PACKAGE}@${version}`)
      await npmInstall(PACKAGE)
    }
    const plan = await planDirectDownload(
      direct,
      version,
      args => npm(args, staging),
      context.env,
      registry => (context.learned.registry = registry)
    )
    if (plan.kind === 'not-published') {
      await installWrapper()
    } else if (!(await downloadDirect(plan, version, direct, path.join(staging, 'node_modules'), target, context))) {
      log.info(`Claude Code ${version}: installing ${direct}@${version} from npm into the tool cache`)
      try {
        await npmInstall(direct)
      } catch (error) {
        if (!isNotPublished(error)) throw error
        await installWrapper()
      }
    }
    const found = findBinary(staging, target)
    if (!found) throw new Error(`npm installed ${PACKAGE}@${version} but no Claude Code binary for ${target.platform}-${target.arch}`)
    checkVersion(found, version)
    const relative = path.relative(staging, found)
    const swapped = await swapIn(staging, root, relative)
    if (!swapped.ours) {
      // Another job (one that took no lock: an older release) put the same binary in place first.
      const recordedSha = swapped.sha256
      const recorded = existsSync(`${root}.complete`) || !recordedSha ? Promise.resolve() : record(root, relative, Promise.resolve(recordedSha))
      return { binary: swapped.binary, recorded }
    }
    // The binary is the one npm just checked against the registry's integrity; this job runs it while
    // its hash is taken. Until the record exists a later job sees no cache entry and installs again.
    return { binary: swapped.binary, recorded: record(root, relative, sha256(swapped.binary)) }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Writes the tool-cache record once the hash is known; never rejects. */
function record(root: string, relative: string, hash: Promise<string>): Promise<void> {
  const binary = path.join(root, relative)
  const before = fingerprint(binary)
  return hash
    .then(sha => {
      // The file as it was hashed, unless it changed meanwhile (then jobs waiting for it hash it themselves).
      const after = fingerprint(binary)
      const same = before && after && before.size === after.size && before.ino === after.ino && before.ctimeMs === after.ctimeMs
      writeRecord(root, { binary: relative, sha256: sha, ...(same ? { fingerprint: after } : {}) })
    })
    .catch(error => log.debug(`Claude Code: no tool-cache record for ${root} (${(error as Error).message}); the next job installs again`))
}

/**
 * The platform package through the action's own download, laid out as npm would in `nodeModules`;
 * false when npm should install it instead (the plan said so, or the download gave way).
 */
async function downloadDirect(
  plan: DownloadPlan,
  version: string,
  pkg: string,
  nodeModules: string,
  target: InstallTarget,
  context: InstallContext
): Promise<boolean> {
  if (plan.kind !== 'direct') {
    if (plan.kind === 'npm') log.debug(`Claude Code ${version}: npm installs it (${plan.why})`)
    return false
  }
  log.info(`Claude Code ${version}: downloading ${pkg}@${version} from ${new URL(plan.url).origin} into the tool cache`)
  try {
    await downloadPackage(plan, {
      keep: { [binaryName(target)]: 0o755, 'package.json': 0o644 },
      into: path.join(nodeModules, ...pkg.split('/')),
      idleTimeoutMs: context.limits.downloadIdleTimeoutMs,
      signal: context.signal
    })
    return true
  } catch (error) {
    if (!(error instanceof DirectDownloadDeclined)) throw error
    log.info(`Claude Code ${version}: ${error.message}; installing with npm instead`)
    rmSync(nodeModules, { recursive: true, force: true })
    return false
  }
}

function binaryName(target: InstallTarget): string {
  return target.platform === 'win32' ? 'claude.exe' : 'claude'
}

/** The native binary of the platform package npm picked; else the package's own bin (older releases). */
export function findBinary(root: string, target: InstallTarget = currentTarget()): string | undefined {
  const scope = path.join(root, 'node_modules', '@anthropic-ai')
  if (!existsSync(scope)) return undefined
  const platformPrefix = `claude-code-${target.platform}-${target.arch}`
  for (const entry of readdirSync(scope)) {
    const candidate = path.join(scope, entry, binaryName(target))
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
  if (result.status === 0 && result.stdout.includes(version)) return
  const printed = (result.stdout || result.stderr || '').trim()
  if (printed) throw new Error(`${binary} --version printed '${printed}', not ${version}`)
  // A binary cut short (a full disk) prints nothing: say how it ended instead.
  const how = result.error
    ? `could not run (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`
    : result.signal
      ? `was killed by ${result.signal}`
      : `exited with code ${result.status}`
  throw new Error(`${binary} --version printed nothing (it ${how}), not ${version}`)
}
