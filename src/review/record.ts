// What a review leaves for the next one on the same pull request: the head it reviewed and what the
// pull request's reviews have cost so far, as one hidden line at the very end of what the action
// writes (the sticky comment, the review body) and as the check run's external_id. Only text this
// token wrote is read, and only a line at its end counts: Claude's own words (a result, a comment in
// the review body) always come before it, so a record quoted there cannot pass for ours.

export interface ReviewRecord {
  /** The head commit the review was made at. */
  head: string
  /** What every run of this review on the pull request has cost, in US dollars. */
  costUsd: number
  /** How many runs that is; the newest record has the most. */
  runs: number
}

const PREFIX = '<!-- claude-cloud-action review-record'
const RECORD_AT_END = /<!-- claude-cloud-action review-record check=(\S+) head=([0-9a-f]{40,64}) cost-usd=(\d+(?:\.\d+)?) runs=(\d+) -->\s*$/

/** The key is the check name: one review of a pull request, as its check run is. */
export function renderRecord(checkName: string, record: ReviewRecord): string {
  return `${PREFIX} check=${encodeURIComponent(checkName)} head=${record.head} cost-usd=${Number(record.costUsd.toFixed(6))} runs=${record.runs} -->`
}

/** The record a text ends with, for this check name; undefined when it ends with none. */
export function parseRecord(text: string | null | undefined, checkName: string): ReviewRecord | undefined {
  const m = RECORD_AT_END.exec(text ?? '')
  if (!m || m[1] !== encodeURIComponent(checkName)) return undefined
  return { head: m[2], costUsd: Number(m[3]), runs: Number(m[4]) }
}

/** The newest record among these texts: the one with the most runs. */
export function latestRecord(texts: (string | null | undefined)[], checkName: string): ReviewRecord | undefined {
  let latest: ReviewRecord | undefined
  for (const text of texts) {
    const record = parseRecord(text, checkName)
    if (record && (!latest || record.runs > latest.runs)) latest = record
  }
  return latest
}

/** The record after this run: its head, its cost added (an unknown cost adds nothing), one more run. */
export function nextRecord(last: ReviewRecord | undefined, head: string, costUsd: number | undefined): ReviewRecord {
  return { head, costUsd: (last?.costUsd ?? 0) + (costUsd ?? 0), runs: (last?.runs ?? 0) + 1 }
}

/** Dollars as the summary shows them: four decimals, like the run's own cost. */
export function formatUsd(value: number): string {
  return `$${value.toFixed(4)}`
}

/** `1 run`, `2 runs`. */
export function runsText(runs: number): string {
  return `${runs} run${runs === 1 ? '' : 's'}`
}
