// GitHub as a code host: the pull request of the event, its issue comments through Octokit.
import { createGitHubClient, createOnce, describeGitHubError, type GitHubClient } from './client.js'
import { PULL_REQUEST_EVENTS, readPullRequestEvent, type PullRequestEvent } from './event.js'
import type { CodeHost, NoCodeHost, RunLink } from '../code-host.js'

/** `pullRequest`: the pull-request input, which names the pull request on any event. */
export async function gitHubCodeHost(token: string, env: NodeJS.ProcessEnv = process.env, pullRequest?: number): Promise<CodeHost | NoCodeHost> {
  const pr = readPullRequestEvent(env, pullRequest)
  if (!pr) {
    return {
      unavailable: `${whyNoPullRequest(env.GITHUB_EVENT_NAME)}. It works on pull_request, pull_request_target, pull_request_review(_comment) and issue_comment events on a pull request, and on any event with the pull-request input.`
    }
  }
  let client: Promise<GitHubClient> | undefined
  const octokit = (): Promise<GitHubClient> => (client ??= createGitHubClient(token, env))
  const where = { owner: pr.owner, repo: pr.repo }
  return {
    name: 'GitHub',
    commentName: 'PR comment',
    change: `#${pr.number}`,
    run: gitHubRunLink(env),
    comments: {
      findOwn: async (marker, signal) => findOwnComments(await octokit(), pr, marker, signal),
      create: async (body, signal) => {
        const api = await octokit()
        return createOnce(
          async noRetry => (await api.rest.issues.createComment({ ...where, issue_number: pr.number, body, request: { signal, ...noRetry } })).data.html_url,
          () => findComment(api, pr, body, signal),
          'the PR comment'
        )
      },
      update: async (id, body, signal) => {
        const { data } = await (await octokit()).rest.issues.updateComment({ ...where, comment_id: id, body, request: { signal } })
        return data.html_url
      },
      isGoneOrForbidden
    },
    describeError: error => describeGitHubError(error, 'write')
  }
}

function whyNoPullRequest(event: string | undefined): string {
  if (!event) return 'GITHUB_EVENT_NAME is not set'
  if (event === 'issue_comment') return 'this comment is on an issue, not a pull request'
  if (PULL_REQUEST_EVENTS.includes(event)) return `the ${event} event payload (GITHUB_EVENT_PATH) names no pull request`
  return `${event} events have no pull request`
}

/** The workflow is its file when the runner says (GITHUB_WORKFLOW_REF), else its name. */
export function gitHubRunLink(env: NodeJS.ProcessEnv): RunLink {
  // owner/repo/.github/workflows/review.yml@refs/pull/7/merge → .github/workflows/review.yml
  const workflowFile = env.GITHUB_WORKFLOW_REF?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1]
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    workflow: workflowFile ?? env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    url: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    linkText: `Workflow run ${env.GITHUB_RUN_ID}`,
    label: [env.GITHUB_WORKFLOW ?? '', env.GITHUB_JOB ?? '']
  }
}

/**
 * Pages through every comment of the PR, oldest first, for those with our marker on top that this
 * token may have written: anyone can post the marker, and a comment someone else owns cannot be updated (or
 * could be edited by its owner afterwards). A personal token writes as its user, whom GET /user names;
 * GITHUB_TOKEN and app tokens may not call that, and write as a Bot, which no user can pose as. So
 * GET /user is asked only when a user's comment carries the marker. Returns the user's own comment,
 * else the bots' marked comments in order: which bot the token is, only an update can tell.
 */
async function findOwnComments(octokit: GitHubClient, pr: PullRequestEvent, marker: string, signal: AbortSignal): Promise<number[]> {
  return (await ownMarkedComments(octokit, pr, marker, signal)).map(comment => comment.id)
}

interface MarkedComment {
  id: number
  login?: string
  bot: boolean
  body: string
  url: string
}

/** The comments findOwnComments describes, read in one pass over the PR's comments. */
async function ownMarkedComments(octokit: GitHubClient, pr: PullRequestEvent, marker: string, signal: AbortSignal): Promise<MarkedComment[]> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    per_page: 100,
    request: { signal }
  })
  const marked: MarkedComment[] = []
  for await (const page of pages) {
    for (const comment of page.data) {
      if (!comment.body?.startsWith(marker)) continue
      marked.push({ id: comment.id, login: comment.user?.login, bot: comment.user?.type === 'Bot', body: comment.body, url: comment.html_url })
    }
  }
  if (marked.some(comment => !comment.bot)) {
    const login = await tokenLogin(octokit, signal)
    const mine = marked.find(comment => !comment.bot && login !== undefined && comment.login === login)
    if (mine) return [mine]
  }
  return marked.filter(comment => comment.bot)
}

/** Our marked comment with exactly this body, if a create that failed had made it. */
async function findComment(octokit: GitHubClient, pr: PullRequestEvent, body: string, signal: AbortSignal): Promise<string | undefined> {
  const marker = body.slice(0, body.indexOf('\n') + 1 || undefined).trim()
  const own = await ownMarkedComments(octokit, pr, marker, signal)
  return own.find(comment => normalized(comment.body) === normalized(body))?.url
}

/** GitHub keeps a body as sent, give or take line endings and the final newline. */
function normalized(text: string): string {
  return text.replace(/\r\n/g, '\n').trimEnd()
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
