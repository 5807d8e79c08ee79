// The sticky comment: one comment per pull or merge request, workflow, job and comment-tag, found
// again by a hidden marker and updated in place. The code host (code-hosts/, chosen by the platform)
// lists and writes; this module keys, renders and decides. Loaded only with comment-on-pr; it never fails the step.
import { log, platform } from '../platform/platform.js'
import type { RunLink, StickyComments } from '../code-hosts/code-host.js'
import { codeBlock, modelMarkdown } from './markdown.js'
import { renderAttempts, renderHeadline, renderReviewOutcome, renderTable } from './render.js'
import type { RunReport } from './run-report.js'
import { addSecret, redact } from '../platform/secrets.js'
import type { CommentSettings } from '../settings/settings.js'

/** GitHub refuses a comment body longer than this (it counts characters; JS length is never less). GitLab takes more. */
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
  /** The footer link's text; default `Workflow run <id>`. */
  linkText?: string
  /** Whose comment limit a cut result mentions; default GitHub. */
  host?: string
}

/**
 * Posts or updates the sticky comment; returns its URL. Any failure, the API's or ours, is a
 * warning: a review whose comment could not be written has still run.
 */
export async function commentOnPullRequest(report: RunReport, settings: CommentSettings): Promise<string | undefined> {
  addSecret(settings.token)
  const host = await platform().codeHost(settings.token, settings.pullRequest)
  if ('unavailable' in host) {
    log.notice(`comment-on-pr is ignored: ${host.unavailable}`)
    return undefined
  }
  try {
    const target = stickyTarget(settings.tag, host.run, host.name)
    const url = await upsertComment(host.comments, target.marker, renderComment(report, target))
    log.info(`${host.commentName}: ${url}`)
    return url
  } catch (error) {
    log.warning(`Could not write the ${host.commentName} on ${host.change}: ${host.describeError(error)} The review itself ran; see the job summary.`)
    return undefined
  }
}

async function upsertComment(comments: StickyComments, marker: string, body: string): Promise<string> {
  const signal = AbortSignal.timeout(COMMENT_DEADLINE_MS)
  // Another bot's comment may carry the marker (the token changed from GITHUB_TOKEN to an app's):
  // its 403 sends us on to the next marked comment, so ours is found and stays the one updated.
  for (const existing of (await comments.findOwn(marker, signal)).slice(0, MAX_UPDATE_TRIES)) {
    try {
      return await comments.update(existing, body, signal)
    } catch (error) {
      // Deleted since it was listed, or not ours to edit after all: try the next, else write a new one.
      if (!comments.isGoneOrForbidden(error)) throw error
    }
  }
  return comments.create(body, signal)
}

/** The hidden key of the comment: workflow, job and tag, each URI-encoded so none can end the HTML comment. */
export function stickyMarker(tag: string, run: Pick<RunLink, 'workflow' | 'job'>): string {
  const parts = { workflow: run.workflow, job: run.job, tag }
  const fields = Object.entries(parts).map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2F/g, '/')}`)
  return `<!-- claude-cloud-action sticky-comment ${fields.join(' ')} -->`
}

export function stickyTarget(tag: string, run: RunLink, host?: string): CommentTarget {
  return { marker: stickyMarker(tag, run), runUrl: run.url, label: [...run.label, tag].filter(Boolean).join(' · '), linkText: run.linkText, host }
}

/**
 * Marker, headline, result (cut to fit), table, failover attempts and the run link. Secrets are
 * redacted before anything is cut, so a cut cannot leave half a secret behind.
 */
export function renderComment(report: RunReport, target: CommentTarget): string {
  // A review's verdict comes first; its record ends the comment, after everything Claude wrote.
  const verdict = report.review ? `${renderReviewOutcome(report.review)}\n\n` : ''
  const head = [target.marker, `### ${renderHeadline(report)}`, '', ''].join('\n') + verdict
  const failure =
    report.failureMessage && report.failureMessage !== report.result ? codeBlock(cutText(redact(report.failureMessage), MAX_FAILURE_CHARS), 'text') : ''
  const attempts = renderAttempts(report)
  const linkText = target.linkText ?? 'Workflow run ' + target.runUrl.split('/').pop()
  const footer = `<sub>[${linkText}](${target.runUrl})${target.label ? ` · ${escapeMarkdown(target.label)}` : ''}</sub>`
  const table = renderTable(report)
  const record = report.review?.record ? [report.review.record, ''] : []
  const tail = ['', '', ...(table ? [table, ''] : []), ...(attempts ? [attempts, ''] : []), footer, '', ...record].join('\n')
  let main = modelMarkdown(redact(report.result))
  if (report.structuredOutput) main += `${main ? '\n\n' : ''}${codeBlock(redact(report.structuredOutput), 'json').trimEnd()}`
  if (!main && !failure) main = '_Claude Code gave no result text._'
  const budget = COMMENT_LIMIT - head.length - failure.length - tail.length
  return `${head}${failure}${fitToComment(main, budget, target.runUrl, target.host)}${tail}`
}

/** `text` as it is when it fits `budget`, else its start, code fences closed, and a note with the run link. */
export function fitToComment(text: string, budget: number, runUrl: string, host = 'GitHub'): string {
  if (text.length <= budget) return text
  const note = `\n\n_… cut to fit ${host}'s comment limit. The whole result is in the job summary and the \`result\` output of [the workflow run](${runUrl})._`
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
