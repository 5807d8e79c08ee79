// The review on GitHub: the PR's files with their patches (paged, bounded), our identity's earlier
// review comments, and one pull request review with event COMMENT at the head commit.
import { log } from '../../platform/platform.js'
import { createGitHubClient, describeGitHubError, type GitHubClient } from './client.js'
import { MAX_CHANGED_FILES } from './pr-context.js'
import { type PullRequestEvent } from './event.js'
import { compareFiles, type ChangedFile } from './diff.js'
import { gitHubRunLink, tokenLogin } from './comments.js'
import { diffFile, PULL_REQUEST_WORDS, type DiffFile, type LineComment } from '../../review/hunks.js'
import { MAX_PATCH_BYTES, type PostedComment, type ReviewDiff, type ReviewHost } from '../../review/review-host.js'
const REQUEST_DEADLINE_MS = 60_000
/** GitHub's compare lists at most this many changed files. */
const COMPARE_FILES = 300

export function gitHubReviewHost(token: string, pr: PullRequestEvent, env: NodeJS.ProcessEnv = process.env): ReviewHost {
  let client: Promise<GitHubClient> | undefined
  const api = (): Promise<GitHubClient> => (client ??= createGitHubClient(token, env))
  const where = { owner: pr.owner, repo: pr.repo, pull_number: pr.number }
  const request = (): { signal: AbortSignal } => ({ signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) })
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
      const login = await tokenLogin(octokit, signal)
      const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, { ...where, per_page: 100, request: { signal } })
      const own: PostedComment[] = []
      for await (const page of pages) {
        for (const c of page.data) {
          // GITHUB_TOKEN and app tokens cannot ask who they are; they write as a Bot no user can pose as.
          const ours = login !== undefined ? c.user?.login === login : c.user?.type === 'Bot'
          if (ours && c.original_commit_id === headSha && typeof c.line === 'number') own.push({ path: c.path, line: c.line, body: c.body })
        }
      }
      return own
    },
    async postReview(headSha: string, body: string, comments: LineComment[]): Promise<string> {
      const { data } = await (
        await api()
      ).rest.pulls.createReview({
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
        request: request()
      })
      return data.html_url
    },
    describeError: (error, doing) => describeGitHubError(error, doing)
  }
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
      files.push(diffFile(file))
      if (files.length >= MAX_CHANGED_FILES) {
        log.info(`The review tool takes comments on the first ${MAX_CHANGED_FILES} changed files.`)
        return { files, truncated: `it changes more than ${MAX_CHANGED_FILES} files` }
      }
    }
  }
  return { files }
}
