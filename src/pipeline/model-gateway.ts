// The model gateway of one run: started once the credentials are in hand, its secret masked the moment
// it exists, stopped after the CLI; its meter goes into the execution file, one line per model call.
import { startGateway, type Gateway } from '../gateway/gateway.js'
import type { ExecutionFile } from '../claude/execution-file.js'
import { log } from '../platform/platform.js'
import { addSecret } from '../platform/secrets.js'
import type { GatewayPlan } from '../providers/provider.js'
import type { Settings } from '../settings/settings.js'

export async function startModelGateway(plan: GatewayPlan, settings: Settings): Promise<Gateway> {
  const gateway = await startGateway({
    upstream: plan.upstream,
    regions: plan.regions,
    modelRegions: plan.modelRegions,
    strategy: settings.regionStrategy,
    log: message => log.info(message)
  })
  addSecret(gateway.secret)
  const regions =
    settings.provider.name === 'bedrock' || settings.provider.name === 'vertex'
      ? ` (regions ${plan.regions.join(', ')}, ${settings.regionStrategy ?? 'failover'})`
      : ''
  log.info(`Model gateway: Claude Code reaches ${plan.upstream.name} through ${gateway.baseUrl}${regions}; it holds no credential`)
  return gateway
}

/** One `{"type":"gateway", …}` line per model call, after the CLI's own lines (the CLI has exited, so none interleave). */
export async function recordGatewayCalls(gateway: Gateway, executionFile: ExecutionFile): Promise<void> {
  if (gateway.meter.length === 0) return
  const lines = gateway.meter.map(record => `${JSON.stringify({ type: 'gateway', ...record })}\n`).join('')
  if (!executionFile.write(Buffer.from(lines))) await executionFile.drained()
}
