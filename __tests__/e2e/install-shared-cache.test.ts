// Many jobs on one self-hosted runner share its tool cache. Cold installs started together all get a
// CLI they can run (one job downloads, the others use its entry), and an install killed half-way
// leaves nothing that outlives the next install.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, visibleLog } from '../support/runner.js'
import { runCommand } from '../support/command-runner.js'
import { startNpmRegistry } from '../stand-ins/index.js'
import { currentTarget, platformPackage } from '../../src/claude/install.js'

const VERSION = '2.1.331'
const JOBS = 8
/** The platform package's binary: a stub CLI that answers --version and ends with a result naming its run. */
const CLAUDE = {
  mode: 0o755,
  content: `#!/bin/sh
[ "$1" = --version ] && { echo "${VERSION} (Claude Code)"; exit 0; }
printf '%s\\n' "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":false,\\"result\\":\\"ran $JOB_NAME\\",\\"num_turns\\":1,\\"session_id\\":\\"s\\",\\"total_cost_usd\\":0}"
`
}

type Registry = Awaited<ReturnType<typeof startNpmRegistry>>
let registry: Registry | undefined
afterEach(async () => {
  await registry?.close()
  registry = undefined
})

/** One job of the runner: its own npm cache, the shared tool cache, npm's registry from the env. */
function job(name: string, toolCache: string, registryUrl: string) {
  const npmCache = mkdtempSync(path.join(os.tmpdir(), 'cca-npm-cache-'))
  return runAction({
    inputs: { prompt: 'Review this.', 'anthropic-api-key': 'sk-ant-shared-cache-0123456789', 'claude-version': VERSION },
    env: { RUNNER_TOOL_CACHE: toolCache, npm_config_cache: npmCache, npm_config_registry: `${registryUrl}/`, JOB_NAME: name }
  })
}

test(`${JOBS} cold installs at once into one empty tool cache all run their CLI, from one download`, async () => {
  // Tarballs wait until every job has asked (or a while): without coordination all would swap their
  // copies in together, each deleting the one the last job was about to start.
  registry = await startNpmRegistry({
    packages: { [platformPackage(currentTarget())]: { [VERSION]: { claude: CLAUDE } } },
    holdTarballs: { count: JOBS, maxMs: 2000 }
  })
  const toolCache = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-shared-')), 'tool-cache')
  const names = Array.from({ length: JOBS }, (_, i) => `job-${i + 1}`)

  const runs = await Promise.all(names.map(name => job(name, toolCache, registry!.url)))

  for (const [i, run] of runs.entries()) {
    expect({ job: names[i], exitCode: run.exitCode, log: run.exitCode === 0 ? '' : visibleLog(run).slice(-1500) }).toEqual({
      job: names[i],
      exitCode: 0,
      log: ''
    })
    expect(run.outputs.result).toBe(`ran ${names[i]}`)
  }
  // One job downloaded; the others waited for its entry and checked it.
  expect(registry.requests.filter(r => r.url.endsWith('.tgz'))).toHaveLength(1)
  expect(runs.filter(run => /Claude Code [\d.]+: installed in/.test(run.stdout))).toHaveLength(1)
  expect(runs.filter(run => /installed by another job, found in the tool cache/.test(run.stdout))).toHaveLength(JOBS - 1)
  // The entry and its record, and nothing else: no lock, no staging directory.
  expect(readdirSync(path.join(toolCache, 'claude-code', VERSION)).sort()).toEqual([os.arch(), `${os.arch()}.complete`])
}, 240_000)

test('an entry another job (an older release, without the lock) swapped in first is kept, and this job runs it', async () => {
  registry = await startNpmRegistry({ packages: { [platformPackage(currentTarget())]: { [VERSION]: { claude: CLAUDE } } } })
  const toolCache = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-shared-')), 'tool-cache')
  const first = await job('job-1', toolCache, registry.url)
  expect(first.exitCode).toBe(0)
  const root = path.join(toolCache, 'claude-code', VERSION, os.arch())
  // The older release writes its record last: a job that comes before it sees an entry but no record.
  rmSync(`${root}.complete`)

  const second = await job('job-2', toolCache, registry.url)

  expect(second.exitCode).toBe(0)
  expect(second.outputs.result).toBe('ran job-2')
  expect(visibleLog(second)).not.toContain('does not hold the binary just installed')
  // It downloaded its own copy, found the same binary in place, kept that one and recorded it.
  expect(registry.requests.filter(r => r.url.endsWith('.tgz'))).toHaveLength(2)
  expect(existsSync(`${root}.complete`)).toBe(true)
  expect(readdirSync(path.dirname(root)).sort()).toEqual([os.arch(), `${os.arch()}.complete`])
}, 240_000)

test('an install killed mid-download leaves its staging directory and lock; the next install removes both and succeeds', async () => {
  registry = await startNpmRegistry({ packages: { [platformPackage(currentTarget())]: { [VERSION]: { claude: CLAUDE } } }, stallTarballs: true })
  const toolCache = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-shared-')), 'tool-cache')
  const versionDir = path.join(toolCache, 'claude-code', VERSION)

  const killed = await runAction({
    inputs: { prompt: 'Review this.', 'anthropic-api-key': 'sk-ant-shared-cache-0123456789', 'claude-version': VERSION },
    env: { RUNNER_TOOL_CACHE: toolCache, npm_config_cache: mkdtempSync(path.join(os.tmpdir(), 'cca-npm-cache-')), npm_config_registry: `${registry.url}/` },
    cancel: { when: `Claude Code ${VERSION}: downloading`, signal: 'SIGKILL' }
  })
  expect(killed.signal).toBe('SIGKILL')
  const left = readdirSync(versionDir).sort()
  expect(left).toEqual([os.arch() + '.lock', expect.stringMatching(new RegExp(`^${os.arch()}\\.partial-\\d+@`))])

  registry.stallTarballs(false)
  const next = await job('job-2', toolCache, registry.url)

  expect(next.exitCode).toBe(0)
  expect(next.outputs.result).toBe('ran job-2')
  expect(visibleLog(next)).toContain(`removed ${path.join(versionDir, left[1])}, left by an install that did not finish`)
  expect(visibleLog(next)).toContain(`removing the install lock ${path.join(versionDir, left[0])} of a job that is gone`)
  expect(readdirSync(versionDir).sort()).toEqual([os.arch(), `${os.arch()}.complete`])
}, 240_000)

test("a cancelled install stops npm's process group with the step", async () => {
  // npm as a wrapper script whose child outlives it unless its whole group is stopped; it records that child.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-npm-shim-'))
  const pids = path.join(dir, 'pids')
  writeFileSync(path.join(dir, 'npm'), `#!/bin/sh\nsleep 600 &\necho $! >> "${pids}"\nwait\n`, { mode: 0o755 })
  const toolCache = path.join(dir, 'tool-cache')
  const children: number[] = []
  try {
    const run = await runAction({
      inputs: { prompt: 'Review this.', 'anthropic-api-key': 'sk-ant-shared-cache-0123456789', 'claude-version': VERSION },
      env: { RUNNER_TOOL_CACHE: toolCache, PATH: `${dir}${path.delimiter}${process.env.PATH}` },
      // Once npm view and npm config get (run at once) have both started their child.
      cancel: { when: '', until: linesIn(pids, 2), signal: 'SIGINT' }
    })
    children.push(...readFileSync(pids, 'utf8').trim().split('\n').map(Number))

    expect(run.signal).toBe('SIGINT')
    expect(children).toHaveLength(2)
    expect(await stillRunning(children)).toEqual([])
  } finally {
    for (const pid of children.filter(isRunning)) process.kill(pid, 'SIGKILL')
  }
}, 240_000)

test("the command cancelled during the install stops npm's process group, cleans up and exits 143", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-npm-shim-'))
  const pids = path.join(dir, 'pids')
  writeFileSync(path.join(dir, 'npm'), `#!/bin/sh\nsleep 600 &\necho $! >> "${pids}"\nwait\n`, { mode: 0o755 })
  const children: number[] = []
  try {
    const run = await runCommand({
      args: ['--prompt', 'Review this.', '--claude-version', VERSION],
      env: {
        CLAUDE_CLOUD_ANTHROPIC_API_KEY: 'sk-ant-shared-cache-0123456789',
        CLAUDE_CLOUD_TOOL_CACHE: path.join(dir, 'tool-cache'),
        PATH: `${dir}${path.delimiter}${process.env.PATH}`
      },
      cancel: { when: '', until: linesIn(pids, 2), signal: 'SIGTERM' }
    })
    children.push(...readFileSync(pids, 'utf8').trim().split('\n').map(Number))

    // runCommand checked that the private directory is gone.
    expect(run.exitCode).toBe(143)
    expect(children).toHaveLength(2)
    expect(await stillRunning(children)).toEqual([])
  } finally {
    for (const pid of children.filter(isRunning)) process.kill(pid, 'SIGKILL')
  }
}, 240_000)

/** Resolves once `file` has `count` lines. */
async function linesIn(file: string, count: number): Promise<void> {
  while (!existsSync(file) || readFileSync(file, 'utf8').trim().split('\n').length < count) await new Promise(resolve => setTimeout(resolve, 50))
}

/** Those of `pids` still running once a SIGKILL sent to them has had time to land (they may not have been scheduled yet). */
async function stillRunning(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 100 && pids.some(isRunning); i++) await new Promise(resolve => setTimeout(resolve, 50))
  return pids.filter(isRunning)
}

/** Alive and not a zombie (a container's init may never reap what it inherits). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}
