// Runs the CLI in the first region and, when that region throttles or is over quota, continues the
// same session (--resume) in the next one, so no work is repeated.
import { inert, log } from '../platform/platform.js'
import type { ProviderSession } from '../providers/provider.js'
import type { Settings } from '../settings.js'
import { buildArgv, CONTINUE_PROMPT, mergeCliSettings, promptGoesOnStdin, type ActionTools } from './argv.js'
import type { ExecutionFile } from './execution-file.js'
import { isCapacityError } from './result.js'
import { runClaude, type RunOutcome } from './run.js'
import { StreamLog } from './stream-log.js'
import { withUntrustedPaths } from './untrusted-paths.js'

export interface Attempt {
  region?: string
  outcome: RunOutcome
}

export interface FailoverOptions {
  settings: Settings
  session: ProviderSession
  env: NodeJS.ProcessEnv
  executable: string
  executionFile: ExecutionFile
  signal?: AbortSignal
  /** The runner's second cancel signal: kill the CLI now. */
  killNow?: AbortSignal
  /** The action's own MCP tools (the review tool). */
  tools?: ActionTools
}

/** While another region remains, a throttled region is given up after this many CLI retries. */
const RETRIES_WITH_FALLBACK = '2'

export async function runWithFailover(options: FailoverOptions): Promise<Attempt[]> {
  const { settings, session } = options
  const regions: (string | undefined)[] = session.region ? [session.region, ...settings.fallbackRegions] : [undefined]
  const minutes = settings.cli.timeoutMinutes
  const deadline = minutes !== undefined ? Date.now() + minutes * 60_000 : undefined
  const cliSettings = mergeCliSettings(withUntrustedPaths(settings.cli.settings, settings.cli.untrustedPaths), session.cliSettings)
  const streamLog = new StreamLog(settings.cli.showFullOutput)
  const attempts: Attempt[] = []
  let resume: string | undefined

  for (const [index, region] of regions.entries()) {
    if (options.signal?.aborted && attempts.length > 0) break
    const hasFallback = index < regions.length - 1
    const env = { ...options.env, ...(region ? session.regionEnv(region) : {}) }
    if (hasFallback && options.env.CLAUDE_CODE_MAX_RETRIES === undefined) env.CLAUDE_CODE_MAX_RETRIES = RETRIES_WITH_FALLBACK
    if (regions.length > 1) log.info(`Attempt ${index + 1} of ${regions.length}: region ${region}${resume ? `, resuming session ${inert(resume)}` : ''}`)
    // A resumed session already holds the original prompt; only the short continuation is sent.
    const turn = resume ? { prompt: CONTINUE_PROMPT, resume } : { prompt: settings.cli.prompt }
    const outcome = await runClaude({
      executable: options.executable,
      args: buildArgv(settings, cliSettings, turn, options.tools),
      stdin: promptGoesOnStdin(turn.prompt) ? turn.prompt : undefined,
      env,
      cwd: settings.cli.workingDirectory,
      executionFile: options.executionFile,
      deadline,
      onEvent: event => streamLog.write(event),
      signal: options.signal,
      killNow: options.killNow
    })
    // A stream cut off without a result (crash, timeout, cancel) still shows its last turn.
    streamLog.end()
    attempts.push({ region, outcome })
    const result = outcome.progress.result
    resume = result?.session_id ?? outcome.progress.sessionId
    if (!hasFallback || outcome.timedOut || outcome.cancelled || !resume || !isCapacityError(result)) break
    log.warning(`Region ${region} is throttled or over quota (${firstLine(result?.result)}); continuing in ${regions[index + 1]}`)
  }
  return attempts
}

function firstLine(text: string | null | undefined): string {
  return (text ?? '').split('\n')[0].slice(0, 200)
}
