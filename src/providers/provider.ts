// The one interface every provider implements (types only); index.ts loads only the one in use.
import type { Upstream } from '../gateway/upstream.js'
import type { ProviderSettings, Settings } from '../settings/settings.js'

/**
 * How the model gateway serves a provider whose credentials the action holds: the CLI gets only
 * what cliEnv gives (the switch, skip-auth, the gateway as its base URL), never a credential.
 */
export interface GatewayPlan {
  /** Authorizes each call upstream with the credentials, kept fresh in this process. */
  upstream: Upstream
  /** Regions a call may go to, the home region first; one name for providers without regions. */
  regions: string[]
  /** Models that go to regions of their own (small-fast-model-region). */
  modelRegions?: Record<string, string[]>
  /** The CLI's variables for the gateway at `baseUrl`; undefined removes a variable. */
  cliEnv(baseUrl: string): Record<string, string | undefined>
}

export interface ProviderSession {
  /** How the summary and PR comment name the provider, when not by its name (e.g. keyless Claude API). */
  label?: string
  /** Region the first attempt runs in; undefined for the Claude API. */
  region?: string
  awsAccountId?: string
  /** Non-secret Claude Code variables (CLAUDE_CODE_USE_BEDROCK, AWS_REGION, ...). */
  env: Record<string, string>
  /** Variables that carry or point at credentials, for the CLI (none when the gateway serves it). */
  credentialEnv: Record<string, string>
  /** Set when the action holds the credentials: the CLI reaches the model through the gateway. */
  gateway?: GatewayPlan
  /** What export-credentials gives later steps, when it differs from credentialEnv. */
  exportedCredentialEnv?: Record<string, string>
  /** Settings the CLI needs merged into --settings. */
  cliSettings?: Record<string, unknown>
  /** Variables that move the CLI to another region, for failover. */
  regionEnv(region: string): Record<string, string>
  /** Keeps short-lived credentials fresh while the CLI runs; the returned function stops it. */
  keepFresh?(): () => Promise<void>
  /** Files holding credentials, removed when the main step ends unless they were exported. */
  credentialFiles: string[]
}

export interface ProviderContext<S extends ProviderSettings = ProviderSettings> {
  settings: Settings
  /** settings.provider, typed for the provider at hand. */
  provider: S
  /** Private per-run directory outside the workspace. */
  tempDir: string
  /** Epoch ms by which credentials must be in hand. */
  deadline: number
}

/** Credentials must be in hand well inside the OIDC token's five-minute life. */
const CREDENTIAL_DEADLINE_MS = 120_000

/**
 * When the credential phase must be over. CLAUDE_CLOUD_ACTION_CREDENTIAL_DEADLINE_MS can only shorten
 * it; it exists for the tests, which must see a hung endpoint give up in seconds.
 */
export function credentialDeadline(env: NodeJS.ProcessEnv = process.env): number {
  const shorter = Number(env.CLAUDE_CLOUD_ACTION_CREDENTIAL_DEADLINE_MS)
  return Date.now() + (shorter > 0 ? Math.min(shorter, CREDENTIAL_DEADLINE_MS) : CREDENTIAL_DEADLINE_MS)
}

/** Each provider module exports one; `S` is its own settings, so it needs no cast. */
export type PrepareProvider<S extends ProviderSettings = ProviderSettings> = (context: ProviderContext<S>) => Promise<ProviderSession>
