// The Markdown the job summary and the sticky comment share: the headline, the run's table, its
// attempts and its API retries.
import { describeRetries } from '../claude/api-retries.js'
import { breakHtmlComments, codeCell, inlineText, tableCell } from './markdown.js'
import type { ReviewOutcome, RunReport } from './run-report.js'
import { redact } from '../platform/secrets.js'

/** The table the summary and the PR comment share; a run that never started has none. */
export function renderTable(report: RunReport): string {
  if (report.attempts.length === 0) return ''
  const { usage } = report
  const tokens = `${usage.inputTokens} in / ${usage.outputTokens} out / ${usage.cacheReadInputTokens} cache read / ${usage.cacheCreationInputTokens} cache creation`
  const cells = [
    report.costUsd === undefined ? '–' : `$${report.costUsd.toFixed(4)}`,
    String(report.numTurns),
    `${(report.durationMs / 1000).toFixed(1)} s`,
    codeCell(report.model),
    report.providerLabel ?? report.provider,
    codeCell(report.region),
    tokens
  ]
  return ['| Cost | Turns | Duration | Model | Provider | Region | Tokens |', '|---|---|---|---|---|---|---|', `| ${cells.join(' | ')} |`].join('\n')
}

export function renderAttempts(report: RunReport): string {
  if (report.attempts.length < 2) return ''
  // Model failover (fallback-models) moves across models, region failover across regions.
  const byModel = report.attempts.some(a => a.model !== undefined)
  const rows = report.attempts.map(
    (a, i) =>
      `| ${i + 1} | ${codeCell(byModel ? a.model : a.region)} | ${a.isError ? '✗' : '✓'} ${tableCell(a.subtype, 80)} | ${tableCell(a.message?.split('\n')[0] ?? '')} |`
  )
  return ['### Attempts', '', `| # | ${byModel ? 'Model' : 'Region'} | Outcome | Message |`, '|---|---|---|---|', ...rows].join('\n')
}

export function renderHeadline(report: RunReport): string {
  if (report.attempts.length === 0) return '✗ Claude Code did not run'
  return report.conclusion === 'success' ? '✓ Claude Code succeeded' : `✗ Claude Code failed (${inlineText(report.subtype)})`
}

/** Quota monitoring: retries by status and the time spent waiting on them; nothing when there were none. */
export function renderRetries(report: RunReport): string {
  const stats = report.apiRetries
  if (!stats || stats.count === 0) return ''
  const row = `| ${stats.count} (${describeRetries(stats)}) | ${(stats.waitMs / 1000).toFixed(1)} s | ${report.throttled ? 'yes' : 'no'} |`
  return ['| API retries | Waiting | Throttled |', '|---|---|---|', row].join('\n')
}

/** The model gateway's calls by region, and the ones it moved to another region; providers with regions only. */
export function renderGatewayRequests(report: RunReport): string {
  const gateway = report.gateway
  if (!gateway?.regional || gateway.requests === 0) return ''
  const byRegion = Object.entries(gateway.requestsByRegion)
    .map(([region, n]) => `${codeCell(region)} × ${n}`)
    .join(', ')
  const moved = gateway.regionRetries.count > 0 ? `${gateway.regionRetries.count} (${describeRetries(gateway.regionRetries)})` : '0'
  const row = `| ${gateway.requests} | ${byRegion || '–'} | ${moved} |`
  return ['| Model requests | By region | Moved to another region |', '|---|---|---|', row].join('\n')
}

/** Tool calls Claude Code was refused, each with what would allow it; nothing when there were none. */
export function renderPermissionDenials(report: RunReport): string {
  const denials = report.permissionDenials ?? []
  if (denials.length === 0) return ''
  const rows = denials.map(
    d => `| ${tableCell(d.tool, 80)} | ${codeCell(d.asked)} | ${codeCell(d.allow.startsWith('claude-args:') ? d.allow : `allowed-tools: ${d.allow}`)} |`
  )
  return [`| Permission denials (${denials.length}) | Asked | Would be allowed by |`, '|---|---|---|', ...rows].join('\n')
}

/** The verdict (or that Claude gave none) and the change's review cost so far; Claude's summary stays text. */
export function renderReviewOutcome(review: ReviewOutcome): string {
  const comments = `${review.lineComments} line comment${review.lineComments === 1 ? '' : 's'}`
  const verdict = !review.ran
    ? ''
    : review.verdict
      ? `**Verdict: ${review.verdict === 'pass' ? '✓ pass' : '✗ fail'}** · ${comments}\n\n${breakHtmlComments(redact(review.summary ?? ''))}\n\n`
      : `**No verdict**: Claude gave none (it did not call set_verdict), so the check is neutral · ${comments}\n\n`
  const scope = review.ran ? `Reviewed: ${review.scope ?? `the whole ${review.change.replace(/ [#!]\d+$/, '')}`} · ` : ''
  const limit = review.maxCostUsd !== undefined ? ` (max-pr-cost-usd $${review.maxCostUsd})` : ''
  const total = `The reviews of ${review.change} have cost $${review.costUsd.toFixed(4)} over ${review.runs} run${review.runs === 1 ? '' : 's'}${limit}.`
  return `${verdict}<sub>${scope}${total}</sub>`
}
