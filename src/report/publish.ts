// Publishes the run: step outputs, the job summary and, when asked, the sticky PR comment. A run
// that failed before Claude Code started (inputs, credentials, install) gets a summary too.
import { inert, log, platform } from '../platform/platform.js'
import { describeRetries, WAITING_SHARE_FOR_NOTICE } from '../claude/api-retries.js'
import { codeBlock, modelMarkdown } from './markdown.js'
import type { RunReport } from './run-report.js'
import { renderAttempts, renderGatewayRequests, renderHeadline, renderPermissionDenials, renderRetries, renderReviewOutcome, renderTable } from './render.js'
import { redact } from '../platform/secrets.js'
import type { CommentSettings, ProviderSettings, Settings } from '../settings/settings.js'

/** The step summary takes 1 MiB; the result gets most of it. */
const MAX_SUMMARY_RESULT_CHARS = 512 * 1024

export function setOutputs(report: RunReport): void {
  const outputs: Record<string, string | number | boolean | undefined> = {
    conclusion: report.conclusion,
    result: report.result,
    'structured-output': report.structuredOutput,
    'session-id': report.sessionId,
    'is-error': report.isError,
    subtype: report.subtype,
    'num-turns': report.numTurns,
    'duration-ms': report.durationMs,
    // Sums of floats print as 0.00011100000000000001; a millionth of a dollar is precise enough.
    'cost-usd': report.costUsd === undefined ? undefined : Number(report.costUsd.toFixed(6)),
    'input-tokens': report.usage.inputTokens,
    'output-tokens': report.usage.outputTokens,
    'cache-read-input-tokens': report.usage.cacheReadInputTokens,
    'cache-creation-input-tokens': report.usage.cacheCreationInputTokens,
    'api-retries': report.apiRetries?.count,
    throttled: report.throttled,
    'permission-denials': report.permissionDenials?.length,
    model: report.model,
    provider: report.provider,
    region: report.region,
    regions: report.gateway?.regional ? report.gateway.servedRegions.join(',') || undefined : undefined,
    'aws-account-id': report.awsAccountId,
    'execution-file': report.executionFile
  }
  const set = Object.entries(outputs).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
  platform().setOutputs(Object.fromEntries(set.map(([name, value]) => [name, String(value)])))
}

export async function writeSummary(report: RunReport): Promise<void> {
  const parts = [`## ${renderHeadline(report)}`, '']
  const table = renderTable(report)
  if (table) parts.push(table, '')
  if (report.review) parts.push('### Review', '', renderReviewOutcome(report.review), '')
  const retries = renderRetries(report)
  if (retries) parts.push(retries, '')
  const requests = renderGatewayRequests(report)
  if (requests) parts.push(requests, '')
  const denials = renderPermissionDenials(report)
  if (denials) parts.push(denials, '')
  // The same fence builder as the PR comment: the message's own backticks cannot close the block.
  if (report.failureMessage) parts.push(codeBlock(report.failureMessage, 'text').trimEnd(), '')
  const attempts = renderAttempts(report)
  if (attempts) parts.push(attempts, '')
  // An API error's text is the failure message (perhaps with the fix after it), shown above in its block; not again as Markdown.
  if (report.result && !report.failureMessage?.startsWith(report.result)) {
    const text =
      report.result.length > MAX_SUMMARY_RESULT_CHARS
        ? `${report.result.slice(0, MAX_SUMMARY_RESULT_CHARS)}\n\n… cut; the whole result is in the \`result\` output and the execution file.`
        : report.result
    parts.push('### Result', '', modelMarkdown(text), '')
  }
  if (report.structuredOutput) parts.push('### Structured output', '', codeBlock(report.structuredOutput, 'json').trimEnd(), '')
  writtenSummary = parts.join('\n')
  await platform().writeSummary(writtenSummary)
}

/** The summary this run wrote, so a later section (the review's unposted comments) adds to it instead of replacing it. */
let writtenSummary = ''

export async function appendToSummary(markdown: string): Promise<void> {
  writtenSummary = writtenSummary ? `${writtenSummary}\n${markdown}` : markdown
  await platform().writeSummary(writtenSummary)
}

/** A run that spent much of its time waiting on retries is short of quota; say so, with the fix. */
function noticeRetryWaiting(report: RunReport): void {
  const stats = report.apiRetries
  // Retries of a refused credential (401, 403) are not a quota problem; its failure message has the fix.
  const waitMs = stats ? stats.waitMs - (stats.authWaitMs ?? 0) : 0
  if (!stats || report.durationMs <= 0 || waitMs <= report.durationMs * WAITING_SHARE_FOR_NOTICE) return
  const fix =
    report.provider === 'anthropic'
      ? "raise the organization's rate limits, run fewer jobs at once, or add fallback-models"
      : report.provider === 'foundry'
        ? "raise the deployment's quota, or add fallback-models"
        : report.provider === 'anthropic-aws' || report.provider === 'anthropic-google-cloud'
          ? "raise the workspace's rate limits, run fewer jobs at once, or add fallback-models"
          : `raise the model's quota in ${report.region ?? 'the region'}, or add fallback-regions`
  log.notice(
    `Claude Code waited ${(stats.waitMs / 1000).toFixed(1)} s of its ${(report.durationMs / 1000).toFixed(1)} s run on API retries (${describeRetries(stats)}); ${fix}.`
  )
}

/** One warning for every tool call Claude Code was refused, each with what would allow it. */
function warnAboutPermissionDenials(report: RunReport): void {
  const denials = report.permissionDenials ?? []
  if (denials.length === 0) return
  const lines = denials.map(d => `- ${d.tool}: ${inert(d.asked)} → ${d.allow.startsWith('claude-args:') ? d.allow : `allowed-tools: ${d.allow}`}`)
  log.warning(
    [`Claude Code refused ${denials.length} tool call${denials.length === 1 ? '' : 's'} that nothing allowed, so the task may be incomplete:`, ...lines].join(
      '\n'
    )
  )
}

/** Returns the sticky comment's URL, when one was written. */
export async function publish(report: RunReport, settings: Settings): Promise<string | undefined> {
  setOutputs(report)
  noticeRetryWaiting(report)
  warnAboutPermissionDenials(report)
  return writeSummaryAndComment(report, settings.comment)
}

/** A failure before Claude Code ran (credentials, install, bad inputs), for the summary and the PR comment. */
export function setupFailureReport(message: string, provider?: ProviderSettings): RunReport {
  return {
    conclusion: 'failure',
    isError: true,
    subtype: 'error_setup',
    result: '',
    numTurns: 0,
    durationMs: 0,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    // Not shown: a run that never started has no table. Bad inputs may name no valid provider.
    provider: provider?.name ?? 'anthropic',
    region: provider && 'region' in provider ? provider.region : undefined,
    executionFile: '',
    attempts: [],
    failureMessage: redact(message)
  }
}

/** Never throws: a summary or comment that cannot be written is a warning. */
export async function writeSummaryAndComment(report: RunReport, comment: CommentSettings | undefined): Promise<string | undefined> {
  try {
    await writeSummary(report)
  } catch (error) {
    log.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
  if (comment?.enabled) {
    const { commentOnPullRequest } = await import('./sticky-comment.js')
    const url = await commentOnPullRequest(report, comment)
    if (url) platform().setOutputs({ 'comment-url': url })
    return url
  }
  return undefined
}
