// The GitHub Actions platform: workflow commands and file commands (workflow-commands.ts), and the
// job's OIDC token through @actions/core. This is the only module that imports @actions/core, and
// only when a token is asked for: the Claude API with a key never loads it.
import { readFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { loadHttpClient } from '../bundle/lazy-http-client.js'
import { readPullRequestEvent } from '../code-hosts/github/event.js'
import { triggerRefusal } from '../code-hosts/github/triggers.js'
import type { Platform, RunIdentity } from './platform.js'
import { stdoutDrained } from './stdout.js'
import { breakLegacyCommands, issueCommand, issueFileCommand, issueFileCommands, tokenNotIn, writeStepSummary } from './workflow-commands.js'

export const ID_TOKEN_PERMISSION_HELP = [
  'This job cannot request a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set).',
  'Give the workflow or the job this permission:',
  '  permissions:',
  '    id-token: write',
  '    contents: read',
  'On pull_request events from forks GitHub never grants it; see docs/security.md.'
].join('\n')

export function githubActions(env: NodeJS.ProcessEnv = process.env): Platform {
  const idTokenRequest = takeIdTokenRequest(env)
  return {
    name: 'github-actions',
    traits: {
      codeHostToken: { input: 'github-token', variable: 'GITHUB_TOKEN' },
      codeHostTokenInJobEnv: false,
      missingToken: feature => ['github-token', `${feature} needs a token; pass github-token: \${{ github.token }}.`],
      issuesIdToken: true,
      writesOutputFiles: false,
      pullRequestByNumber: true,
      words: {
        idToken: 'GitHub OIDC token',
        idTokenSource: "GitHub's OIDC token endpoint",
        audienceSetting: 'audience input',
        secretOf: input => `the secret the workflow passes to ${input} (\${{ secrets.… }})`
      }
    },
    log: {
      debug: message => issueCommand('debug', message),
      info,
      notice: message => issueCommand('notice', message),
      warning: message => issueCommand('warning', message),
      error: message => issueCommand('error', message),
      startGroup: title => issueCommand('group', title),
      endGroup: () => issueCommand('endgroup', ''),
      verbatim: text => {
        // Workflow commands off, so a line like `::add-mask::` in a file Claude read cannot act on the runner.
        const token = tokenNotIn('', text)
        info(`::stop-commands::${token}`)
        info(text)
        info(`::${token}::`)
      },
      // Every line goes out with process.stdout.write.
      drain: () => stdoutDrained()
    },
    // As the runner passes `with:` values: INPUT_<NAME>, spaces as underscores, trimmed like @actions/core.
    input: name => (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim(),
    // The runner passes every `with:` key, declared or not: `anthropic_api_key` arrives as INPUT_ANTHROPIC_API_KEY.
    snakeCaseInput: name => (name.includes('-') ? (process.env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`] ?? '').trim() : ''),
    registerSecret: secret => issueCommand('add-mask', secret),
    idTokenUnavailable: () => (idTokenRequest().url && idTokenRequest().token ? undefined : ID_TOKEN_PERMISSION_HELP),
    idToken: async audience => {
      // webpackExports: the bundle keeps only getIDToken of @actions/core (and what it needs).
      const [core] = await Promise.all([import(/* webpackExports: ["getIDToken"] */ '@actions/core'), loadHttpClient()])
      // getIDToken reads both variables from process.env synchronously, before its first await (the
      // URL, then the token into its HttpClient's credential handler, which its retries reuse), so
      // they are back in process.env only for that call: no process spawned meanwhile inherits them.
      const { url, token } = idTokenRequest()
      Object.assign(process.env, { ACTIONS_ID_TOKEN_REQUEST_URL: url ?? '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: token ?? '' })
      let pending: Promise<string>
      try {
        pending = core.getIDToken(audience)
      } finally {
        delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
        delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
      }
      return pending
    },
    setOutputs: outputs => issueFileCommands('OUTPUT', outputs),
    // Replaces the file: whatever else was appended to this step's summary (the agent) does not survive.
    writeSummary: async markdown => writeStepSummary(markdown),
    setFailed: message => {
      process.exitCode = 1
      issueCommand('error', message)
    },
    exportVariable: (name, value) => {
      // This step's later code (the CLI's environment is built from process.env) sees it too.
      process.env[name] = value
      issueFileCommand('ENV', name, value)
      return true
    },
    saveState: (name, value) => issueFileCommand('STATE', name, value),
    getState: name => process.env[`STATE_${name}`] ?? '',
    runIdentity: () => githubRunIdentity(env),
    codeHost: async (token, pullRequest) => (await import('../code-hosts/github/comments.js')).gitHubCodeHost(token, env, pullRequest),
    reviewHost: async (token, pullRequest) => {
      const pr = readPullRequestEvent(env, pullRequest)
      if (!pr) {
        return {
          unavailable: `review-comments is ignored: ${env.GITHUB_EVENT_NAME ?? 'this'} event has no pull request. It works on the same events as comment-on-pr, and on any event with the pull-request input.`
        }
      }
      return (await import('../code-hosts/github/review.js')).gitHubReviewHost(token, pr, env)
    },
    triggerRefusal: settings => triggerRefusal(settings, env)
  }
}

/**
 * The runner's OIDC request URL and token, moved out of `env` (process.env) into this closure: with
 * them any process of the step (Claude Code's tools, through /proc/<pid>/environ of an ancestor's
 * later children too) could mint OIDC tokens and assume the role without the session policy. Values a
 * test sets after the platform exists are taken at the next use.
 */
function takeIdTokenRequest(env: NodeJS.ProcessEnv): () => { url?: string; token?: string } {
  const taken: { url?: string; token?: string } = {}
  const take = (): { url?: string; token?: string } => {
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL !== undefined) taken.url = env.ACTIONS_ID_TOKEN_REQUEST_URL
    if (env.ACTIONS_ID_TOKEN_REQUEST_TOKEN !== undefined) taken.token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    return taken
  }
  take()
  return take
}

/** A plain log line; `##[` in it is broken wherever it came from, as the runner would act on it anywhere in the line. */
function info(message: string): void {
  process.stdout.write(`${breakLegacyCommands(message)}${EOL}`)
}

function githubRunIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  const known: Record<string, string | undefined> = {
    'github.repository': env.GITHUB_REPOSITORY,
    'github.workflow': env.GITHUB_WORKFLOW,
    'github.run_id': env.GITHUB_RUN_ID,
    'github.run_attempt': env.GITHUB_RUN_ATTEMPT,
    'github.actor': env.GITHUB_ACTOR,
    'github.event_name': env.GITHUB_EVENT_NAME,
    'github.pull_request.number': pullRequestNumber(env)
  }
  const attributes = Object.fromEntries(Object.entries(known).filter((entry): entry is [string, string] => !!entry[1]))
  const id = env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || '1'}` : ''
  return { id, attributes }
}

/** The PR number on pull request events: from the event payload, else from a `refs/pull/N/merge` ref. */
function pullRequestNumber(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_EVENT_NAME?.startsWith('pull_request')) return undefined
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as { pull_request?: { number?: unknown }; number?: unknown }
    const number = payload.pull_request?.number ?? payload.number
    if (typeof number === 'number') return String(number)
  } catch {
    // No payload to read: the ref may still say.
  }
  return /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1]
}
