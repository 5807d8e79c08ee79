// Finds the Claude Code CLI: the given claude-path, a tool-cache hit, or a fresh npm install into
// the runner's tool cache (layout <cache>/claude-code/<version>/<arch>, as @actions/tool-cache uses).
import * as core from '@actions/core'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withRetry } from '../retry.js'
import type { CliSettings } from '../settings.js'

const PACKAGE = '@anthropic-ai/claude-code'
/** A stalled registry (a TLS or proxy problem) makes npm wait silently; each attempt is cut off here. */
const NPM_TIMEOUT_MS = 180_000

export interface ClaudeExecutable {
  path: string
  version: string
}

export async function findOrInstallClaude(cli: CliSettings, env: NodeJS.ProcessEnv = process.env): Promise<ClaudeExecutable> {
  if (cli.path) {
    core.info(`Claude Code: using ${cli.path} (claude-path)`)
    return { path: cli.path, version: 'claude-path' }
  }
  const started = Date.now()
  const version = /^\d/.test(cli.version) ? cli.version : await resolveDistTag(cli.version)
  const root = path.join(toolCacheDir(env), 'claude-code', version, os.arch())
  if (existsSync(`${root}.complete`)) {
    const binary = findBinary(root)
    if (binary) {
      core.info(`Claude Code ${version}: found in the tool cache in ${secondsSince(started)} s`)
      return { path: binary, version }
    }
  }
  core.info(`Claude Code ${version}: installing ${PACKAGE}@${version} from npm into the tool cache`)
  await withRetry(() => install(version, root), {
    attempts: 2,
    baseDelayMs: 2000,
    isRetryable: () => true,
    onRetry: (error, attempt, delayMs) => core.warning(`Installing Claude Code failed (${(error as Error).message}); attempt ${attempt + 1} in ${delayMs} ms`)
  })
  core.info(`Claude Code ${version}: installed in ${secondsSince(started)} s`)
  return { path: findBinary(root) as string, version }
}

function secondsSince(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(3)
}

function toolCacheDir(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache', 'claude-cloud-action')
}

/** npm on Node 20 silently installs an old release for a tag or range, so tags become exact first. */
async function resolveDistTag(tag: string): Promise<string> {
  const { stdout } = await runNpm(['view', `${PACKAGE}@${tag}`, 'version'])
  const version = stdout.trim().split('\n').pop()?.trim() ?? ''
  if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`npm could not resolve ${PACKAGE}@${tag} (got '${version}')`)
  core.info(`Claude Code: ${tag} is ${version}`)
  return version
}

async function install(version: string, root: string): Promise<void> {
  const staging = `${root}.partial-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    // Install scripts are skipped: the native binary ships in a platform package, found below.
    await runNpm(['install', '--prefix', staging, `${PACKAGE}@${version}`, '--no-save', '--no-package-lock', '--no-audit',
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

/** Runs npm with a hard time limit (@actions/exec can neither time out nor kill a child). */
function runNpm(args: string[]): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    // npm is npm.cmd on Windows, which only a shell can start; the arguments are ours, not the user's.
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: NPM_TIMEOUT_MS, killSignal: 'SIGKILL', shell: process.platform === 'win32' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ stdout })
      const why = signal ? `was stopped after ${NPM_TIMEOUT_MS / 1000} s (${signal}); is the npm registry reachable?` : `exited with code ${code}`
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
