// The GitHub API client every GitHub module shares, and how its errors read in the log.
import { log } from '../../platform/platform.js'
import { loadHttpClient } from '../../bundle/lazy-http-client.js'
import { loadUndici } from '../../bundle/lazy-undici.js'
import { redact } from '../../platform/secrets.js'
import type { getOctokit } from '@actions/github'

export type GitHubClient = ReturnType<typeof getOctokit>

/** A rate limit that resets within this many seconds is waited out once; a longer one is a warning. */
const MAX_RATE_LIMIT_WAIT_S = 20

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
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
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

/** How many times a create is sent in all, each after checking that the one before made nothing. */
const CREATE_ATTEMPTS = 3

/**
 * A POST that creates something (a review, a comment), made so that retries cannot create it twice:
 * GitHub may do the write and still answer 5xx (a gateway giving up), and the retry plugin would send
 * it again. Here the plugin never retries it (`retries: 0`); after a failure that may have taken
 * effect, `find` looks for what it would have made, and only when nothing is there is it sent again.
 */
export async function createOnce<T>(create: (request: { retries: 0 }) => Promise<T>, find: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create({ retries: 0 })
    } catch (error) {
      if (!mayHaveTakenEffect(error) || attempt >= CREATE_ATTEMPTS) throw error
      // A failing look-up leaves it unknown: the error stands rather than risk a second one.
      const found = await find().catch(() => {
        throw error
      })
      if (found !== undefined) {
        log.info(`GitHub answered ${describeStatus(error)} to creating ${what}, but had made it; it is not sent again.`)
        return found
      }
      log.info(`GitHub answered ${describeStatus(error)} to creating ${what}, and made nothing; sending it again.`)
      await new Promise(resolve => setTimeout(resolve, 500 * attempt))
    }
  }
}

/** A 5xx, or no answer at all: the request may have been carried out. A 4xx was refused before it was. */
function mayHaveTakenEffect(error: unknown): boolean {
  const status = (error as { status?: unknown }).status
  return typeof status !== 'number' || status >= 500
}

function describeStatus(error: unknown): string {
  const status = (error as { status?: unknown }).status
  return typeof status === 'number' ? `HTTP ${status}` : 'nothing'
}

/** One sentence on what went wrong and, where it is clear, what to do about it. */
export function describeGitHubError(error: unknown, access: 'read' | 'write'): string {
  const { status, message = String(error), response } = error as { status?: number; message?: string; response?: { headers?: Record<string, string> } }
  const text = redact(message)
    .replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '')
    .trim()
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
