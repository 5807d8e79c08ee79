// The review's verdict after the run: what the set_verdict tool left (or that it was never called),
// the pull request's cost so far, and the check that carries them: a check run on GitHub, a commit
// status on GitLab. A check the host refuses is a warning; the verdict is in the job summary anyway.
import { existsSync, readFileSync } from 'node:fs'
import { log, platform } from '../platform/platform.js'
import { renderReviewOutcome } from '../report/render.js'
import type { ReviewOutcome, RunReport } from '../report/run-report.js'
import type { LineComment } from './hunks.js'
import { formatUsd, nextRecord, renderRecord, runsText, type ReviewRecord } from './record.js'
import type { ReviewHost } from './review-host.js'
import { parseVerdict, type Verdict } from './server.js'
import { VERDICT_TOOL_ID } from './tool-name.js'

/** The verdict the tool wrote, or undefined when it was never called. */
export function readVerdict(file: string): Verdict | undefined {
  if (!existsSync(file)) return undefined
  try {
    const verdict = parseVerdict(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    return typeof verdict === 'string' ? undefined : verdict
  } catch {
    return undefined
  }
}

export interface ConcludeOptions {
  host: ReviewHost
  headSha: string
  checkName: string
  last: ReviewRecord | undefined
  maxCostUsd: number | undefined
  verdict: Verdict | undefined
  comments: LineComment[]
  /** The last reviewed head when Claude's diff held only the changes since it. */
  since: string | undefined
}

/** The outcome the summary and the sticky comment show; sets the verdict output and says in the log what Claude decided. */
export function concludeReview(report: RunReport, o: ConcludeOptions): ReviewOutcome {
  const record = nextRecord(o.last, o.headSha, report.costUsd)
  const outcome: ReviewOutcome = {
    change: o.host.label,
    ran: true,
    ...(o.verdict ? { verdict: o.verdict.verdict, summary: o.verdict.summary } : {}),
    ...(o.since ? { scope: `the changes since ${o.since.slice(0, 12)}` } : {}),
    lineComments: o.comments.length,
    costUsd: record.costUsd,
    runs: record.runs,
    ...(o.maxCostUsd !== undefined ? { maxCostUsd: o.maxCostUsd } : {}),
    record: renderRecord(o.checkName, record)
  }
  platform().setOutputs({ verdict: o.verdict?.verdict ?? 'none' })
  if (o.verdict)
    log.info(`Claude's verdict on ${o.host.label}: ${o.verdict.verdict}, with ${o.comments.length} line comment${o.comments.length === 1 ? '' : 's'}.`)
  else
    log.notice(`Claude gave no verdict on ${o.host.label} (it did not call ${VERDICT_TOOL_ID}); the check "${o.checkName}" is neutral, which blocks nothing.`)
  log.info(`The reviews of ${o.host.label} have cost ${formatUsd(record.costUsd)} over ${runsText(record.runs)}.`)
  return outcome
}

/** Posts the check at the head. Never throws: a refusal is a warning, and the verdict is in the summary. */
export async function publishVerdict(host: ReviewHost, headSha: string, checkName: string, outcome: ReviewOutcome, comments: LineComment[]): Promise<void> {
  const verdict = outcome.verdict
  const word = verdict === 'pass' ? 'Pass' : verdict === 'fail' ? 'Fail' : 'No verdict'
  const title = `${word} · ${comments.length} line comment${comments.length === 1 ? '' : 's'}`
  try {
    const url = await host.postVerdict({
      name: checkName,
      headSha,
      ...(verdict ? { verdict } : {}),
      title,
      summary: renderReviewOutcome(outcome),
      reason: outcome.summary ?? 'Claude gave no verdict.',
      comments,
      record: outcome.record ?? ''
    })
    log.info(`Check "${checkName}" on ${headSha.slice(0, 12)}: ${title}${url ? ` (${url})` : ''}.`)
  } catch (error) {
    log.warning(
      `Could not post the verdict on ${host.label} as "${checkName}": ${host.describeVerdictError(error, checkName)} The verdict (${verdict ?? 'none'}) is in the job summary.`
    )
  }
}
