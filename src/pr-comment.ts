// The sticky PR comment: one comment per pull request, workflow, job and comment-tag, found again by
// a hidden marker and updated in place. Loaded only with comment-on-pr; it never fails the step.
import { log } from './platform/platform.js'
import { createGitHubClient, describeGitHubError, PULL_REQUEST_EVENTS, readPullRequestEvent, type GitHubClient, type PullRequestEvent } from './pr-context.js'
import { breakHtmlComments, codeBlock } from './markdown.js'
import { renderAttempts, renderHeadline, renderTable } from './report.js'
import type { RunReport } from './run-report.js'
import { addSecret, redact } from './secrets.js'
import type { CommentSettings } from './settings.js'

/** GitHub refuses a comment body longer than this (it counts characters; JS length is never less). */
export const COMMENT_LIMIT = 65536
/** A failure's message is shown whole in the summary; the comment keeps its start. */
const MAX_FAILURE_CHARS = 4000
const COMMENT_DEADLINE_MS = 60_000
/** Marked comments tried in turn before a new one is written; each refusal costs one request. */
const MAX_UPDATE_TRIES = 10

export interface CommentTarget {
  marker: string
  runUrl: string
  /** The footer's words: workflow, job and tag. */
  label: string
}

/**
 * Posts or updates the sticky comment; returns its URL. Any failure, the API's or ours, is a
 * warning: a review whose comment could not be written has still run.
 */
export async function commentOnPullRequest(report: RunReport, settings: CommentSettings, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  addSecret(settings.token)
  const pr = readPullRequestEvent(env)
  if (!pr) {
    log.notice(`comment-on-pr is ignored: ${whyNoPullRequest(env.GITHUB_EVENT_NAME)}. It works on pull_request, pull_request_target, pull_request_review(_comment) and issue_comment events on a pull request.`)
    return undefined
  }
  try {
    const body = renderComment(report, commentTarget(settings.tag, env))
    const octokit = await createGitHubClient(settings.token, env)
    const url = await upsertComment(octokit, pr, commentMarker(settings.tag, env), body)
    log.info(`PR comment: ${url}`)
    return url
  } catch (error) {
    log.warning(`Could not write the PR comment on #${pr.number}: ${describeGitHubError(error, 'write')} The review itself ran; see the job summary.`)
    return undefined
  }
}

function whyNoPullRequest(event: string | undefined): string {
  if (!event) return 'GITHUB_EVENT_NAME is not set'
  if (event === 'issue_comment') return 'this comment is on an issue, not a pull request'
  if (PULL_REQUEST_EVENTS.includes(event)) return `the ${event} event payload (GITHUB_EVENT_PATH) names no pull request`
  return `${event} events have no pull request`
}

async function upsertComment(octokit: GitHubClient, pr: PullRequestEvent, marker: string, body: string): Promise<string> {
  const request = { signal: AbortSignal.timeout(COMMENT_DEADLINE_MS) }
  const where = { owner: pr.owner, repo: pr.repo }
  // Another bot's comment may carry the marker (the token changed from GITHUB_TOKEN to an app's):
  // its 403 sends us on to the next marked comment, so ours is found and stays the one updated.
  for (const existing of (await findOwnComments(octokit, pr, marker, request.signal)).slice(0, MAX_UPDATE_TRIES)) {
    try {
      const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body, request })
      return data.html_url
    } catch (error) {
      // Deleted since it was listed (404), or not ours to edit after all (403): try the next, else write a new one.
      if (!isGoneOrForbidden(error)) throw error
    }
  }
  const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body, request })
  return data.html_url
}

/**
 * Pages through every comment of the PR, oldest first, for those with our marker on top that this
 * token may have written: anyone can post the marker, and a comment someone else owns cannot be updated
 * (or could be edited by its owner afterwards). A personal token writes as its user, whom GET /user
 * names; GITHUB_TOKEN and app tokens may not call that, and write as a Bot, which no user can pose as.
 * So GET /user is asked only when a user's comment carries the marker. Returns the user's own comment,
 * else the bots' marked comments in order: which bot the token is, only an update can tell.
 */
async function findOwnComments(octokit: GitHubClient, pr: PullRequestEvent, marker: string, signal: AbortSignal): Promise<number[]> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
    request: { signal }
  })
  const marked: { id: number; login?: string; bot: boolean }[] = []
  for await (const page of pages) {
    for (const comment of page.data) {
      if (comment.body?.startsWith(marker)) marked.push({ id: comment.id, login: comment.user?.login, bot: comment.user?.type === 'Bot' })
    }
  }
  if (marked.some(comment => !comment.bot)) {
    const login = await tokenLogin(octokit, signal)
    const mine = marked.find(comment => !comment.bot && login !== undefined && comment.login === login)
    if (mine) return [mine.id]
  }
  return marked.filter(comment => comment.bot).map(comment => comment.id)
}

/** The user a personal token acts as; undefined for GITHUB_TOKEN and app tokens, which may not ask. */
export async function tokenLogin(octokit: GitHubClient, signal: AbortSignal): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated({ request: { signal } })
    return data.login
  } catch {
    return undefined
  }
}

function isGoneOrForbidden(error: unknown): boolean {
  const { status, message = '', response } = error as { status?: number; message?: string; response?: { headers?: Record<string, string> } }
  if (status === 404) return true
  // A 403 for a rate limit is not about ownership; writing a new comment would fail the same way.
  return status === 403 && response?.headers?.['x-ratelimit-remaining'] !== '0' && !/rate limit/i.test(message)
}

/**
 * The hidden key of the comment: workflow, job and tag. The workflow is its file when the runner
 * says (GITHUB_WORKFLOW_REF), else its name; every value is URI-encoded so none can end the HTML comment.
 */
export function commentMarker(tag: string, env: NodeJS.ProcessEnv = process.env): string {
  const parts = { workflow: workflowKey(env), job: env.GITHUB_JOB ?? '', tag }
  const fields = Object.entries(parts).map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2F/g, '/')}`)
  return `<!-- claude-cloud-action sticky-comment ${fields.join(' ')} -->`
}

function workflowKey(env: NodeJS.ProcessEnv): string {
  // owner/repo/.github/workflows/review.yml@refs/pull/7/merge → .github/workflows/review.yml
  const ref = env.GITHUB_WORKFLOW_REF?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1]
  return ref ?? env.GITHUB_WORKFLOW ?? ''
}

export function commentTarget(tag: string, env: NodeJS.ProcessEnv = process.env): CommentTarget {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const runUrl = `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
  const label = [env.GITHUB_WORKFLOW, env.GITHUB_JOB, tag].filter(Boolean).join(' · ')
  return { marker: commentMarker(tag, env), runUrl, label }
}

/**
 * Marker, headline, result (cut to fit), table, failover attempts and the run link. Secrets are
 * redacted before anything is cut, so a cut cannot leave half a secret behind.
 */
export function renderComment(report: RunReport, target: CommentTarget): string {
  const head = [target.marker, `### ${renderHeadline(report)}`, '', ''].join('\n')
  const failure = report.failureMessage && report.failureMessage !== report.result
    ? codeBlock(cutText(redact(report.failureMessage), MAX_FAILURE_CHARS), 'text')
    : ''
  const attempts = renderAttempts(report)
  const footer = `<sub>[Workflow run ${target.runUrl.split('/').pop()}](${target.runUrl})${target.label ? ` · ${escapeMarkdown(target.label)}` : ''}</sub>`
  const table = renderTable(report)
  const tail = ['', '', ...(table ? [table, ''] : []), ...(attempts ? [attempts, ''] : []), footer, ''].join('\n')
  let main = breakHtmlComments(redact(report.result))
  if (report.structuredOutput) main += `${main ? '\n\n' : ''}${codeBlock(redact(report.structuredOutput), 'json').trimEnd()}`
  if (!main && !failure) main = '_Claude Code gave no result text._'
  const budget = COMMENT_LIMIT - head.length - failure.length - tail.length
  return `${head}${failure}${fitToComment(main, budget, target.runUrl)}${tail}`
}

/** `text` as it is when it fits `budget`, else its start, code fences closed, and a note with the run link. */
export function fitToComment(text: string, budget: number, runUrl: string): string {
  if (text.length <= budget) return text
  const note = `\n\n_… cut to fit GitHub's comment limit. The whole result is in the job summary and the \`result\` output of [the workflow run](${runUrl})._`
  // Room for the note and for a fence that closes a code block the cut leaves open.
  let cut = cutText(text, Math.max(0, budget - note.length - 16))
  // End on a whole line when one ends near the cut.
  const lineEnd = cut.lastIndexOf('\n')
  if (lineEnd > 0 && lineEnd >= cut.length - 1000) cut = cut.slice(0, lineEnd)
  const fence = openFence(cut)
  if (fence) cut += `\n${fence}`
  return `${cut}${note}`
}

/** The first `max` UTF-16 units of `text`, never half a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return text.slice(0, end)
}

/** The fence that would close a code block still open at the end of `markdown`, or ''. */
export function openFence(markdown: string): string {
  let open: { char: string; length: number } | undefined
  for (const line of markdown.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line)
    if (!m) continue
    const [char, length] = [m[1][0], m[1].length]
    if (!open) {
      // A backtick fence's info string may not hold a backtick.
      if (char === '`' && m[2].includes('`')) continue
      open = { char, length }
    } else if (char === open.char && length >= open.length && m[2].trim() === '') {
      open = undefined
    }
  }
  return open ? open.char.repeat(open.length) : ''
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&')
}
