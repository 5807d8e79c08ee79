// The review's verdict as a GitHub check run at the head commit: completed, success or failure (neutral
// without a verdict), the summary as its output and the line comments as annotations, sent 50 a request
// (GitHub's limit) as the create and then updates, which append. Each run creates its own check run:
// an update could not take back the annotations of an earlier run, and GitHub shows and enforces the
// newest check run of a name at a commit. The record of the review goes in its external_id.
import type { GitHubClient } from './client.js'
import { createOnce, describeGitHubError } from './client.js'
import type { LineComment } from '../../review/hunks.js'
import type { VerdictCheck } from '../../review/review-host.js'

/** GitHub takes at most this many annotations in one request. */
export const ANNOTATIONS_PER_REQUEST = 50
/** An annotation's message, and the output's summary and text, take at most 64 KiB. */
const MAX_TEXT_CHARS = 60_000

export interface Annotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: 'notice' | 'warning' | 'failure'
  message: string
  title: string
}

/** The comments on the new version, which the head commit's files show; a comment on removed lines stays in the review only. */
export function annotationsOf(comments: LineComment[], verdict: VerdictCheck['verdict']): Annotation[] {
  const level = verdict === 'fail' ? 'failure' : verdict === 'pass' ? 'notice' : 'warning'
  return comments
    .filter(c => c.side === 'RIGHT')
    .map(c => ({
      path: c.path,
      start_line: c.startLine ?? c.line,
      end_line: c.line,
      annotation_level: level,
      message: cut(c.body),
      title: c.startLine ? `Lines ${c.startLine}-${c.line}` : `Line ${c.line}`
    }))
}

export async function createCheckRun(octokit: GitHubClient, where: { owner: string; repo: string }, check: VerdictCheck, detailsUrl: string): Promise<string> {
  const annotations = annotationsOf(check.comments, check.verdict)
  const output = (page: Annotation[]) => ({ title: check.title, summary: cut(check.summary), annotations: page })
  const signal = AbortSignal.timeout(60_000)
  // The record names this run (its count of runs), so a check run of this name at this head with it is the one a failed attempt made.
  const data = await createOnce(
    async noRetry =>
      (
        await octokit.rest.checks.create({
          ...where,
          name: check.name,
          head_sha: check.headSha,
          status: 'completed',
          conclusion: check.verdict === 'pass' ? 'success' : check.verdict === 'fail' ? 'failure' : 'neutral',
          external_id: check.record,
          ...(detailsUrl ? { details_url: detailsUrl } : {}),
          output: output(annotations.slice(0, ANNOTATIONS_PER_REQUEST)),
          request: { signal, ...noRetry }
        })
      ).data,
    async () => {
      const { data } = await octokit.rest.checks.listForRef({
        ...where,
        ref: check.headSha,
        check_name: check.name,
        filter: 'all',
        per_page: 100,
        request: { signal }
      })
      return data.check_runs.find(run => run.external_id === check.record)
    },
    'the check run'
  )
  // GitHub appends each page's annotations, so a page re-sent after a 5xx that took effect would show twice:
  // the run's annotation count says whether it landed.
  for (let at = ANNOTATIONS_PER_REQUEST; at < annotations.length; at += ANNOTATIONS_PER_REQUEST) {
    const page = annotations.slice(at, at + ANNOTATIONS_PER_REQUEST)
    await createOnce(
      async noRetry => (await octokit.rest.checks.update({ ...where, check_run_id: data.id, output: output(page), request: { signal, ...noRetry } })).data,
      async () => {
        const { data: run } = await octokit.rest.checks.get({ ...where, check_run_id: data.id, request: { signal } })
        return run.output.annotations_count >= at + page.length ? run : undefined
      },
      "the check run's annotations"
    )
  }
  return data.html_url ?? ''
}

/**
 * The records of the newest check runs of this name at the pull request's newest commits, head
 * first: after a push the last reviewed head is usually one of the few before it. Checks the token
 * may not read give nothing.
 */
export async function checkRunRecords(
  octokit: GitHubClient,
  where: { owner: string; repo: string },
  shas: string[],
  checkName: string,
  signal: AbortSignal
): Promise<string[]> {
  const records: string[] = []
  for (const ref of shas) {
    const { data } = await octokit.rest.checks.listForRef({ ...where, ref, check_name: checkName, filter: 'latest', per_page: 10, request: { signal } })
    for (const run of data.check_runs) if (run.external_id) records.push(run.external_id)
    if (records.length > 0) break
  }
  return records
}

/** One sentence on a refused check run: a 403 names the permission, and the token kinds that have none. */
export function describeCheckError(error: unknown, checkName: string): string {
  const { status } = error as { status?: number }
  const text = describeGitHubError(error, 'write')
  if (status === 403 && !/rate limit/i.test(text)) {
    const words = text.replace(/ The token may not write this pull request.*$/, '')
    return `${words} Give the job \`permissions: checks: write\` for the check run "${checkName}"; a personal access token cannot write check runs at all (use GITHUB_TOKEN or a GitHub App's token).`
  }
  return text
}

function cut(text: string): string {
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}\n\n… cut; the job summary has all of it.` : text
}
