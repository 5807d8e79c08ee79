// Claude Code's own subprocess isolation (CLAUDE_CODE_SUBPROCESS_ENV_SCRUB=1). Without it every
// process the agent starts (Bash, hooks, MCP servers) inherits the CLI's environment, provider
// credentials included, and reads /proc/<pid>/environ of the action's own Node process, which holds
// the inputs and the runner's tokens. With it the CLI strips credentials from its subprocesses'
// environment and runs them under bubblewrap in a PID namespace of their own. Observed with the CLI
// 2.1.331: without bubblewrap it refuses to start, without socat every Bash call fails, so both are
// made sure of here (apt-get, as root or with passwordless sudo), beside the CLI install.
import { spawn } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { log } from '../platform/platform.js'
import type { Settings } from '../settings/settings.js'

export const ISOLATION_ENV = { CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: '1' }
/** The Debian packages and the commands the CLI looks for on PATH. */
const PACKAGES = ['bubblewrap', 'socat']
const COMMANDS = ['bwrap', 'socat']
const APT_TIMEOUT_MS = 300_000
/** Flags that take the CLI off its default permission mode, which isolation forces back (2.1.331). */
const PERMISSION_FLAGS = /^--(dangerously-skip-permissions|allow-dangerously-skip-permissions|permission-mode)(=|$)/
/** Project settings files that can bring hooks or Bash permissions of the repository's own. */
const PROJECT_SETTINGS = ['.claude/settings.json', '.claude/settings.local.json']
/**
 * Lets bubblewrap create user namespaces where Ubuntu's AppArmor forbids them to unconfined programs
 * (kernel.apparmor_restrict_unprivileged_userns=1, as on Ubuntu 24.04 runners): the profile the CLI's
 * own message points to, for the bwrap binary only, instead of lifting the restriction for all.
 */
const APPARMOR_PROFILE = (bwrap: string): string =>
  `abi <abi/4.0>,\ninclude <tunables/global>\n\nprofile claude-cloud-action-bwrap ${bwrap} flags=(unconfined) {\n  userns,\n}\n`
const APPARMOR_RESTRICTION = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns'

export interface CommandResult {
  code: number | null
  output: string
}

export interface IsolationOptions {
  /** Runs a command (argv, no shell), with `input` on stdin; tests replace it. */
  run?: (command: string, args: string[], input?: string) => Promise<CommandResult>
  platform?: NodeJS.Platform
  isRoot?: boolean
  /** kernel.apparmor_restrict_unprivileged_userns is 1; default read from /proc. */
  userNamespacesRestricted?: boolean
}

/**
 * The CLI's extra environment: ISOLATION_ENV when isolation is on, else nothing. With `auto`, a runner
 * where it cannot be had gets one warning and the run goes on; with `required` it throws.
 */
export async function prepareIsolation(settings: Settings, env: NodeJS.ProcessEnv, options: IsolationOptions = {}): Promise<Record<string, string>> {
  const mode = settings.cli.isolation ?? 'auto'
  if (mode === 'off') return {}
  const reason = whyIsolationIsNeeded(settings, env)
  if (!reason && mode === 'auto') {
    log.info('Subprocess isolation is not needed: this run allows Claude Code no Bash, hooks or MCP servers of its own.')
    return {}
  }
  const problem = await isolationProblem(env, options)
  if (problem) {
    if (mode === 'required') throw new Error(`isolation is required, but Claude Code's subprocess isolation cannot run here: ${problem}.`)
    log.warning(
      `Claude Code runs without subprocess isolation (${problem}): ${reason}, and its tools can read every credential in the environment of the CLI and of the action (see docs/security.md). Set isolation: off to accept this without a warning, or required to fail instead.`
    )
    return {}
  }
  if (settings.cli.extraArgs.some(arg => PERMISSION_FLAGS.test(arg))) {
    log.warning(
      'Subprocess isolation keeps Claude Code in its default permission mode, so the permission flag in claude-args is ignored: list the tools Claude may use in allowed-tools, or set isolation: off.'
    )
  }
  log.info(
    `Subprocess isolation is on: ${reason ?? 'isolation is required'}, and Claude Code runs each tool without credentials in its environment, in a PID namespace of its own.`
  )
  return { ...ISOLATION_ENV }
}

/** Why the model can start processes of its choosing in this run; undefined when it cannot. */
export function whyIsolationIsNeeded(settings: Settings, env: NodeJS.ProcessEnv): string | undefined {
  const { cli } = settings
  // claude-args may hold --allowedTools of their own; any word naming Bash counts.
  if ([...cli.allowedTools, ...cli.extraArgs].some(word => /\bBash\b/.test(word))) return 'Bash is allowed'
  if (cli.extraArgs.some(arg => PERMISSION_FLAGS.test(arg))) return 'claude-args change the permission mode'
  // The review tool is the action's own MCP server: it runs no command the model chooses, so it is not counted.
  if (Object.keys(cli.mcpServers ?? {}).length > 0) return 'claude-args add MCP servers'
  const inSettings = widening(cli.settings)
  if (inSettings) return `${inSettings} in the settings`
  // The settings files Claude Code reads besides --settings: the project's, and the user's where the job chose the config directory.
  const files = [
    ...PROJECT_SETTINGS.map(file => path.join(cli.workingDirectory, file)),
    ...(env.CLAUDE_CONFIG_DIR ? [path.join(env.CLAUDE_CONFIG_DIR, 'settings.json')] : [])
  ]
  for (const file of files.filter(f => existsSync(f))) {
    const found = widening(readJson(file))
    if (found) return `${found} in ${file}`
  }
  if (existsSync(path.join(cli.workingDirectory, '.mcp.json'))) return `${path.join(cli.workingDirectory, '.mcp.json')} may add MCP servers`
  return undefined
}

/** What in these settings lets the model start processes, if anything. */
function widening(settings: Record<string, unknown> | undefined): string | undefined {
  if (!settings) return undefined
  if (settings.hooks !== undefined) return 'hooks'
  const permissions = settings.permissions as { allow?: unknown; defaultMode?: unknown } | undefined
  if (permissions?.defaultMode !== undefined || JSON.stringify(permissions?.allow ?? []).includes('Bash')) return 'Bash permissions or a permission mode'
  if (settings.enableAllProjectMcpServers !== undefined || settings.enabledMcpjsonServers !== undefined) return 'MCP servers enabled'
  return undefined
}

/** A settings file; one that cannot be read counts as having hooks, to be safe. */
function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return { hooks: 'unreadable' }
  }
}

/** What stands in the way of isolation on this runner, after installing what is missing; undefined when nothing does. */
async function isolationProblem(env: NodeJS.ProcessEnv, options: IsolationOptions): Promise<string | undefined> {
  const platform = options.platform ?? process.platform
  if (platform !== 'linux') return `it needs Linux and bubblewrap, and this runner is ${platform}`
  const run = options.run ?? runCommand
  const missing = (): string[] => COMMANDS.filter(command => !onPath(command, env))
  if (missing().length > 0) {
    // A container without user namespaces cannot use bubblewrap: util-linux's unshare tells before a useless install.
    // Where AppArmor restricts them, only bubblewrap's own profile (sandboxProblem) can tell.
    const unshare = onPath('unshare', env)
    if (unshare && !restricted(options)) {
      const trial = await run(unshare, ['--user', '--pid', '--fork', 'true'])
      if (trial.code !== 0) return `this runner allows no user namespaces (${lastLine(trial.output)}), which bubblewrap needs; a container needs them allowed`
    }
    const problem = await installPackages(missing(), env, run, options.isRoot ?? process.getuid?.() === 0)
    if (problem) return problem
    if (missing().length > 0) return `${missing().join(' and ')} is still not on PATH after apt-get installed ${PACKAGES.join(' and ')}`
  }
  return sandboxProblem(env, run, options.isRoot ?? process.getuid?.() === 0, restricted(options))
}

function restricted(options: IsolationOptions): boolean {
  return options.userNamespacesRestricted ?? readFirstLine(APPARMOR_RESTRICTION) === '1'
}

async function installPackages(
  missing: string[],
  env: NodeJS.ProcessEnv,
  run: NonNullable<IsolationOptions['run']>,
  isRoot: boolean
): Promise<string | undefined> {
  const absent = `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed`
  const sudo = await adminPrefix(env, run, isRoot)
  if (!sudo || !onPath('apt-get', env)) {
    return `${absent}, and the action cannot install ${PACKAGES.join(' and ')} here (that takes apt-get, and root or passwordless sudo)`
  }
  const started = Date.now()
  const apt = (args: string[]): Promise<CommandResult> => (sudo.length > 0 ? run('sudo', ['-n', 'apt-get', ...args]) : run('apt-get', args))
  const install = ['install', '-y', '-q', '--no-install-recommends', ...PACKAGES]
  let result = await apt(install)
  // A fresh runner image may have no package lists yet; only then are they fetched.
  if (result.code !== 0 && /Unable to locate package|has no installation candidate/.test(result.output)) {
    await apt(['update', '-q'])
    result = await apt(install)
  }
  if (result.code !== 0) return `${absent}, and apt-get install ${PACKAGES.join(' ')} failed: ${lastLine(result.output)}`
  log.info(`Installed ${PACKAGES.join(' and ')} for Claude Code's subprocess isolation in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  return undefined
}

/** [] as root, ['sudo', '-n'] with passwordless sudo, undefined when neither. */
async function adminPrefix(env: NodeJS.ProcessEnv, run: NonNullable<IsolationOptions['run']>, isRoot: boolean): Promise<string[] | undefined> {
  if (isRoot) return []
  if (!onPath('sudo', env)) return undefined
  return (await run('sudo', ['-n', 'true'])).code === 0 ? ['sudo', '-n'] : undefined
}

/** bubblewrap as the CLI runs it (user and PID namespaces); a container without them fails here, not at every Bash call. */
async function sandboxProblem(
  env: NodeJS.ProcessEnv,
  run: NonNullable<IsolationOptions['run']>,
  isRoot: boolean,
  restricted: boolean
): Promise<string | undefined> {
  const bwrap = onPath('bwrap', env) ?? 'bwrap'
  const trial = (): Promise<CommandResult> =>
    run(bwrap, ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-user', '--unshare-pid', '--proc', '/proc', '--die-with-parent', 'true'])
  let result = await trial()
  if (result.code === 0) return undefined
  const sudo = restricted ? await adminPrefix(env, run, isRoot) : undefined
  if (sudo && onPath('apparmor_parser', env)) {
    const profile = `/etc/apparmor.d/claude-cloud-action-bwrap`
    const as = (command: string, args: string[], input?: string): Promise<CommandResult> =>
      sudo.length > 0 ? run('sudo', ['-n', command, ...args], input) : run(command, args, input)
    const written = await as('tee', [profile], APPARMOR_PROFILE(bwrap))
    if (written.code === 0 && (await as('apparmor_parser', ['-r', profile])).code === 0) {
      log.info(`Loaded an AppArmor profile (${profile}) that lets ${bwrap} create user namespaces, which this runner restricts.`)
      result = await trial()
      if (result.code === 0) return undefined
    }
  }
  const hint = restricted
    ? "the kernel's AppArmor restricts user namespaces (kernel.apparmor_restrict_unprivileged_userns=1); see docs/security.md"
    : 'a container needs user namespaces allowed'
  return `bubblewrap cannot create its namespaces here (${lastLine(result.output)}): ${hint}`
}

/** The command's full path on PATH, if it is there and executable. */
export function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not here.
    }
  }
  return undefined
}

function runCommand(command: string, args: string[], input?: string): Promise<CommandResult> {
  return new Promise(resolve => {
    let output = ''
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: APT_TIMEOUT_MS
    })
    const collect = (chunk: Buffer): void => void (output = (output + chunk.toString('utf8')).slice(-8000))
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    if (input !== undefined) child.stdin?.end(input)
    child.on('error', error => resolve({ code: null, output: error.message }))
    child.on('close', code => resolve({ code, output }))
  })
}

function lastLine(output: string): string {
  return (
    output
      .trim()
      .split('\n')
      .filter(line => line.trim())
      .at(-1)
      ?.trim()
      .slice(0, 300) ?? 'no output'
  )
}

function readFirstLine(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    return undefined
  }
}
