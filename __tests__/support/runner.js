// @ts-check
// Runs the bundled action the way the GitHub runner does: INPUT_* variables (with action.yml's
// defaults), GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY files, RUNNER_TEMP,
// then the post step with the saved state. Shared by the e2e tests, the demo and the benchmark.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { issuedSecrets } from '../stand-ins/http-util.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DIST = path.join(ROOT, 'dist', 'index.js')
/** Shared by every run, so the real CLI is installed once (by the action's own installer). */
export const TOOL_CACHE = path.join(ROOT, '.cache', 'tool-cache')
/** The production runtime (action.yml says node24), which the `node` devDependency ships. */
export const NODE24 = path.join(ROOT, 'node_modules', 'node', 'bin', 'node')
/** Steps run on it, as the runner would, whichever Node started the tests; else on that one. */
export const STEP_NODE = existsSync(NODE24) ? NODE24 : process.execPath
/** Stands in for `${{ github.token }}`. */
export const FAKE_GITHUB_TOKEN = 'ghs_standinGitHubToken0123456789abcdef'

/**
 * @typedef {{ name: string, default?: string }} ActionInput
 * @typedef {{ inputs: ActionInput[], outputs: string[] }} ActionInterface
 */

/** Reads action.yml's inputs (with defaults) and outputs; a line parser is enough for its shape. */
export function readActionYml(file = path.join(ROOT, 'action.yml')) {
  /** @type {ActionInterface} */
  const result = { inputs: [], outputs: [] }
  let section = ''
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const top = /^([a-z]+):/.exec(line)
    if (top) section = top[1]
    const key = /^ {2}([a-z0-9-]+):\s*$/.exec(line)
    if (key && section === 'inputs') result.inputs.push({ name: key[1] })
    if (key && section === 'outputs') result.outputs.push(key[1])
    const def = /^ {4}default:\s*(.*)$/.exec(line)
    if (def && section === 'inputs') result.inputs[result.inputs.length - 1].default = unquote(def[1])
  }
  return result
}

/** @param {string} value */
function unquote(value) {
  const v = value.trim()
  return /^'.*'$|^".*"$/.test(v) ? v.slice(1, -1) : v
}

/** Parses the runner's file-command format (`name<<DELIM\nvalue\nDELIM`, or `name=value`); the last value of a name wins, as on the runner. */
export function parseFileCommands(/** @type {string} */ text) {
  return Object.fromEntries(fileCommands(text))
}

/** Every `[name, value]` of a file-command file, in order, repeats included. */
export function fileCommands(/** @type {string} */ text) {
  /** @type {[string, string][]} */
  const commands = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      commands.push([heredoc[1], lines.slice(i + 1, end).join('\n')])
      i = end
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      commands.push([lines[i].slice(0, at), lines[i].slice(at + 1)])
    }
  }
  return commands
}

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} [inputs]
 * @property {Record<string, string | undefined>} [env] extra env; undefined removes a variable
 * @property {string} [dir] reuse the directories of an earlier run (same HOME and workspace)
 * @property {number} [timeoutMs]
 * @property {boolean} [post] run the post step too (default true)
 * @property {(workspace: string) => void} [prepare] puts files in the workspace before the run
 * @property {Cancel} [cancel] signals the main step once its stdout shows `when`, as a cancelled job does
 * @property {string} [node] the Node.js binary that runs the steps (default STEP_NODE)
 * @property {string[]} [nodeArgs] Node.js options before dist/index.js (the benchmark's memory probe)
 * @property {string} [script] the bundle's entry for the main step (default dist/index.js; the benchmark's --compare)
 * @property {SlowReader} [slowStdout] reads the main step's stdout as a slow log reader does
 *
 * @typedef {object} SlowReader
 * @property {Promise<void>} holdUntil nothing is read until this settles (the pipe fills, the step's writes queue)
 *
 * @typedef {{ when: string, signal: NodeJS.Signals, until?: Promise<unknown>, runnerSchedule?: boolean, then?: { when: string, signal: NodeJS.Signals } }} Cancel
 *   until: signal once this settles instead of when stdout shows `when` (e.g. a file a child process writes);
 *   runnerSchedule: then replay the runner's cancel schedule, SIGTERM 7.5 s after the signal and SIGKILL 2.5 s after that;
 *   then: a second signal once stdout shows `then.when` after the first
 *
 * @typedef {object} StepResult
 * @property {number | null} exitCode
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs wall time from spawn to exit, for the benchmark
 * @property {NodeJS.Signals[]} signalsSent what `cancel` sent the step before it exited
 *
 * @typedef {object} ActionRun
 * @property {number | null} exitCode
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs the main step's wall time
 * @property {NodeJS.Signals | null} [signal] the signal that ended the main step, if one did
 * @property {NodeJS.Signals[]} [signalsSent] what `cancel` sent the main step before it exited
 * @property {Record<string, string>} outputs
 * @property {Record<string, string>} filesBeforePost every file in RUNNER_TEMP when the main step ended
 * @property {string} executionLog the execution file, read before the post step removes it
 * @property {Record<string, string>} exportedEnv
 * @property {Record<string, string>} state
 * @property {string} summary
 * @property {string} dir
 * @property {string} runnerTemp
 * @property {string} workspace
 * @property {string} home
 * @property {StepResult | undefined} post
 * @property {Record<string, string>} env the env the main step ran with
 * @property {NodeCommand} node the Node.js command both steps run with
 * @property {string} [script] the bundle entry both steps run (dist/index.js unless options.script)
 *
 * @typedef {{ binary: string, args: string[] }} NodeCommand
 */

/** @param {RunOptions} options @returns {Promise<ActionRun>} */
export async function runAction(options = {}) {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'cca-run-'))
  const runnerTemp = path.join(dir, 'runner-temp')
  const workspace = path.join(dir, 'workspace')
  const home = path.join(dir, 'home')
  const files = path.join(dir, 'files')
  for (const d of [runnerTemp, workspace, home, files]) mkdirSync(d, { recursive: true })
  const fileEnv = {
    GITHUB_OUTPUT: path.join(files, 'output'),
    GITHUB_ENV: path.join(files, 'env'),
    GITHUB_STATE: path.join(files, 'state'),
    GITHUB_STEP_SUMMARY: path.join(files, 'summary.md')
  }
  for (const file of Object.values(fileEnv)) writeFileSync(file, '')
  options.prepare?.(workspace)

  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    LANG: 'C.UTF-8',
    // The CLI install reuses npm's download cache; the registry settings live in the global npmrc.
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    ...hostNetworkEnv(),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: TOOL_CACHE,
    RUNNER_OS: 'Linux',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'review',
    GITHUB_WORKFLOW: 'Claude review',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    // Claude Code must stay quiet and on loopback in tests.
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...fileEnv
  }
  for (const input of readActionYml().inputs) {
    if (input.default !== undefined) env[inputName(input.name)] = input.default.replace('${{ github.token }}', FAKE_GITHUB_TOKEN)
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputName(name)] = value
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }

  const node = { binary: options.node ?? STEP_NODE, args: options.nodeArgs ?? [] }
  const main = await runNode(env, node, options.timeoutMs, options.cancel, options.slowStdout, { script: options.script ?? DIST })
  const state = parseFileCommands(readFileSync(fileEnv.GITHUB_STATE, 'utf8'))
  const outputs = parseFileCommands(readFileSync(fileEnv.GITHUB_OUTPUT, 'utf8'))
  /** @type {Record<string, string>} */
  const filesBeforePost = {}
  for (const file of listFiles(runnerTemp)) filesBeforePost[file] = readFileSync(file, 'utf8')
  const run = {
    exitCode: main.exitCode,
    stdout: main.stdout,
    stderr: main.stderr,
    durationMs: main.durationMs,
    signal: main.signal,
    signalsSent: main.signalsSent,
    outputs,
    filesBeforePost,
    executionLog: outputs['execution-file'] ? (filesBeforePost[outputs['execution-file']] ?? '') : '',
    exportedEnv: parseFileCommands(readFileSync(fileEnv.GITHUB_ENV, 'utf8')),
    state,
    summary: readFileSync(fileEnv.GITHUB_STEP_SUMMARY, 'utf8'),
    dir,
    runnerTemp,
    workspace,
    home,
    post: /** @type {StepResult | undefined} */ (undefined),
    env,
    node,
    script: options.script ?? DIST
  }
  if (options.post !== false) run.post = await runPost(run)
  assertNoLeaks(run, options)
  return run
}

/** Inputs that carry secrets; their values must not show up anywhere either. */
const SECRET_INPUTS = ['anthropic-api-key', 'bedrock-api-key', 'anthropic-aws-api-key', 'github-token']

/**
 * After every run: no credential any stand-in issued, nor a secret input, appears in the visible log,
 * outputs, exported env (unless export-credentials asked for it), state, summary or any file left.
 * @param {ActionRun} run @param {RunOptions} options
 */
export function assertNoLeaks(run, options) {
  const secrets = [...issuedSecrets, FAKE_GITHUB_TOKEN, ...SECRET_INPUTS.map(name => options.inputs?.[name] ?? '')]
  // export-credentials hands credentials to later steps on purpose, until the post step removes them:
  // through GITHUB_ENV, and in the credential files an exported variable points at. Nowhere else.
  const excused = options.inputs?.['export-credentials'] === 'true' ? exportedCredentialPlaces(run) : []
  const leaks = findLeaks(run, secrets).filter(leak => !excused.some(place => leak.startsWith(`${place}: `)))
  if (leaks.length > 0) throw new Error(`The run leaked secrets:\n${leaks.join('\n')}`)
}

/**
 * GITHUB_ENV, the files in RUNNER_TEMP an exported variable names (GOOGLE_APPLICATION_CREDENTIALS),
 * and the files those name in turn (its credential_source token file), as they were before the post step.
 * @param {ActionRun} run @returns {string[]}
 */
export function exportedCredentialPlaces(run) {
  const files = Object.keys(run.filesBeforePost)
  const queue = files.filter(file => Object.values(run.exportedEnv).includes(file))
  const pointedAt = new Set(queue)
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const other of files) {
      if (pointedAt.has(other) || !run.filesBeforePost[file].includes(other)) continue
      pointedAt.add(other)
      queue.push(other)
    }
  }
  return ['exported env', ...[...pointedAt].map(file => `before post: ${file}`)]
}

/** Runs the post step as the runner does: same env, plus STATE_* from the main step's GITHUB_STATE. */
export async function runPost(/** @type {ActionRun} */ run) {
  /** @type {Record<string, string>} */
  const env = { ...run.env }
  for (const [name, value] of Object.entries(run.state)) env[`STATE_${name}`] = value
  env.GITHUB_OUTPUT = path.join(run.dir, 'files', 'post-output')
  writeFileSync(env.GITHUB_OUTPUT, '')
  return runNode(env, run.node, undefined, undefined, undefined, { script: run.script })
}

/**
 * @param {Record<string, string>} env @param {NodeCommand} node @param {number} [timeoutMs]
 * @param {Cancel} [cancel]
 * @param {SlowReader} [slow]
 * @param {{ script?: string, args?: string[], cwd?: string }} [command] what Node runs (default dist/index.js), e.g. the command's dist/cli.js and its flags
 * @returns {Promise<StepResult>}
 */
export function runNode(env, node, timeoutMs = 300_000, cancel, slow, { script = DIST, args = [], cwd } = {}) {
  return new Promise(resolve => {
    const started = performance.now()
    const child = spawn(node.binary, [...node.args, script, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let signalled = false
    let signalledAgain = false
    /** @type {NodeJS.Signals[]} */
    const signalsSent = []
    /** @type {NodeJS.Timeout[]} */
    const schedule = []
    /** @param {NodeJS.Signals} signal */
    const send = signal => {
      signalsSent.push(signal)
      child.kill(signal)
    }
    if (slow) readSlowly(child.stdout, slow)
    let exited = false
    const signalCancel = () => {
      if (!cancel || signalled || exited) return
      signalled = true
      send(cancel.signal)
      if (cancel.runnerSchedule) {
        schedule.push(setTimeout(() => send('SIGTERM'), 7500))
        schedule.push(setTimeout(() => send('SIGKILL'), 10_000))
      }
    }
    void cancel?.until?.then(signalCancel)
    child.stdout.on('data', chunk => {
      stdout += chunk
      if (cancel && !cancel.until && stdout.includes(cancel.when)) signalCancel()
      if (cancel?.then && signalled && !signalledAgain && stdout.includes(cancel.then.when)) {
        signalledAgain = true
        send(cancel.then.signal)
      }
    })
    child.stderr.on('data', chunk => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', () => {
      exited = true
      schedule.forEach(clearTimeout)
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolve({ exitCode, signal, stdout, stderr, durationMs: performance.now() - started, signalsSent })
    })
  })
}

/**
 * Paused until `holdUntil`, then one chunk per turn of the event loop.
 * @param {import('node:stream').Readable} stdout @param {SlowReader} slow
 */
function readSlowly(stdout, slow) {
  let held = true
  stdout.on('data', () => {
    stdout.pause()
    if (!held) setImmediate(() => stdout.resume())
  })
  stdout.pause()
  void slow.holdUntil.finally(() => {
    held = false
    stdout.resume()
  })
}

/** What this machine needs to reach the npm registry (an extra CA, a proxy), as a runner would have. */
export function hostNetworkEnv() {
  /** @type {Record<string, string>} */
  const env = {}
  for (const name of [
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
    'https_proxy',
    'http_proxy',
    'no_proxy'
  ]) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  return env
}

/** @param {string} name */
function inputName(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** The log as a reader sees it: the runner drops `::add-mask::` lines after learning their values. */
export function visibleLog(/** @type {{stdout: string, stderr: string}} */ run) {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
}

/** Values the step asked the runner to mask. */
export function maskedValues(/** @type {{stdout: string}} */ run) {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length))
}

/**
 * Every place a secret could leak to: the visible log, outputs, exported env, state, summary, every
 * file in RUNNER_TEMP before the post step, and any file left in RUNNER_TEMP, the workspace or HOME
 * (where the CLI would keep its transcripts) afterwards. Returns `where: secret` for each hit.
 * @param {Pick<ActionRun, 'stdout' | 'stderr' | 'post' | 'outputs' | 'exportedEnv' | 'state' | 'summary' | 'filesBeforePost' | 'runnerTemp' | 'workspace' | 'home'>} run
 * @param {string[]} secrets
 */
export function findLeaks(run, secrets) {
  /** @type {Record<string, string>} */
  const places = {
    log: visibleLog(run),
    'post log': run.post ? visibleLog(run.post) : '',
    outputs: JSON.stringify(run.outputs),
    'exported env': JSON.stringify(run.exportedEnv),
    state: JSON.stringify(run.state),
    summary: run.summary
  }
  for (const [file, text] of Object.entries(run.filesBeforePost)) places[`before post: ${file}`] = text
  for (const file of [...listFiles(run.runnerTemp), ...listFiles(run.workspace), ...listFiles(run.home)]) {
    places[file] = readFileSync(file, 'utf8')
  }
  const leaks = []
  for (const secret of secrets.filter(s => s && s.length >= 8)) {
    for (const [where, text] of Object.entries(places)) {
      if (text.includes(secret)) leaks.push(`${where}: ${secret.slice(0, 6)}…`)
    }
  }
  return leaks
}

/** Regular files only: the CLI keeps sockets in its temp dir, which cannot be read. @param {string} dir @returns {string[]} */
export function listFiles(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap(name => {
    const full = path.join(dir, name)
    const stat = statSync(full, { throwIfNoEntry: false })
    if (stat?.isDirectory()) return listFiles(full)
    return stat?.isFile() ? [full] : []
  })
}
