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
  return {
    name: 'github-actions',
    traits: {
      codeHostToken: { input: 'github-token', variable: 'GITHUB_TOKEN' },
      codeHostTokenInJobEnv: false,
      missingToken: feature => ['github-token', `${feature} needs a token; pass github-token: \${{ github.token }}.`],
      issuesIdToken: true,
      writesOutputFiles: false
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
    registerSecret: secret => issueCommand('add-mask', secret),
    idTokenUnavailable: () => (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ? undefined : ID_TOKEN_PERMISSION_HELP),
    idToken: async audience => {
      // webpackExports: the bundle keeps only getIDToken of @actions/core (and what it needs).
      const [core] = await Promise.all([import(/* webpackExports: ["getIDToken"] */ '@actions/core'), loadHttpClient()])
      return core.getIDToken(audience)
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
    codeHost: async token => (await import('../code-hosts/github/comments.js')).gitHubCodeHost(token, env),
    reviewHost: async token => {
      const pr = readPullRequestEvent(env)
      if (!pr) {
        return {
          unavailable: `review-comments is ignored: ${env.GITHUB_EVENT_NAME ?? 'this'} event has no pull request. It works on the same events as comment-on-pr.`
        }
      }
      return (await import('../code-hosts/github/review.js')).gitHubReviewHost(token, pr, env)
    },
    triggerRefusal: settings => triggerRefusal(settings, env)
  }
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
