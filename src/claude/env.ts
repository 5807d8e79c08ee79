// The environment Claude Code runs in: the workflow's own env (nothing dropped but the runner's
// tokens and the action's inputs), the provider's variables, and the model settings.
import type { ProviderSession } from '../providers/provider.js'
import type { Settings } from '../settings.js'

/**
 * Runner internals the agent must never see: the OIDC request token, the cache/artifact token, and
 * the file commands through which a prompt-injected `echo … >> $GITHUB_ENV` would reach later steps.
 */
const RUNNER_INTERNALS = [
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE'
]

/** So CI sends no telemetry and never updates the pinned CLI under a running job. */
const QUIET = {
  DISABLE_AUTOUPDATER: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1'
}

/** The deployment guide's values for Bedrock; elsewhere the CLI's own defaults stand. */
const BEDROCK_DEFAULTS = { CLAUDE_CODE_MAX_OUTPUT_TOKENS: '4096', MAX_THINKING_TOKENS: '1024' }

export interface ClaudeEnv {
  /** The CLI's whole environment. */
  env: NodeJS.ProcessEnv
  /** Non-secret Claude Code variables, for later steps (export-env). */
  settingsEnv: Record<string, string>
  /** Credential variables, for later steps only with export-credentials. */
  credentialEnv: Record<string, string>
}

export function buildClaudeEnv(settings: Settings, session: ProviderSession, base: NodeJS.ProcessEnv): ClaudeEnv {
  const settingsEnv: Record<string, string> = { ...QUIET, ...session.env, ...modelEnv(settings, base) }
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(base)) {
    // INPUT_* holds the action's inputs (API keys, the GitHub token); STATE_* is the post step's.
    if (RUNNER_INTERNALS.includes(name) || name.startsWith('INPUT_') || name.startsWith('STATE_')) continue
    env[name] = value
  }
  Object.assign(env, settingsEnv, session.credentialEnv)
  return { env, settingsEnv, credentialEnv: { ...(session.exportedCredentialEnv ?? session.credentialEnv) } }
}

/** An input wins over the workflow's env; the workflow's env wins over the action's defaults. */
function modelEnv(settings: Settings, base: NodeJS.ProcessEnv): Record<string, string> {
  const { models, provider } = settings
  const defaults: Record<string, string> = provider.name === 'bedrock' ? BEDROCK_DEFAULTS : {}
  const wanted: Record<string, string | number | undefined> = {
    ANTHROPIC_MODEL: models.model,
    ANTHROPIC_SMALL_FAST_MODEL: models.smallFastModel,
    // Newer CLIs read the Haiku slot instead of the small-fast one.
    ANTHROPIC_DEFAULT_HAIKU_MODEL: models.smallFastModel,
    ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION: models.smallFastModelRegion,
    CLAUDE_CODE_MAX_OUTPUT_TOKENS: models.maxOutputTokens,
    MAX_THINKING_TOKENS: models.maxThinkingTokens
  }
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(wanted)) {
    const chosen = value !== undefined ? String(value) : base[name] ? undefined : defaults[name]
    if (chosen !== undefined) env[name] = chosen
  }
  return env
}
