// Pull request context. Which PR a run belongs to comes straight from the event payload (no
// @actions/github on the startup path); the CLI then gets the PR number, the refs and the changed
// files as environment variables, so a prompt can say "review the diff against $GITHUB_BASE_REF".
// Nothing here can fail the step: a GitHub API problem is a warning and the run goes on without it.
import { log } from './platform/platform.js'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { loadHttpClient } from './bundle/lazy-http-client.js'
import { loadUndici } from './bundle/lazy-undici.js'
import { addSecret, redact } from './secrets.js'
import type { Settings } from './settings.js'
import type { getOctokit } from '@actions/github'

export type GitHubClient = ReturnType<typeof getOctokit>

/** Events whose payload carries `pull_request`. issue_comment counts only on a pull request. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']

/** GitHub's pulls/{n}/files lists at most 3000; a review rarely needs more than this many. */
export const MAX_CHANGED_FILES = 1000
/** GITHUB_PR_CHANGED_FILES stays well below Linux's 128 KiB per variable; the file has them all. */
export const MAX_CHANGED_FILES_ENV_BYTES = 32 * 1024
const CONTEXT_DEADLINE_MS = 30_000
/** A rate limit that resets within this many seconds is waited out once; a longer one is a warning. */
const MAX_RATE_LIMIT_WAIT_S = 20

export interface PullRequestEvent {
  eventName: string
  owner: string
  repo: string
  number: number
  /** Absent on issue_comment, whose payload has no refs. */
  baseRef?: string
  headRef?: string
}

/** The pull request this run is about, or undefined (push, schedule, a comment on a plain issue…). */
export function readPullRequestEvent(env: NodeJS.ProcessEnv = process.env): PullRequestEvent | undefined {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  if (!PULL_REQUEST_EVENTS.includes(eventName) && eventName !== 'issue_comment') return undefined
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  const repository = repositoryOf(env, payload)
  if (!payload || !repository) return undefined
  if (eventName === 'issue_comment') {
    const issue = payload.issue as { number?: unknown; pull_request?: unknown } | undefined
    if (!issue?.pull_request || typeof issue.number !== 'number') return undefined
    return { eventName, ...repository, number: issue.number }
  }
  const pr = payload.pull_request as { number?: unknown; base?: { ref?: unknown }; head?: { ref?: unknown } } | undefined
  if (typeof pr?.number !== 'number') return undefined
  return {
    eventName,
    ...repository,
    number: pr.number,
    baseRef: typeof pr.base?.ref === 'string' ? pr.base.ref : undefined,
    headRef: typeof pr.head?.ref === 'string' ? pr.head.ref : undefined
  }
}

function readPayload(file: string | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined
  } catch (error) {
    log.warning(`Could not read the event payload at ${file}: ${(error as Error).message}`)
    return undefined
  }
}

function repositoryOf(env: NodeJS.ProcessEnv, payload: Record<string, unknown> | undefined): { owner: string; repo: string } | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (owner && repo) return { owner, repo }
  const repository = payload?.repository as { name?: string; owner?: { login?: string } } | undefined
  return repository?.name && repository.owner?.login ? { owner: repository.owner.login, repo: repository.name } : undefined
}

/**
 * The CLI's PR variables, {} outside pull requests. Starts no import and no request on other
 * events. Never rejects: API failures become one warning and the variables known so far.
 */
export async function pullRequestEnv(settings: Settings, tempDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const token = settings.comment.token
  addSecret(token)
  try {
    const pr = readPullRequestEvent(env)
    if (!pr) return {}
    const out: Record<string, string> = { GITHUB_PR_NUMBER: String(pr.number) }
    if (pr.baseRef) out.GITHUB_BASE_REF = pr.baseRef
    if (pr.headRef) out.GITHUB_HEAD_REF = pr.headRef
    if (!token) {
      log.info('No github-token: the changed files of the pull request are not listed for Claude Code.')
      return out
    }
    try {
      const octokit = await createGitHubClient(token, env)
      const request = { signal: AbortSignal.timeout(CONTEXT_DEADLINE_MS) }
      if (!pr.baseRef || !pr.headRef) {
        // issue_comment: one call for the refs a review compares.
        const { data } = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.repo, pull_number: pr.number, request })
        out.GITHUB_BASE_REF = data.base.ref
        out.GITHUB_HEAD_REF = data.head.ref
      }
      const files = await listChangedFiles(octokit, pr, request.signal)
      Object.assign(out, changedFilesEnv(files, tempDir))
      log.info(`Pull request #${pr.number}: ${out.GITHUB_BASE_REF} ← ${out.GITHUB_HEAD_REF}, ${files.length} changed files (GITHUB_PR_* for Claude Code)`)
    } catch (error) {
      log.warning(`Could not read pull request #${pr.number} for Claude Code's context: ${describeGitHubError(error, 'read')} The run goes on without ${out.GITHUB_BASE_REF ? 'the changed-file list' : 'the refs and changed files'}.`)
    }
    return out
  } catch (error) {
    log.warning(`Could not gather the pull request context: ${redact((error as Error).message ?? String(error))}`)
    return {}
  }
}

async function listChangedFiles(octokit: GitHubClient, pr: PullRequestEvent, signal: AbortSignal): Promise<string[]> {
  const files: string[] = []
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    per_page: 100,
    request: { signal }
  })
  for await (const page of pages) {
    for (const file of page.data) files.push(file.filename)
    if (files.length >= MAX_CHANGED_FILES) {
      log.info(`Pull request #${pr.number} changes more than ${MAX_CHANGED_FILES} files; Claude Code gets the first ${MAX_CHANGED_FILES}.`)
      return files.slice(0, MAX_CHANGED_FILES)
    }
  }
  return files
}

/** The list goes into a file in the run's private directory whole, and into the env as far as it fits. */
export function changedFilesEnv(files: string[], tempDir: string): Record<string, string> {
  const file = path.join(tempDir, 'pr-changed-files.txt')
  writeFileSync(file, files.length ? `${files.join('\n')}\n` : '', { mode: 0o600 })
  let bytes = 0
  let fits = 0
  for (const name of files) {
    bytes += Buffer.byteLength(name) + 1
    if (bytes > MAX_CHANGED_FILES_ENV_BYTES) break
    fits++
  }
  if (fits < files.length) {
    log.info(`GITHUB_PR_CHANGED_FILES holds ${fits} of ${files.length} changed files; GITHUB_PR_CHANGED_FILES_PATH has all of them.`)
  }
  return { GITHUB_PR_CHANGED_FILES: files.slice(0, fits).join('\n'), GITHUB_PR_CHANGED_FILES_PATH: file }
}

/**
 * @actions/github's Octokit (GITHUB_API_URL, proxy support) with retries for 5xx and network errors
 * and a rate-limit policy: a limit that resets within seconds is waited out once, others give up.
 * Loaded only when a pull request needs it.
 */
export async function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): Promise<GitHubClient> {
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    // @actions/github builds its proxy agent as it loads, with the http-client (and undici, for a proxy).
    Promise.all([loadHttpClient(), loadUndici()]).then(() => import('@actions/github')),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling')
  ])
  const onLimit = (kind: string) => (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    if (retryCount === 0 && retryAfter <= MAX_RATE_LIMIT_WAIT_S) {
      log.info(`GitHub API ${kind} on ${options.method} ${options.url}; retrying in ${retryAfter} s.`)
      return true
    }
    return false
  }
  return getOctokit(
    token,
    {
      baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
      retry: { retries: 2, retryAfterBaseValue: 500 },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
      log: {
        debug: (message: string) => log.debug(String(message)),
        info: (message: string) => log.debug(String(message)),
        warn: (message: string) => log.info(String(message)),
        error: (message: string) => log.info(String(message))
      }
    },
    retry,
    throttling
  )
}

/** One sentence on what went wrong and, where it is clear, what to do about it. */
export function describeGitHubError(error: unknown, access: 'read' | 'write'): string {
  const { status, message = String(error), response } = error as { status?: number; message?: string; response?: { headers?: Record<string, string> } }
  const text = redact(message).replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '').trim()
  const remaining = response?.headers?.['x-ratelimit-remaining']
  if (status === 429 || (status === 403 && (remaining === '0' || /rate limit/i.test(text)))) {
    return `GitHub's API rate limit was hit (${text}).`
  }
  if (status === 403) {
    const fork = access === 'write' ? ' On pull requests from forks the workflow token is read-only.' : ''
    return `HTTP 403, ${text}. The token may not ${access} this pull request; give the job \`permissions: pull-requests: ${access}\`.${fork}`
  }
  if (status === 401) return `HTTP 401, ${text}. Check github-token.`
  if (status === 404) return `HTTP 404, ${text}. Does the token see this repository?`
  if (typeof status === 'number' && status >= 500 && !/abort/i.test(text)) return `HTTP ${status}, ${text} (after retries).`
  if (/abort|timeout/i.test(`${(error as Error).name} ${text}`)) return `GitHub's API did not answer in time (${text}).`
  return text.endsWith('.') ? text : `${text}.`
}
