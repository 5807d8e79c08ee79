// Inline review comments: before the run, the PR's (or MR's) diff goes to a file and Claude Code gets
// the action's review tool (an MCP server of its own, dist/review-server.js); after the run, what the
// tool buffered is posted as one review, on GitHub (github.ts) or GitLab (gitlab.ts), and its verdict
// as a check (verdict.ts). Each review leaves a record (record.ts) of the head it reviewed and what
// the change's reviews have cost, which the next run reads back: it reviews the changes since that
// head, and stops before Claude Code starts once max-pr-cost-usd is spent. Nothing here fails the
// step: an API problem is a warning, and what could not be posted is in the job summary.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionTools } from '../claude/argv.js'
import { log, platform } from '../platform/platform.js'
import { COMMENT_LIMIT, openFence } from '../report/sticky-comment.js'
import { writePrivateFile } from '../lib/private-file.js'
import { appendToSummary } from '../report/publish.js'
import { modelMarkdown } from '../report/markdown.js'
import { renderHeadline, renderReviewOutcome } from '../report/render.js'
import type { ReviewOutcome, RunReport } from '../report/run-report.js'
import { addSecret } from '../platform/secrets.js'
import type { Settings } from '../settings/settings.js'
import type { LineComment } from './hunks.js'
import { formatUsd, latestRecord, renderRecord, runsText, type ReviewRecord } from './record.js'
import type { ChangeContext, ReviewHost } from './review-host.js'
import { REVIEW_SERVER, REVIEW_TOOL_ID, VERDICT_TOOL_ID } from './tool-name.js'
import { concludeReview, publishVerdict, readVerdict } from './verdict.js'

const SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'review-server.js')

/** The line appended to the system prompt; `change` is "pull request" or "merge request". */
export function reviewSystemPrompt(change: string, maxComments?: number): string {
  const limit =
    maxComments === undefined
      ? ''
      : `At most ${maxComments} of them go on their lines (max-review-comments); later ones are listed in the review body while it has room, and the tool says where each one went. `
  return (
    `Findings about specific lines of this ${change} go through the ${REVIEW_TOOL_ID} tool, one call per finding ` +
    '(a ```suggestion block in its body proposes replacement lines); they are posted as one review after the run. ' +
    limit +
    'Your final answer is the summary of the review. ' +
    `When the review is done, call the ${VERDICT_TOOL_ID} tool once: pass when nothing you found has to be fixed before ` +
    `this ${change} is merged, fail when something does, with a short summary; it becomes the ${change}'s check.`
  )
}

export interface ReviewRun {
  tools: ActionTools
  /** The head of the earlier review whose changes since Claude reviews (GitHub's PR context compares), and this head. */
  reviewedBefore?: { lastHead: string; head: string }
  /** Set when the change's reviews have spent max-pr-cost-usd: Claude Code must not start. */
  budgetSpent?: string
  /** Ends the run without Claude Code: the notice, conclusion skipped, and the summary with the change's total. */
  skipForBudget(): Promise<void>
  /** For a run that failed before Claude Code ran: the record carried over, so the total is not lost. */
  carriedOutcome(): ReviewOutcome | undefined
  /** After the run, before the summary: the verdict and the change's cost so far onto the report. `since`: the PR context's incremental head. */
  conclude(report: RunReport, since?: string): void
  /** Posts the buffered comments as one review and the verdict as a check; `commentUrl` is the sticky comment, when there is one. */
  publish(report: RunReport, commentUrl: string | undefined): Promise<void>
}

/** The review tool for this run, or undefined (not a pull or merge request, or its diff could not be read). Never rejects. */
export async function startReview(settings: Settings, tempDir: string): Promise<ReviewRun | undefined> {
  const token = settings.comment.token
  addSecret(token)
  const host = await platform().reviewHost(token, settings.comment.pullRequest)
  if ('unavailable' in host) {
    log.notice(host.unavailable)
    return undefined
  }
  let diff
  try {
    diff = await host.readDiff()
  } catch (error) {
    log.warning(`Could not read the diff of ${host.label} for review comments: ${host.describeError(error, 'read')} Claude Code runs without the review tool.`)
    return undefined
  }
  if (diff.truncated) log.info(`The ${host.label} is large (${diff.truncated}); the review tool refuses comments on the files past that.`)
  const { checkName, maxPrCostUsd, incremental } = settings.review
  const headSha = diff.headSha
  const last = await lastRecord(host, headSha, checkName)
  const spent = maxPrCostUsd !== undefined && last !== undefined && last.costUsd >= maxPrCostUsd
  const since = incremental && last ? last.head : undefined
  const budgetSpent =
    spent && last
      ? `The reviews of ${host.label} have cost ${formatUsd(last.costUsd)} of max-pr-cost-usd $${maxPrCostUsd} over ${runsText(last.runs)}; Claude Code does not run. Raise max-pr-cost-usd to review it again.`
      : undefined
  let context: ChangeContext | undefined
  if (host.writeContext && !spent) {
    try {
      context = await host.writeContext(tempDir, headSha, since)
    } catch (error) {
      log.warning(`Could not write the diff of ${host.label} for Claude Code: ${host.describeError(error, 'read')} It reviews without the diff file.`)
    }
  }
  const diffFile = path.join(tempDir, 'review-diff.json')
  const bufferFile = path.join(tempDir, 'review-comments.jsonl')
  const verdictFile = path.join(tempDir, 'review-verdict.json')
  const maxComments = settings.review.maxComments
  writePrivateFile(diffFile, JSON.stringify({ headSha, files: diff.files, words: host.words, maxComments, truncated: diff.truncated }))
  writePrivateFile(bufferFile, '')
  log.info(`Review tool: ${diff.files.length} changed files of ${host.label} at ${headSha.slice(0, 12)} take line comments.`)
  const carried = (): ReviewOutcome | undefined =>
    last && {
      change: host.label,
      ran: false,
      lineComments: 0,
      costUsd: last.costUsd,
      runs: last.runs,
      ...(maxPrCostUsd !== undefined ? { maxCostUsd: maxPrCostUsd } : {}),
      record: renderRecord(checkName, last)
    }
  let concluded: { outcome: ReviewOutcome; comments: LineComment[] } | undefined
  return {
    tools: {
      // alwaysLoad: offered to the model directly instead of behind ToolSearch, and connected before the first turn.
      mcpServers: {
        [REVIEW_SERVER]: { type: 'stdio', command: process.execPath, args: [SERVER_SCRIPT, diffFile, bufferFile, verdictFile], alwaysLoad: true }
      },
      allowedTools: [REVIEW_TOOL_ID, VERDICT_TOOL_ID],
      systemPrompt: [reviewSystemPrompt(host.words.change, maxComments), ...(context ? [context.systemPromptLine] : [])],
      ...(context ? { addDirs: [context.dir] } : {})
    },
    ...(since && !host.writeContext ? { reviewedBefore: { lastHead: since, head: headSha } } : {}),
    ...(budgetSpent ? { budgetSpent } : {}),
    skipForBudget: async () => skipForBudget(budgetSpent, carried()),
    carriedOutcome: carried,
    conclude(report, contextSince) {
      const comments = readBuffer(bufferFile)
      const outcome = concludeReview(report, {
        host,
        headSha,
        checkName,
        last,
        maxCostUsd: maxPrCostUsd,
        verdict: readVerdict(verdictFile),
        comments,
        since: context?.since ?? contextSince
      })
      report.review = outcome
      concluded = { outcome, comments }
    },
    async publish(report, commentUrl) {
      await publishReview({ host, headSha, bufferFile, report, commentUrl, settings })
      if (concluded) await publishVerdict(host, headSha, checkName, concluded.outcome, concluded.comments)
    }
  }
}

/** The newest record of an earlier review of this change, or undefined (none, or they could not be read: a warning). */
async function lastRecord(host: ReviewHost, headSha: string, checkName: string): Promise<ReviewRecord | undefined> {
  try {
    const last = latestRecord(await host.readRecords(headSha, checkName), checkName)
    if (last)
      log.info(
        `The last review of ${host.label} was at ${last.head.slice(0, 12)}; its reviews have cost ${formatUsd(last.costUsd)} over ${runsText(last.runs)}.`
      )
    return last
  } catch (error) {
    log.warning(
      `Could not read the earlier reviews of ${host.label}: ${host.describeError(error, 'read')} This run reviews all of it, and counts its cost from zero.`
    )
    return undefined
  }
}

/** The budget is spent: a notice, conclusion skipped, and the summary with the change's total. */
async function skipForBudget(notice: string | undefined, outcome: ReviewOutcome | undefined): Promise<void> {
  if (notice) log.notice(notice)
  platform().setOutputs({ conclusion: 'skipped' })
  if (!outcome) return
  try {
    await appendToSummary(`## Claude Code skipped: the review budget of ${outcome.change} is spent\n\n${renderReviewOutcome(outcome)}\n`)
  } catch (error) {
    log.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
}

interface PublishOptions {
  host: ReviewHost
  headSha: string
  bufferFile: string
  report: RunReport
  commentUrl: string | undefined
  settings: Settings
}

export async function publishReview({ host, headSha, bufferFile, report, commentUrl, settings }: PublishOptions): Promise<void> {
  const buffered = readBuffer(bufferFile)
  platform().setOutputs({ 'review-comments': '0' })
  if (buffered.length === 0) return log.info('Claude Code made no line comments; no review is posted.')
  let fresh = buffered
  try {
    const posted = await host.ownComments(headSha)
    fresh = buffered.filter(c => !posted.some(p => p.path === c.path && p.line === c.line && p.body === (host.postedBody?.(c) ?? c.body)))
  } catch (error) {
    log.warning(
      `Could not list the earlier review comments on ${host.label}: ${host.describeError(error, 'read')} Comments are posted without the re-run check.`
    )
  }
  if (fresh.length < buffered.length)
    log.info(`${buffered.length - fresh.length} line comments are already on commit ${headSha.slice(0, 12)}; they are not posted again.`)
  if (fresh.length === 0) return log.info('Every line comment is already on this commit; no review is posted.')
  const inline = fresh.slice(0, settings.review.maxComments)
  const overflow = fresh.slice(inline.length)
  const names = { comment: host.commentName, run: host.run.text }
  const { body, notInBody } = renderReviewBody(report, commentUrl, inline.length, overflow, host.run.url, names, report.review?.record)
  try {
    const url = await host.postReview(headSha, body, inline)
    const listed = overflow.length - notInBody.length
    const where = [listed ? `${listed} more in its body` : '', notInBody.length ? `${notInBody.length} in the job summary` : ''].filter(Boolean).join(', ')
    log.info(`Review on ${host.label} with ${inline.length} line comments${where ? ` (${where})` : ''}: ${url}`)
    platform().setOutputs({ 'review-url': url, 'review-comments': String(inline.length) })
    if (notInBody.length) await writeFindingsToSummary('Findings past max-review-comments that did not fit the review body', notInBody)
  } catch (error) {
    log.warning(`Could not post the review on ${host.label}: ${host.describeError(error, 'write')} Its ${fresh.length} line comments are in the job summary.`)
    await writeFindingsToSummary('Review comments not posted', fresh)
  }
}

/** The comments the server accepted, each once, in the order they were made, their bodies safe to post (modelMarkdown). */
export function readBuffer(file: string): LineComment[] {
  if (!existsSync(file)) return []
  const seen = new Set<string>()
  const comments: LineComment[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue
    try {
      const comment = JSON.parse(line) as LineComment
      const key = JSON.stringify([comment.path, comment.side, comment.startLine, comment.line, comment.body])
      if (seen.has(key)) continue
      seen.add(key)
      // As posted everywhere (the review, its body, the summary), and so as the re-run check compares it.
      comments.push({ ...comment, body: modelMarkdown(comment.body) })
    } catch {
      // A line the server was writing when the CLI stopped it.
    }
  }
  return comments
}

/**
 * The review's body: its head, then the findings past max-review-comments, each whole, as many as
 * fit GitHub's comment limit; `notInBody` are the rest, for the job summary, which the body then
 * names. `names`: what the host calls the sticky comment and the run.
 */
export function renderReviewBody(
  report: RunReport,
  commentUrl: string | undefined,
  inline: number,
  overflow: LineComment[],
  runUrl: string,
  names: { comment: string; run: string } = { comment: 'PR comment', run: 'workflow run' },
  record?: string
): { body: string; notInBody: LineComment[] } {
  const head = commentUrl
    ? `Claude Code's line comments (${inline}); the summary is in [the ${names.comment}](${commentUrl}).`
    : `### ${renderHeadline(report)}\n\nClaude Code's line comments (${inline}) · [${names.run}](${runUrl})`
  // The review record ends the body, after every comment Claude wrote.
  const end = record ? `\n\n${record}` : ''
  if (overflow.length === 0) return { body: `${head}${end}`, notInBody: [] }
  const heading = `\n\n#### ${overflow.length} more (past max-review-comments)\n\n`
  const rendered = overflow.map(c => renderCommentList([c]))
  const note = (n: number): string => `\n_${n} more did not fit here; they are in the job summary of [the ${names.run}](${runUrl})._\n`
  const room = COMMENT_LIMIT - end.length
  let fits = rendered.length
  if (head.length + heading.length + rendered.join('\n').length > room) {
    // Whole findings while they fit, with room kept for the note.
    let used = head.length + heading.length + note(rendered.length).length
    fits = 0
    while (fits < rendered.length && used + rendered[fits].length + 1 <= room) used += rendered[fits++].length + 1
  }
  const list = rendered.slice(0, fits).join('\n')
  return { body: `${head}${heading}${list}${fits < overflow.length ? note(overflow.length - fits) : ''}${end}`, notInBody: overflow.slice(fits) }
}

/** Each comment under a line naming its place; a code block its body leaves open is closed. */
export function renderCommentList(comments: LineComment[]): string {
  return comments
    .map(c => {
      const lines = c.startLine ? `lines ${c.startLine}-${c.line}` : `line ${c.line}`
      const fence = openFence(c.body)
      return `**\`${c.path}\` ${lines}${c.side === 'LEFT' ? ' (old version)' : ''}**\n\n${c.body.trim()}${fence ? `\n${fence}` : ''}\n`
    })
    .join('\n')
}

/** Never throws: when the summary cannot be written either, the findings go to the log, so none is lost. */
async function writeFindingsToSummary(title: string, comments: LineComment[]): Promise<void> {
  const list = renderCommentList(comments)
  try {
    await appendToSummary(`### ${title}\n\n${list}\n`)
  } catch (error) {
    log.warning(`Could not write the job summary: ${(error as Error).message}. The ${comments.length} findings follow here.`)
    log.startGroup(title)
    log.verbatim(list)
    log.endGroup()
  }
}
