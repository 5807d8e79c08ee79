// Inline review comments: before the run, the PR's (or MR's) diff goes to a file and Claude Code gets
// the action's review tool (an MCP server of its own, dist/review-server.js); after the run, what the
// tool buffered is posted as one review, on GitHub (github.ts) or GitLab (gitlab.ts). Nothing here
// fails the step: an API problem is a warning, and comments that could not be posted are listed in
// the job summary.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionTools } from '../claude/argv.js'
import { log, platform } from '../platform/platform.js'
import { COMMENT_LIMIT, fitToComment, openFence } from '../report/sticky-comment.js'
import { writePrivateFile } from '../lib/private-file.js'
import { appendToSummary } from '../report/publish.js'
import { modelMarkdown } from '../report/markdown.js'
import { renderHeadline } from '../report/render.js'
import type { RunReport } from '../report/run-report.js'
import { addSecret } from '../platform/secrets.js'
import type { Settings } from '../settings/settings.js'
import type { LineComment } from './hunks.js'
import type { ReviewHost } from './review-host.js'
import { REVIEW_SERVER, REVIEW_TOOL_ID } from './tool-name.js'

const SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'review-server.js')

/** The line appended to the system prompt; `change` is "pull request" or "merge request". */
export function reviewSystemPrompt(change: string): string {
  return (
    `Findings about specific lines of this ${change} go through the ${REVIEW_TOOL_ID} tool, one call per finding ` +
    '(a ```suggestion block in its body proposes replacement lines); they are posted as one review after the run. ' +
    'Your final answer is the summary of the review.'
  )
}

export interface ReviewRun {
  tools: ActionTools
  /** Posts the buffered comments as one review; `commentUrl` is the sticky comment, when there is one. */
  publish(report: RunReport, commentUrl: string | undefined): Promise<void>
}

/** The review tool for this run, or undefined (not a pull or merge request, or its diff could not be read). Never rejects. */
export async function startReview(settings: Settings, tempDir: string): Promise<ReviewRun | undefined> {
  const token = settings.comment.token
  addSecret(token)
  const host = await platform().reviewHost(token)
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
  const diffFile = path.join(tempDir, 'review-diff.json')
  const bufferFile = path.join(tempDir, 'review-comments.jsonl')
  writePrivateFile(diffFile, JSON.stringify({ headSha: diff.headSha, files: diff.files, words: host.words }))
  writePrivateFile(bufferFile, '')
  log.info(`Review tool: ${diff.files.length} changed files of ${host.label} at ${diff.headSha.slice(0, 12)} take line comments.`)
  const headSha = diff.headSha
  return {
    tools: {
      // alwaysLoad: offered to the model directly instead of behind ToolSearch, and connected before the first turn.
      mcpServers: { [REVIEW_SERVER]: { type: 'stdio', command: process.execPath, args: [SERVER_SCRIPT, diffFile, bufferFile], alwaysLoad: true } },
      allowedTools: [REVIEW_TOOL_ID],
      systemPrompt: [reviewSystemPrompt(host.words.change)]
    },
    publish: (report, commentUrl) => publishReview({ host, headSha, bufferFile, report, commentUrl, settings })
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
  const body = renderReviewBody(report, commentUrl, inline.length, overflow, host.run.url, { comment: host.commentName, run: host.run.text })
  try {
    const url = await host.postReview(headSha, body, inline)
    log.info(`Review on ${host.label} with ${inline.length} line comments${overflow.length ? ` (${overflow.length} more in its body)` : ''}: ${url}`)
    platform().setOutputs({ 'review-url': url, 'review-comments': String(inline.length) })
  } catch (error) {
    log.warning(`Could not post the review on ${host.label}: ${host.describeError(error, 'write')} Its ${fresh.length} line comments are in the job summary.`)
    await writeUnpostedToSummary(fresh)
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

/** `names`: what the host calls the sticky comment and the run. */
export function renderReviewBody(
  report: RunReport,
  commentUrl: string | undefined,
  inline: number,
  overflow: LineComment[],
  runUrl: string,
  names: { comment: string; run: string } = { comment: 'PR comment', run: 'workflow run' }
): string {
  const head = commentUrl
    ? `Claude Code's line comments (${inline}); the summary is in [the ${names.comment}](${commentUrl}).`
    : `### ${renderHeadline(report)}\n\nClaude Code's line comments (${inline}) · [${names.run}](${runUrl})`
  if (overflow.length === 0) return head
  const more = `\n\n#### ${overflow.length} more (past max-review-comments)\n\n${renderCommentList(overflow)}`
  return `${head}${fitToComment(more, COMMENT_LIMIT - head.length, runUrl)}`
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

async function writeUnpostedToSummary(comments: LineComment[]): Promise<void> {
  try {
    await appendToSummary(`### Review comments not posted\n\n${renderCommentList(comments)}\n`)
  } catch (error) {
    log.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
}
