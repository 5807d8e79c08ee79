// Runs the CLI in the first region (or with the first model) and, when it throttles or is over quota,
// continues the same session (--resume) in the next region (or with the next model), so no work is
// repeated. Bedrock and Vertex move across regions; the Claude API and Foundry, whose limits are per
// model or deployment, across models.
import { inert, log } from '../platform/platform.js'
import { fixedApiKey, isKeyRefusal } from '../providers/api-key.js'
import type { ProviderSession } from '../providers/provider.js'
import type { Settings } from '../settings/settings.js'
import { buildArgv, CONTINUE_PROMPT, CONTINUE_WITH_MODEL_PROMPT, mergeCliSettings, promptGoesOnStdin, type ActionTools } from './argv.js'
import type { ExecutionFile } from './execution-file.js'
import { isCapacityError } from './result.js'
import { runClaude, type CliOutcome } from './run.js'
import { StreamLog } from './stream-log.js'
import { withFilesAboveExcluded, withUntrustedPaths } from './untrusted-paths.js'

/** Where one attempt runs: a region (Bedrock, Vertex), or a model (Claude API, Foundry); neither: as configured. */
export interface FailoverTarget {
  region?: string
  /** Set on model failover only; the first model is the `model` input (or the job's ANTHROPIC_MODEL, or the CLI's default). */
  model?: string
}

export interface Attempt extends FailoverTarget {
  outcome: CliOutcome
  /** The fixed API key was refused with this status, and the CLI stopped instead of retrying. */
  keyRefused?: 401 | 403
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
  /** Called as each attempt starts (the model gateway moves its home region). */
  onAttempt?: (target: FailoverTarget) => void
}

/** While another region remains, a throttled region is given up after this many CLI retries. */
const RETRIES_WITH_FALLBACK = '2'

/**
 * The attempts in order: the session's region and fallback-regions, or the first model and
 * fallback-models (a fallback equal to the job env's ANTHROPIC_MODEL is dropped); one attempt without either.
 */
export function failoverTargets(settings: Settings, session: ProviderSession, env: NodeJS.ProcessEnv): FailoverTarget[] {
  if (session.region) return [session.region, ...settings.fallbackRegions].map(region => ({ region }))
  const fallbacks = settings.models.fallbackModels ?? []
  if (fallbacks.length === 0) return [{}]
  const first = settings.models.model ?? (env.ANTHROPIC_MODEL || undefined)
  return [{ model: first }, ...fallbacks.filter(model => model !== first).map(model => ({ model }))]
}

/** How the log names a target. */
function describeTarget(target: FailoverTarget): string {
  if (target.region !== undefined) return `region ${target.region}`
  return `model ${target.model ?? "(Claude Code's default)"}`
}

export async function runWithFailover(options: FailoverOptions): Promise<Attempt[]> {
  const { settings, session } = options
  const targets = failoverTargets(settings, session, options.env)
  const byModel = targets.length > 1 && targets[0].region === undefined
  const minutes = settings.cli.timeoutMinutes
  const deadline = minutes !== undefined ? Date.now() + minutes * 60_000 : undefined
  const userSettings = withFilesAboveExcluded(
    withUntrustedPaths(settings.cli.settings, settings.cli.untrustedPaths),
    settings.cli.workingDirectory,
    options.env.HOME
  )
  const cliSettings = mergeCliSettings(userSettings, session.cliSettings)
  const streamLog = new StreamLog(settings.cli.showFullOutput)
  const key = fixedApiKey(settings.provider, options.env)
  const attempts: Attempt[] = []
  let resume: string | undefined

  for (const [index, target] of targets.entries()) {
    const { region, model } = target
    if (options.signal?.aborted && attempts.length > 0) break
    const hasFallback = index < targets.length - 1
    // A model attempt sets the model the way the model input does: ANTHROPIC_MODEL and --model.
    const env: NodeJS.ProcessEnv = { ...options.env, ...(region ? session.regionEnv(region) : {}), ...(model ? { ANTHROPIC_MODEL: model } : {}) }
    const attemptSettings = model ? { ...settings, models: { ...settings.models, model } } : settings
    if (hasFallback && options.env.CLAUDE_CODE_MAX_RETRIES === undefined) env.CLAUDE_CODE_MAX_RETRIES = RETRIES_WITH_FALLBACK
    if (targets.length > 1)
      log.info(`Attempt ${index + 1} of ${targets.length}: ${describeTarget(target)}${resume ? `, resuming session ${inert(resume)}` : ''}`)
    // A resumed session already holds the original prompt; only the short continuation is sent.
    const turn = resume ? { prompt: byModel ? CONTINUE_WITH_MODEL_PROMPT : CONTINUE_PROMPT, resume } : { prompt: settings.cli.prompt }
    options.onAttempt?.(target)
    // A fixed key the API refused stays refused: the CLI would retry it for minutes, so it is stopped at once.
    const giveUp = new AbortController()
    let keyRefused: 401 | 403 | undefined
    const outcome = await runClaude({
      executable: options.executable,
      args: buildArgv(attemptSettings, cliSettings, turn, options.tools),
      stdin: promptGoesOnStdin(turn.prompt) ? turn.prompt : undefined,
      env,
      cwd: settings.cli.workingDirectory,
      executionFile: options.executionFile,
      deadline,
      onEvent: event => {
        streamLog.write(event)
        const status = event.type === 'system' && event.subtype === 'api_retry' ? event.error_status : undefined
        if (key && !keyRefused && typeof status === 'number' && isKeyRefusal(status)) {
          keyRefused = status
          giveUp.abort()
        }
      },
      signal: options.signal,
      stop: giveUp.signal,
      killNow: options.killNow
    })
    // A stream cut off without a result (crash, timeout, cancel) still shows its last turn.
    streamLog.end()
    // A first attempt with Claude Code's default model is named by the model the CLI reported.
    const attempt: Attempt = byModel ? { model: model ?? outcome.progress.model, outcome } : { ...target, outcome }
    if (keyRefused) attempt.keyRefused = keyRefused
    attempts.push(attempt)
    const result = outcome.progress.result
    resume = result?.session_id ?? outcome.progress.sessionId
    if (!hasFallback || keyRefused || outcome.timedOut || outcome.cancelled || !resume || !isCapacityError(result)) break
    if (byModel) {
      log.warning(
        `Model ${attempt.model ?? "(Claude Code's default)"} is throttled or overloaded (${firstLine(result?.result)}); continuing with ${targets[index + 1].model}`
      )
    } else {
      log.warning(`Region ${region} is throttled or over quota (${firstLine(result?.result)}); continuing in ${targets[index + 1].region}`)
    }
  }
  return attempts
}

function firstLine(text: string | null | undefined): string {
  return (text ?? '').split('\n')[0].slice(0, 200)
}
