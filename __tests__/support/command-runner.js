// @ts-check
// Runs the command (dist/cli.js) the way a GitLab job does: GITLAB_CI=true and the CI_* variables,
// the project checkout as the working directory, flags and CLAUDE_CLOUD_<NAME> variables. After
// every run it checks what runner.js checks for the action (no issued credential anywhere), and that
// no `::` workflow command was printed and no private directory (credential files) was left.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { issuedSecrets } from '../stand-ins/http-util.js'
import { findLeaks, hostNetworkEnv, ROOT, runNode, STEP_NODE, TOOL_CACHE } from './runner.js'

export const CLI = path.join(ROOT, 'dist', 'cli.js')
/** Stands in for the masked CI/CD variable GITLAB_TOKEN. */
export const FAKE_GITLAB_TOKEN = 'glpat-standinGitLabToken0123456789'
export const PROJECT_PATH = 'octo-group/octo-project'
export const PROJECT_ID = '77'

/**
 * @typedef {object} CommandOptions
 * @property {string[]} [args] the command's flags
 * @property {Record<string, string | undefined>} [env] extra env; undefined removes a variable
 * @property {boolean} [gitlab] GITLAB_CI and the CI_* variables (default true); false runs it as a generic CI
 * @property {(workspace: string) => void} [prepare] puts files in the project directory before the run
 * @property {{ when: string, signal: NodeJS.Signals, until?: Promise<unknown> }} [cancel] signals the command once its stdout shows `when` (or once `until` settles)
 * @property {string[]} [secrets] further values that must appear nowhere
 * @property {string} [script] what runs (default dist/cli.js), e.g. an installed bin
 * @property {string} [node] the Node.js binary that runs it (default STEP_NODE), e.g. a wrapper that sets a ulimit
 * @property {number} [timeoutMs]
 *
 * @typedef {object} CommandRun
 * @property {number | null} exitCode
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} outputs outputs.json, {} when absent
 * @property {Record<string, string>} dotenv outputs.env, {} when absent
 * @property {string} summary summary.md, '' when absent
 * @property {string} outputDir
 * @property {string} workspace
 * @property {string} home
 * @property {string} tmp TMPDIR, where the private directory is made
 * @property {Record<string, string>} env
 */

/** @param {CommandOptions} options @returns {Promise<CommandRun>} */
export async function runCommand(options = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-cmd-'))
  const workspace = path.join(dir, 'project')
  const home = path.join(dir, 'home')
  const tmp = path.join(dir, 'tmp')
  for (const d of [workspace, home, tmp]) mkdirSync(d, { recursive: true })
  options.prepare?.(workspace)

  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    LANG: 'C.UTF-8',
    TMPDIR: tmp,
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    ...hostNetworkEnv(),
    CI: 'true',
    CLAUDE_CLOUD_TOOL_CACHE: TOOL_CACHE,
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...(options.gitlab === false ? {} : gitLabJobEnv(workspace))
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  const result = await runNode(env, { binary: options.node ?? STEP_NODE, args: [] }, options.timeoutMs, options.cancel, undefined, {
    script: options.script ?? CLI,
    args: options.args ?? [],
    cwd: workspace
  })
  const outputDir = path.join(workspace, 'claude-cloud-action-output')
  const read = (/** @type {string} */ name) => (existsSync(path.join(outputDir, name)) ? readFileSync(path.join(outputDir, name), 'utf8') : '')
  const run = {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: read('outputs.json') ? JSON.parse(read('outputs.json')) : {},
    dotenv: parseDotenv(read('outputs.env')),
    summary: read('summary.md'),
    outputDir,
    workspace,
    home,
    tmp,
    env
  }
  assertCleanRun(run, [...issuedSecrets, FAKE_GITLAB_TOKEN, ...(options.secrets ?? [])])
  return run
}

/** What GitLab sets in a job of project octo-group/octo-project (a push pipeline on main). @param {string} projectDir */
export function gitLabJobEnv(projectDir) {
  return {
    GITLAB_CI: 'true',
    CI_SERVER_URL: 'https://gitlab.com',
    CI_API_V4_URL: 'https://gitlab.com/api/v4',
    CI_PROJECT_DIR: projectDir,
    CI_PROJECT_ID: PROJECT_ID,
    CI_PROJECT_PATH: PROJECT_PATH,
    CI_PROJECT_URL: `https://gitlab.com/${PROJECT_PATH}`,
    CI_CONFIG_PATH: '.gitlab-ci.yml',
    CI_PIPELINE_ID: '9001',
    CI_PIPELINE_SOURCE: 'push',
    CI_JOB_ID: '31337',
    CI_JOB_NAME: 'claude-review',
    CI_JOB_URL: `https://gitlab.com/${PROJECT_PATH}/-/jobs/31337`,
    CI_COMMIT_REF_NAME: 'main',
    GITLAB_USER_LOGIN: 'octo-dev'
  }
}

/** @param {string} text @returns {Record<string, string>} */
export function parseDotenv(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .filter(Boolean)
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
}

/**
 * No credential in stdout, stderr or any file left (project, HOME, TMPDIR); no `::` line, which a
 * GitLab log would show as it is; no private directory left behind.
 * @param {CommandRun} run @param {string[]} secrets
 */
export function assertCleanRun(run, secrets) {
  const problems = findLeaks(
    {
      stdout: run.stdout,
      stderr: run.stderr,
      post: undefined,
      outputs: run.outputs,
      exportedEnv: {},
      state: {},
      summary: run.summary,
      filesBeforePost: {},
      runnerTemp: run.tmp,
      workspace: run.workspace,
      home: run.home
    },
    secrets
  )
  for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
    if (line.trimStart().startsWith('::')) problems.push(`a workflow command: ${line.slice(0, 40)}`)
  }
  for (const name of readdirSync(run.tmp)) {
    if (name.startsWith('claude-cloud-action-')) problems.push(`the private directory ${name} was left in TMPDIR`)
  }
  if (problems.length > 0) throw new Error(`The command run was not clean:\n${problems.join('\n')}`)
}
