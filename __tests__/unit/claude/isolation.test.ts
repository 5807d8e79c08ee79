// When the isolation input turns Claude Code's subprocess isolation on, and how bubblewrap and socat
// are made sure of: the commands are recorded here instead of run (apt-get, sudo, bwrap), against a
// PATH of empty executables. The real CLI under isolation is in e2e/isolation.test.ts.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prepareIsolation, whyIsolationIsNeeded, type CommandResult } from '../../../src/claude/isolation.js'
import type { IsolationMode, Settings } from '../../../src/settings/settings.js'

function settings(cli: Partial<Settings['cli']> = {}, isolation: IsolationMode = 'auto'): Settings {
  return {
    provider: { name: 'anthropic' },
    fallbackRegions: [],
    models: {},
    cli: {
      prompt: 'p',
      allowedTools: ['Bash(git diff:*)'],
      disallowedTools: [],
      extraArgs: [],
      version: '2.1.331',
      workingDirectory: os.tmpdir(),
      isolation,
      ...cli
    },
    exportEnv: true,
    exportCredentials: false,
    comment: { enabled: false, tag: '', token: '' },
    review: { enabled: false, maxComments: 25, incremental: true, checkName: 'Claude review' }
  }
}

/** A PATH directory holding empty executables with these names. */
function pathWith(...commands: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-isolation-path-'))
  for (const command of commands) addCommand(dir, command)
  return dir
}

function addCommand(dir: string, command: string): void {
  writeFileSync(path.join(dir, command), '')
  chmodSync(path.join(dir, command), 0o755)
}

/** Records each command; `answer` decides its result (default success). */
function recorder(answer: (command: string, args: string[]) => CommandResult | void = () => undefined) {
  const calls: string[] = []
  const run = async (command: string, args: string[], input?: string): Promise<CommandResult> => {
    calls.push([path.basename(command), ...args].join(' ') + (input !== undefined ? ' <input' : ''))
    return answer(command, args) ?? { code: 0, output: '' }
  }
  return { calls, run }
}

/** prepareIsolation with what the GitHub platform's log printed meanwhile. */
async function prepare(s: Settings, PATH: string, options: Parameters<typeof prepareIsolation>[2] = {}) {
  const chunks: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write
  try {
    const env = await prepareIsolation(s, { PATH }, { platform: 'linux', isRoot: true, userNamespacesRestricted: false, ...options })
    return { env, error: undefined, log: chunks.join('') }
  } catch (error) {
    return { env: undefined, error: error as Error, log: chunks.join('') }
  } finally {
    process.stdout.write = write
  }
}

const BWRAP_TRIAL = 'bwrap --ro-bind / / --dev /dev --unshare-user --unshare-pid --proc /proc --die-with-parent true'

test('Bash, permission flags, hooks, Bash permissions, MCP servers and project settings files each call for isolation; Read and Grep do not', () => {
  const none = settings({ allowedTools: ['Read', 'Grep'] })
  expect(whyIsolationIsNeeded(none, {})).toBeUndefined()
  expect(whyIsolationIsNeeded(settings({ allowedTools: ['Read', 'Bash(git diff:*)'] }), {})).toBe('Bash is allowed')
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], extraArgs: ['--allowedTools', 'Bash'] }), {})).toBe('Bash is allowed')
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], extraArgs: ['--permission-mode', 'acceptEdits'] }), {})).toBe(
    'claude-args change the permission mode'
  )
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], settings: { hooks: {} } }), {})).toBe('hooks in the settings')
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], settings: { permissions: { allow: ['Bash(ls:*)'] } } }), {})).toBe(
    'Bash permissions or a permission mode in the settings'
  )
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], settings: { permissions: { deny: ['WebFetch'] } } }), {})).toBeUndefined()
  // The action's own review server is not among these: it is added to argv later, not to cli.mcpServers.
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], mcpServers: { db: { command: 'db-mcp' } } }), {})).toBe('claude-args add MCP servers')
  const repo = mkdtempSync(path.join(os.tmpdir(), 'cca-isolation-repo-'))
  mkdirSync(path.join(repo, '.claude'))
  writeFileSync(path.join(repo, '.claude', 'settings.json'), '{"permissions":{"deny":["WebFetch"]}}')
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], workingDirectory: repo }), {})).toBeUndefined()
  writeFileSync(path.join(repo, '.claude', 'settings.local.json'), '{"hooks":{"PostToolUse":[]}}')
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], workingDirectory: repo }), {})).toBe(`hooks in ${repo}/.claude/settings.local.json`)
  const config = mkdtempSync(path.join(os.tmpdir(), 'cca-isolation-config-'))
  expect(whyIsolationIsNeeded(none, { CLAUDE_CONFIG_DIR: config })).toBeUndefined()
  writeFileSync(path.join(config, 'settings.json'), 'not json')
  expect(whyIsolationIsNeeded(none, { CLAUDE_CONFIG_DIR: config })).toBe(`hooks in ${config}/settings.json`)
  writeFileSync(path.join(repo, '.mcp.json'), '{}')
  expect(whyIsolationIsNeeded(settings({ allowedTools: [], workingDirectory: repo, settings: {} }), {})).toMatch(/^hooks in .*settings.local.json$/)
})

test('with bwrap and socat on PATH and a working sandbox, isolation is on after one bubblewrap trial and no install', async () => {
  const { calls, run } = recorder()
  const { env, log } = await prepare(settings(), pathWith('bwrap', 'socat', 'apt-get'), { run })
  expect(env).toEqual({ CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: '1' })
  expect(calls).toEqual([BWRAP_TRIAL])
  expect(log).toContain('Subprocess isolation is on: Bash is allowed')
})

test('missing packages are installed with apt-get as root, the lists fetched only when the install cannot find them', async () => {
  const dir = pathWith('apt-get')
  let installs = 0
  const { calls, run } = recorder((_command, args) => {
    if (args[0] !== 'install') return undefined
    if (++installs === 1) return { code: 100, output: 'Reading package lists...\nE: Unable to locate package bubblewrap' }
    addCommand(dir, 'bwrap')
    addCommand(dir, 'socat')
    return undefined
  })
  const { env, log } = await prepare(settings(), dir, { run })
  expect(calls).toEqual([
    'apt-get install -y -q --no-install-recommends bubblewrap socat',
    'apt-get update -q',
    'apt-get install -y -q --no-install-recommends bubblewrap socat',
    BWRAP_TRIAL
  ])
  expect(env).toEqual({ CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: '1' })
  expect(log).toMatch(/Installed bubblewrap and socat for Claude Code's subprocess isolation in \d+\.\d s\./)
})

test('not root: passwordless sudo installs; without it auto warns and goes on, required fails', async () => {
  const dir = pathWith('apt-get', 'sudo', 'socat')
  const { calls, run } = recorder((_command, args) => {
    if (args.includes('install')) addCommand(dir, 'bwrap')
  })
  const { env } = await prepare(settings(), dir, { run, isRoot: false })
  expect(calls).toEqual(['sudo -n true', 'sudo -n apt-get install -y -q --no-install-recommends bubblewrap socat', BWRAP_TRIAL])
  expect(env).toEqual({ CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: '1' })

  const noSudo = recorder((command, args) => (command === 'sudo' && args[1] === 'true' ? { code: 1, output: 'sudo: a password is required' } : undefined))
  const auto = await prepare(settings(), pathWith('apt-get', 'sudo'), { run: noSudo.run, isRoot: false })
  expect(auto.env).toEqual({})
  expect(auto.log).toContain(
    '::warning::Claude Code runs without subprocess isolation (bwrap and socat are not installed, and the action cannot install bubblewrap and socat here (that takes apt-get, and root or passwordless sudo)): Bash is allowed'
  )
  const required = await prepare(settings({}, 'required'), pathWith('apt-get', 'sudo'), { run: noSudo.run, isRoot: false })
  expect(required.error?.message).toBe(
    "isolation is required, but Claude Code's subprocess isolation cannot run here: bwrap and socat are not installed, and the action cannot install bubblewrap and socat here (that takes apt-get, and root or passwordless sudo)."
  )
})

test('a runner without user namespaces is found out by unshare before any install', async () => {
  const { calls, run } = recorder(command =>
    path.basename(command) === 'unshare' ? { code: 1, output: 'unshare: unshare failed: Operation not permitted' } : undefined
  )
  const { env, log } = await prepare(settings(), pathWith('apt-get', 'unshare'), { run })
  expect(env).toEqual({})
  expect(calls).toEqual(['unshare --user --pid --fork true'])
  expect(log).toContain('this runner allows no user namespaces (unshare: unshare failed: Operation not permitted), which bubblewrap needs')
})

test('where AppArmor restricts user namespaces, bubblewrap gets a profile of its own and is tried again', async () => {
  const dir = pathWith('bwrap', 'socat', 'apparmor_parser', 'sudo')
  let trials = 0
  const { calls, run } = recorder(command =>
    path.basename(command) === 'bwrap' && ++trials === 1 ? { code: 1, output: 'bwrap: setting up uid map: Permission denied' } : undefined
  )
  const { env, log } = await prepare(settings(), dir, { run, isRoot: false, userNamespacesRestricted: true })
  expect(calls).toEqual([
    BWRAP_TRIAL,
    'sudo -n true',
    'sudo -n tee /etc/apparmor.d/claude-cloud-action-bwrap <input',
    'sudo -n apparmor_parser -r /etc/apparmor.d/claude-cloud-action-bwrap',
    BWRAP_TRIAL
  ])
  expect(env).toEqual({ CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: '1' })
  expect(log).toContain('Loaded an AppArmor profile')

  const failing = recorder(command => (path.basename(command) === 'bwrap' ? { code: 1, output: 'bwrap: setting up uid map: Permission denied' } : undefined))
  const required = await prepare(settings({}, 'required'), pathWith('bwrap', 'socat'), { run: failing.run, userNamespacesRestricted: true })
  expect(required.error?.message).toBe(
    "isolation is required, but Claude Code's subprocess isolation cannot run here: bubblewrap cannot create its namespaces here (bwrap: setting up uid map: Permission denied): the kernel's AppArmor restricts user namespaces (kernel.apparmor_restrict_unprivileged_userns=1); see docs/security.md."
  )
})

test('off runs nothing; auto without Bash runs nothing; required turns it on even then; other systems get a warning', async () => {
  const { calls, run } = recorder()
  expect((await prepare(settings({}, 'off'), pathWith(), { run })).env).toEqual({})
  const quiet = await prepare(settings({ allowedTools: ['Read'] }), pathWith(), { run })
  expect(quiet.env).toEqual({})
  expect(quiet.log).toContain('Subprocess isolation is not needed')
  expect(calls).toEqual([])
  const forced = await prepare(settings({ allowedTools: ['Read'] }, 'required'), pathWith('bwrap', 'socat'), { run })
  expect(forced.env).toEqual({ CLAUDE_CODE_SUBPROCESS_ENV_SCRUB: '1' })
  expect(forced.log).toContain('Subprocess isolation is on: isolation is required')
  const mac = await prepare(settings(), pathWith(), { run, platform: 'darwin' })
  expect(mac.log).toContain('::warning::Claude Code runs without subprocess isolation (it needs Linux and bubblewrap, and this runner is darwin)')
})

test('a permission flag in claude-args is named: isolation keeps the CLI in its default permission mode', async () => {
  const { run } = recorder()
  const { log } = await prepare(settings({ extraArgs: ['--permission-mode', 'acceptEdits'] }), pathWith('bwrap', 'socat'), { run })
  expect(log).toContain('::warning::Subprocess isolation keeps Claude Code in its default permission mode')
})
