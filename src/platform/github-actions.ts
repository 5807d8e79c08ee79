// The GitHub Actions platform: @actions/core's workflow commands and file commands. This is the
// only module that imports @actions/core.
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadHttpClient } from '../bundle/lazy-http-client.js'
import type { Platform, RunIdentity } from './platform.js'
import { stdoutDrained } from './stdout.js'

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
    log: {
      debug: core.debug,
      info: core.info,
      notice: message => core.notice(message),
      warning: message => core.warning(message),
      error: message => core.error(message),
      startGroup: core.startGroup,
      endGroup: core.endGroup,
      verbatim: text => {
        // Workflow commands off, so a line like `::add-mask::` in a file Claude read cannot act on the runner.
        const token = randomUUID()
        core.info(`::stop-commands::${token}`)
        core.info(text)
        core.info(`::${token}::`)
      },
      // @actions/core writes every line with process.stdout.write.
      drain: () => stdoutDrained()
    },
    input: name => core.getInput(name),
    registerSecret: core.setSecret,
    idTokenUnavailable: () =>
      env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ? undefined : ID_TOKEN_PERMISSION_HELP,
    idToken: async audience => {
      await loadHttpClient()
      return core.getIDToken(audience)
    },
    setOutput: core.setOutput,
    writeSummary: async markdown => {
      // Replaces the file: whatever else was appended to this step's summary (the agent) does not survive.
      await core.summary.emptyBuffer().addRaw(markdown, true).write({ overwrite: true })
    },
    setFailed: core.setFailed,
    exportVariable: (name, value) => {
      core.exportVariable(name, value)
      return true
    },
    saveState: core.saveState,
    getState: core.getState,
    runIdentity: () => githubRunIdentity(env),
    codeHost: async token => (await import('../code-hosts/github.js')).gitHubCodeHost(token, env)
  }
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
