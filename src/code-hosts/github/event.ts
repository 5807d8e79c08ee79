// Which pull request a run belongs to, straight from the event payload the runner wrote (no
// @actions/github on the startup path).
import { log } from '../../platform/platform.js'
import { readFileSync } from 'node:fs'

/** Events whose payload carries `pull_request`. issue_comment counts only on a pull request. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']

export interface PullRequestEvent {
  eventName: string
  owner: string
  repo: string
  number: number
  /** Absent on issue_comment, whose payload has no refs. */
  baseRef?: string
  headRef?: string
  /** How many files it changes, when the payload says (GitHub's files listing stops at 3,000). */
  changedFiles?: number
  /**
   * The commits the event was for, from its payload (absent on issue_comment). The pull request's
   * head may have moved since (a push after the label of a pull_request_target run).
   */
  baseSha?: string
  headSha?: string
}

/**
 * The pull request this run is about, or undefined (push, schedule, a comment on a plain issue…).
 * `pullRequest` (the pull-request input) names one of this repository on any event; the refs come
 * from the payload only when it is about that same pull request.
 */
export function readPullRequestEvent(env: NodeJS.ProcessEnv = process.env, pullRequest?: number): PullRequestEvent | undefined {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  if (pullRequest !== undefined) {
    const payload = env.GITHUB_EVENT_PATH ? readEventPayload(env.GITHUB_EVENT_PATH) : undefined
    const repository = repositoryOf(env, payload)
    if (!repository) return undefined
    const own = payload && PULL_REQUEST_EVENTS.includes(eventName) ? readPullRequestEvent(env) : undefined
    return own?.number === pullRequest && own.owner === repository.owner && own.repo === repository.repo
      ? own
      : { eventName, ...repository, number: pullRequest }
  }
  if (!PULL_REQUEST_EVENTS.includes(eventName) && eventName !== 'issue_comment') return undefined
  const payload = readEventPayload(env.GITHUB_EVENT_PATH)
  const repository = repositoryOf(env, payload)
  if (!payload || !repository) return undefined
  if (eventName === 'issue_comment') {
    const issue = payload.issue as { number?: unknown; pull_request?: unknown } | undefined
    if (!issue?.pull_request || typeof issue.number !== 'number') return undefined
    return { eventName, ...repository, number: issue.number }
  }
  const pr = payload.pull_request as
    { number?: unknown; base?: { ref?: unknown; sha?: unknown }; head?: { ref?: unknown; sha?: unknown }; changed_files?: unknown } | undefined
  if (typeof pr?.number !== 'number') return undefined
  const sha = (value: unknown): string | undefined => (typeof value === 'string' && /^[0-9a-f]{40,64}$/.test(value) ? value : undefined)
  return {
    eventName,
    ...repository,
    number: pr.number,
    baseRef: typeof pr.base?.ref === 'string' ? pr.base.ref : undefined,
    headRef: typeof pr.head?.ref === 'string' ? pr.head.ref : undefined,
    ...(Number.isInteger(pr.changed_files) ? { changedFiles: pr.changed_files as number } : {}),
    ...(sha(pr.base?.sha) && sha(pr.head?.sha) ? { baseSha: sha(pr.base?.sha), headSha: sha(pr.head?.sha) } : {})
  }
}

/** The event payload the runner wrote (GITHUB_EVENT_PATH), or undefined. */
export function readEventPayload(file: string | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined
  } catch (error) {
    log.warning(`Could not read the event payload at ${file}: ${(error as Error).message}`)
    return undefined
  }
}

export function repositoryOf(env: NodeJS.ProcessEnv, payload: Record<string, unknown> | undefined): { owner: string; repo: string } | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (owner && repo) return { owner, repo }
  const repository = payload?.repository as { name?: string; owner?: { login?: string } } | undefined
  return repository?.name && repository.owner?.login ? { owner: repository.owner.login, repo: repository.name } : undefined
}
