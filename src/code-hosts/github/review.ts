// The review on GitHub: the PR's files with their patches (paged, bounded), our identity's earlier
// review comments, one pull request review with event COMMENT at the head commit, the records of
// earlier reviews, and the verdict as a check run (checks.ts).
import { log } from '../../platform/platform.js'
import { checkRunRecords, createCheckRun, describeCheckError } from './checks.js'
import { createGitHubClient, createOnce, describeGitHubError, type GitHubClient } from './client.js'
import { MAX_CHANGED_FILES } from '../code-host.js'
import { type PullRequestEvent } from './event.js'
import { compareFiles, type ChangedFile } from './diff.js'
import { gitHubRunLink, tokenLogin } from './comments.js'
import { diffFile, PULL_REQUEST_WORDS, type DiffFile, type LineComment } from '../../review/hunks.js'
import { MAX_PATCH_BYTES, type PostedComment, type ReviewDiff, type ReviewHost } from '../../review/review-host.js'
const REQUEST_DEADLINE_MS = 60_000
/** The newest commits of the pull request whose check runs may hold the last review's record. */
const COMMITS_WITH_RECORDS = 5
/** GitHub's compare lists at most this many changed files. */
const COMPARE_FILES = 300

export function gitHubReviewHost(token: string, pr: PullRequestEvent, env: NodeJS.ProcessEnv = process.env): ReviewHost {
  let client: Promise<GitHubClient> | undefined
  const api = (): Promise<GitHubClient> => (client ??= createGitHubClient(token, env))
  const repo = { owner: pr.owner, repo: pr.repo }
  const where = { ...repo, pull_number: pr.number }
  const request = (): { signal: AbortSignal } => ({ signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) })
  let login: Promise<string | undefined> | undefined
  // GITHUB_TOKEN and app tokens cannot ask who they are; they write as a Bot no user can pose as.
  const ours = async (user: { login?: string; type?: string } | null | undefined): Promise<boolean> => {
    const me = await (login ??= api().then(octokit => tokenLogin(octokit, request().signal)))
    return me !== undefined ? user?.login === me : user?.type === 'Bot'
  }
  return {
    label: `pull request #${pr.number}`,
    words: PULL_REQUEST_WORDS,
    commentName: 'PR comment',
    run: { url: gitHubRunLink(env).url, text: 'workflow run' },
    async readDiff(): Promise<ReviewDiff> {
      const octokit = await api()
      // The files first, then the head: a push between the two shows as a move.
      const listed = await listDiffFiles(octokit, where, request().signal)
      const { data } = await octokit.rest.pulls.get({ ...where, request: request() })
      // A push since the event (the context said so in a notice): the review stays on the event's commit, with its files.
      if (pr.baseSha && pr.headSha && data.head.sha !== pr.headSha) {
        const event = { ...pr, baseSha: pr.baseSha, headSha: pr.headSha }
        return { headSha: pr.headSha, ...eventDiffFiles(await compareFiles(octokit, event, request().signal)) }
      }
      return { headSha: data.head.sha, ...listed }
    },
    async ownComments(headSha: string): Promise<PostedComment[]> {
      const signal = request().signal
      const octokit = await api()
      const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, { ...where, per_page: 100, request: { signal } })
      const own: PostedComment[] = []
      for await (const page of pages) {
        for (const c of page.data) {
          // After a push GitHub moves a comment whose line did not change to the new head (commit_id);
          // original_commit_id stays the head it was made on. An outdated one has no line.
          const standing = typeof c.line === 'number' && (c.commit_id === headSha || c.original_commit_id === headSha)
          if (standing && (await ours(c.user))) own.push({ path: c.path, line: c.line as number, body: c.body })
        }
      }
      return own
    },
    async readRecords(headSha: string, checkName: string): Promise<string[]> {
      const signal = request().signal
      const octokit = await api()
      const texts: string[] = []
      const comments = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repo, issue_number: pr.number, per_page: 100, request: { signal } })
      for await (const page of comments) for (const c of page.data) if (c.body?.includes('review-record') && (await ours(c.user))) texts.push(c.body)
      const reviews = octokit.paginate.iterator(octokit.rest.pulls.listReviews, { ...where, per_page: 100, request: { signal } })
      for await (const page of reviews) for (const r of page.data) if (r.body?.includes('review-record') && (await ours(r.user))) texts.push(r.body)
      try {
        const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { ...where, per_page: 100, request: { signal } })
        const newest = commits.map(c => c.sha).reverse()
        const shas = [headSha, ...newest.filter(sha => sha !== headSha)].slice(0, COMMITS_WITH_RECORDS)
        texts.push(...(await checkRunRecords(octokit, repo, shas, checkName, signal)))
      } catch (error) {
        // Without checks: read (a job's narrower permissions) the comments and reviews still tell.
        log.debug(`Check runs not read for the review record: ${describeGitHubError(error, 'read')}`)
      }
      return texts
    },
    postVerdict: async check => createCheckRun(await api(), repo, check, gitHubRunLink(env).url),
    describeVerdictError: describeCheckError,
    async postReview(headSha: string, body: string, comments: LineComment[]): Promise<string> {
      const octokit = await api()
      return createOnce(
        async noRetry => {
          const { data } = await octokit.rest.pulls.createReview({
            ...where,
            commit_id: headSha,
            event: 'COMMENT',
            body,
            comments: comments.map(c => ({
              path: c.path,
              line: c.line,
              side: c.side,
              body: c.body,
              ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: c.side } : {})
            })),
            request: { ...request(), ...noRetry }
          })
          return data.html_url
        },
        () => findReview(octokit, where, headSha, body, request().signal),
        'the review'
      )
    },
    describeError: (error, doing) => describeGitHubError(error, doing)
  }
}

/** Our review at `headSha` with exactly this body, if a create that failed had made it. */
async function findReview(
  octokit: GitHubClient,
  where: { owner: string; repo: string; pull_number: number },
  headSha: string,
  body: string,
  signal: AbortSignal
): Promise<string | undefined> {
  const login = await tokenLogin(octokit, signal)
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviews, { ...where, per_page: 100, request: { signal } })
  for await (const page of pages) {
    for (const review of page.data) {
      // GITHUB_TOKEN and app tokens cannot ask who they are; they write as a Bot no user can pose as.
      const ours = login !== undefined ? review.user?.login === login : review.user?.type === 'Bot'
      if (ours && review.commit_id === headSha && review.body.replace(/\r\n/g, '\n').trimEnd() === body.trimEnd()) return review.html_url
    }
  }
  return undefined
}

/** The event's files from compare, which lists at most 300 (COMPARE_FILES). */
function eventDiffFiles(changed: ChangedFile[]): { files: DiffFile[]; truncated?: string } {
  const files: DiffFile[] = []
  let bytes = 0
  for (const file of changed.slice(0, MAX_CHANGED_FILES)) {
    bytes += file.patch?.length ?? 0
    if (bytes > MAX_PATCH_BYTES) return { files, truncated: `its patches pass ${MAX_PATCH_BYTES / 1024 / 1024} MiB` }
    files.push(diffFile({ ...file, status: file.status ?? 'modified' }))
  }
  return changed.length >= COMPARE_FILES ? { files, truncated: `GitHub's compare lists its first ${COMPARE_FILES} files` } : { files }
}

async function listDiffFiles(
  octokit: GitHubClient,
  where: { owner: string; repo: string; pull_number: number },
  signal: AbortSignal
): Promise<{ files: DiffFile[]; truncated?: string }> {
  const files: DiffFile[] = []
  let bytes = 0
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, { ...where, per_page: 100, request: { signal } })
  for await (const page of pages) {
    for (const file of page.data) {
      bytes += file.patch?.length ?? 0
      if (bytes > MAX_PATCH_BYTES) return { files, truncated: `its patches pass ${MAX_PATCH_BYTES / 1024 / 1024} MiB` }
      if (files.length === MAX_CHANGED_FILES) {
        log.info(`The review tool takes comments on the first ${MAX_CHANGED_FILES} changed files.`)
        return { files, truncated: `it changes more than ${MAX_CHANGED_FILES} files` }
      }
      files.push(diffFile(file))
    }
  }
  return { files }
}
