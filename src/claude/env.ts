// The environment Claude Code runs in: the workflow's own env (nothing dropped but the runner's
// tokens, the action's inputs and other providers' switches), the provider's variables, the model
// settings, and a config directory of its own inside the run's private directory.
import { log, platform } from '../platform/platform.js'
import path from 'node:path'
import { applyGatewayEnv, type GatewayAccess } from './gateway-env.js'
import { mergeResourceAttributes } from './otel.js'
import type { ProviderSession } from '../providers/provider.js'
import type { ProviderName, Settings } from '../settings/settings.js'

/**
 * Runner internals the agent must never see: the OIDC request token, the cache/artifact token, and
 * the file commands through which a prompt-injected `echo … >> $GITHUB_ENV` would reach later steps
 * or `>> $GITHUB_STEP_SUMMARY` would forge the job summary.
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
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY'
]

/** So CI sends no telemetry and never updates the pinned CLI under a running job. */
const QUIET = {
  DISABLE_AUTOUPDATER: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1'
}

/**
 * The CLI's provider switches (2.1.331 reads them in its own order, Bedrock first) with their
 * auth-skipping companions. Only the action's provider may be on: an earlier step's export-env
 * (CLAUDE_CODE_USE_BEDROCK=1 in GITHUB_ENV) must not move a `provider: anthropic` step to Bedrock.
 * The gateway switch routes Claude API traffic through ANTHROPIC_BASE_URL, so the Claude API keeps it.
 */
const PROVIDER_SWITCHES: { names: string[]; keptFor?: ProviderName }[] = [
  { names: ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_SKIP_BEDROCK_AUTH'], keptFor: 'bedrock' },
  { names: ['CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_SKIP_VERTEX_AUTH'], keptFor: 'vertex' },
  { names: ['CLAUDE_CODE_USE_GATEWAY'], keptFor: 'anthropic' },
  { names: ['CLAUDE_CODE_USE_FOUNDRY', 'CLAUDE_CODE_SKIP_FOUNDRY_AUTH'], keptFor: 'foundry' },
  { names: ['CLAUDE_CODE_USE_MANTLE', 'CLAUDE_CODE_SKIP_MANTLE_AUTH'] },
  { names: ['CLAUDE_CODE_USE_ANTHROPIC_AWS', 'CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH'] },
  { names: ['CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD', 'CLAUDE_CODE_SKIP_ANTHROPIC_GOOGLE_CLOUD_AUTH'] }
]

/** How the CLI reads a boolean switch: these values leave it off. */
const OFF = /^(|0|false|no|off)$/i

/** The deployment guide's values for Bedrock; elsewhere the CLI's own defaults stand. */
const BEDROCK_DEFAULTS = { CLAUDE_CODE_MAX_OUTPUT_TOKENS: '4096', MAX_THINKING_TOKENS: '1024' }

export interface ClaudeEnv {
  /** The CLI's whole environment. */
  env: NodeJS.ProcessEnv
  /** Non-secret Claude Code variables, for later steps (export-env). */
  settingsEnv: Record<string, string>
  /** Credential variables, for later steps only with export-credentials. */
  credentialEnv: Record<string, string>
  /** Other providers' switches that the job env turned on; the CLI does not get them, later steps get them blank. */
  removedSwitches: string[]
}

/** `tempDir` is the run's private directory, which the post step removes whole; `gateway` is set when the model gateway serves the provider. */
export function buildClaudeEnv(settings: Settings, session: ProviderSession, base: NodeJS.ProcessEnv, tempDir: string, gateway?: GatewayAccess): ClaudeEnv {
  const settingsEnv: Record<string, string> = { ...QUIET, ...session.env, ...modelEnv(settings, base) }
  const foreign = PROVIDER_SWITCHES.filter(s => s.keptFor !== settings.provider.name).flatMap(s => s.names)
  const env: NodeJS.ProcessEnv = {}
  const removedSwitches: string[] = []
  const jobCredentials = jobCredentialsIn(settings, base)
  for (const [name, value] of Object.entries(base)) {
    // INPUT_* holds the action's inputs (API keys, the GitHub token); STATE_* is the post step's.
    if (RUNNER_INTERNALS.includes(name) || name.startsWith('INPUT_') || name.startsWith('STATE_')) continue
    // The command's inputs (CLAUDE_CLOUD_<NAME>) are its INPUT_*; a CI variable holding the code host's
    // token (GITLAB_TOKEN) is for the action's note and review, never for the agent or its MCP servers.
    if (name.startsWith('CLAUDE_CLOUD_') || isCodeHostToken(settings, value) || isJobCredential(name, value, jobCredentials)) continue
    if (foreign.includes(name)) {
      if (!OFF.test(value ?? '')) removedSwitches.push(name)
      continue
    }
    env[name] = value
  }
  for (const name of removedSwitches) {
    log.warning(
      `The job env sets ${name} (an earlier step's export-env?), which would take Claude Code off provider ${settings.provider.name}; ` +
        `it is removed for Claude Code${settings.exportEnv ? ' and blanked for later steps' : ''}.`
    )
  }
  Object.assign(env, settingsEnv, session.credentialEnv, privateStateEnv(base, tempDir))
  if (session.gateway && gateway) applyGatewayEnv(env, settings.provider.name, session.gateway, gateway)
  // The job's OTEL_* pass through untouched (nothing above sets one); only the run's attributes are added.
  const attributes = mergeResourceAttributes(platform().runIdentity().attributes, base.OTEL_RESOURCE_ATTRIBUTES)
  if (attributes) env.OTEL_RESOURCE_ATTRIBUTES = attributes
  return { env, settingsEnv, credentialEnv: { ...(session.exportedCredentialEnv ?? session.credentialEnv) }, removedSwitches }
}

/** Off GitHub the token is a CI variable every process of the job sees; on GitHub it is an input (INPUT_*), and a workflow's own GH_TOKEN is left to it. */
function isCodeHostToken(settings: Settings, value: string | undefined): boolean {
  return platform().traits.codeHostTokenInJobEnv && !!settings.comment?.token && value === settings.comment.token
}

/**
 * Outside GitHub the job's OIDC token (id-token-env) and its own token (GitLab's CI_JOB_TOKEN) are CI
 * variables: with the first the agent could assume the role without the session policy, with the
 * second publish to the project's registries. Their names, and their values, which other variables
 * carry (CI_REPOSITORY_URL holds the job token in its userinfo).
 */
function jobCredentialsIn(settings: Settings, base: NodeJS.ProcessEnv): { names: string[]; values: string[] } {
  const names = [settings.idTokenVariable, platform().traits.jobTokenVariable].filter((name): name is string => !!name)
  // Short values would match by chance; a real token is far longer.
  const values = names.map(name => base[name]?.trim() ?? '').filter(value => value.length >= 8)
  return { names, values }
}

function isJobCredential(name: string, value: string | undefined, credentials: { names: string[]; values: string[] }): boolean {
  return credentials.names.includes(name) || (!!value && credentials.values.some(secret => value.includes(secret)))
}

/**
 * The CLI writes its config, the full unredacted transcript of every session and backups under
 * CLAUDE_CONFIG_DIR (else ~/.claude and ~/.claude.json), and probe directories under CLAUDE_CODE_TMPDIR
 * (else /tmp/claude-UID). Inside the run's private directory they go with the post step instead of
 * staying on a self-hosted runner. One directory for every failover attempt, so --resume finds the session.
 */
function privateStateEnv(base: NodeJS.ProcessEnv, tempDir: string): Record<string, string> {
  const env: Record<string, string> = {}
  if (base.CLAUDE_CONFIG_DIR) {
    log.info(`Claude Code keeps its config and session transcripts in the job's CLAUDE_CONFIG_DIR (${base.CLAUDE_CONFIG_DIR}); they stay there after the run`)
  } else {
    env.CLAUDE_CONFIG_DIR = path.join(tempDir, 'claude-config')
  }
  if (!base.CLAUDE_CODE_TMPDIR) env.CLAUDE_CODE_TMPDIR = path.join(tempDir, 'claude-tmp')
  return env
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
