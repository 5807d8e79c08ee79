// What the model gateway saw of a run: its calls by region, the regions that answered, and the calls it
// moved to another region (throttled or unreachable), which the CLI never saw as retries.
import type { RetryStats } from '../claude/api-retries.js'
import type { MeterRecord } from '../gateway/meter.js'

export interface GatewayReport {
  /** Whether the provider has regions (Bedrock, Vertex); else only the count is shown. */
  regional: boolean
  requests: number
  /** Calls by the region of their last attempt. */
  requestsByRegion: Record<string, number>
  /** Regions that answered a call with success, in the order they first did. */
  servedRegions: string[]
  /** The region of the last call answered with success. */
  lastServedRegion?: string
  /** Attempts moved on to another region, by the status that moved them ('other': no connection). */
  regionRetries: RetryStats
  /** A 429 or 529 was moved on from, or passed to the CLI. */
  throttled: boolean
}

const THROTTLING = new Set([429, 529])

export function gatewayReport(records: readonly MeterRecord[], regional: boolean): GatewayReport {
  const report: GatewayReport = {
    regional,
    requests: records.length,
    requestsByRegion: {},
    servedRegions: [],
    regionRetries: { count: 0, byStatus: {}, waitMs: 0, authWaitMs: 0 },
    throttled: false
  }
  for (const record of records) {
    if (record.region !== null) {
      report.requestsByRegion[record.region] = (report.requestsByRegion[record.region] ?? 0) + 1
      const served = record.status >= 200 && record.status < 300
      if (served) report.lastServedRegion = record.region
      if (served && !report.servedRegions.includes(record.region)) report.servedRegions.push(record.region)
    }
    for (const reason of record.retryReasons ?? []) {
      const status = typeof reason === 'number' ? String(reason) : 'other'
      report.regionRetries.count++
      report.regionRetries.byStatus[status] = (report.regionRetries.byStatus[status] ?? 0) + 1
      if (THROTTLING.has(Number(reason))) report.throttled = true
    }
    if (THROTTLING.has(record.status)) report.throttled = true
  }
  return report
}
