// The changes of a pull request since the head an earlier review was made at, for an incremental
// re-review: GitHub's compare of {last}...{head}, whose status says whether the last head is an
// ancestor of this one ("ahead"); then the same compare with the diff media type. A force-push or a
// rebase leaves the last head off the branch ("diverged"): then the whole pull request is reviewed.
import { log } from '../../platform/platform.js'
import { describeGitHubError, type GitHubClient } from './client.js'
import type { PullRequestEvent } from './event.js'
import { readDiffBody } from './diff.js'

/** The head the last review was made at, and the head this run reviews. */
export interface ReviewedBefore {
  lastHead: string
  head: string
}

/** The diff of the changes since the last review, or undefined (with a log line saying why) when the whole pull request is to be reviewed. */
export async function changesSince(
  octokit: GitHubClient,
  pr: PullRequestEvent,
  before: ReviewedBefore,
  signal: AbortSignal
): Promise<{ text: string; totalBytes: number | undefined } | undefined> {
  const { lastHead, head } = before
  const whole = `Claude reviews the whole pull request #${pr.number}`
  if (lastHead === head) {
    log.info(`The last review of pull request #${pr.number} was at this head, ${short(head)}; ${whole} again.`)
    return undefined
  }
  const basehead = `${lastHead}...${head}`
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: pr.owner, repo: pr.repo, basehead, per_page: 1, request: { signal } })
    if (data.status !== 'ahead') {
      log.info(
        `The last review of pull request #${pr.number} was at ${short(lastHead)}, which is not an ancestor of ${short(head)} (compare status ${data.status}: a force-push or rebase); ${whole}.`
      )
      return undefined
    }
    // Read as it arrives, no further than the diff file keeps (as the whole diff is).
    const diff = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: pr.owner,
      repo: pr.repo,
      basehead,
      mediaType: { format: 'diff' },
      request: { signal, parseSuccessResponseBody: false }
    })
    return await readDiffBody(diff.data, diff.headers)
  } catch (error) {
    // A head that a force-push left behind may be gone from GitHub: a 404.
    log.info(`Could not compare the last reviewed head ${short(lastHead)} with ${short(head)}: ${describeGitHubError(error, 'read')} ${whole}.`)
    return undefined
  }
}

export function short(sha: string): string {
  return sha.slice(0, 12)
}
