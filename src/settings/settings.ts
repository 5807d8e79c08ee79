// The typed settings every other module works from. Built once, from the inputs, by read-settings.ts;
// this file holds types only and imports nothing.

export type ProviderName = 'anthropic' | 'bedrock' | 'vertex' | 'foundry'

export interface AnthropicSettings {
  name: 'anthropic'
  /** Undefined when the workflow's env already carries ANTHROPIC_API_KEY or another CLI login. */
  apiKey?: string
  /** Keyless: Anthropic workload identity federation with the job's OIDC token; never with apiKey. */
  federation?: AnthropicFederation
}

export interface AnthropicFederation {
  ruleId: string
  organizationId: string
  serviceAccountId: string
  workspaceId?: string
  /** The OIDC token's `aud`, which the federation rule must expect. */
  audience: string
}

export type BedrockAuth =
  | {
      kind: 'role'
      roleArn: string
      sessionName: string
      durationSeconds: number
      audience: string
      /** Undefined: the SDK's own choice, which honours AWS_ENDPOINT_URL_STS. */
      stsEndpoint?: string
      /** Inline session policy (JSON text) sent with every AssumeRoleWithWebIdentity; undefined sends none. */
      sessionPolicy?: string
      /** The assumed role's account must be one of these; undefined checks nothing. */
      allowedAccountIds?: string[]
    }
  | { kind: 'api-key'; apiKey: string }
  | { kind: 'ambient' }

export interface BedrockSettings {
  name: 'bedrock'
  region: string
  auth: BedrockAuth
}

export type VertexAuth =
  | {
      kind: 'workload-identity'
      provider: string
      serviceAccount?: string
      audience: string
      stsEndpoint: string
      iamCredentialsEndpoint: string
    }
  | { kind: 'ambient' }

export interface VertexSettings {
  name: 'vertex'
  region: string
  projectId: string
  auth: VertexAuth
}

export type FoundryAuth =
  | {
      /** The job's OIDC token exchanged with Entra for an access token (client credentials with a client assertion). */
      kind: 'workload-identity'
      clientId: string
      tenantId: string
      audience: string
      /** https://login.microsoftonline.com, or AZURE_AUTHORITY_HOST (sovereign clouds). */
      authorityHost: string
    }
  | { kind: 'api-key'; apiKey: string }
  | { kind: 'ambient' }

export interface FoundrySettings {
  name: 'foundry'
  /** Exactly one of resource and baseUrl is set. */
  resource?: string
  baseUrl?: string
  auth: FoundryAuth
}

export type ProviderSettings = AnthropicSettings | BedrockSettings | VertexSettings | FoundrySettings

export interface ModelSettings {
  model?: string
  /** Models to continue the same session with after throttling or overload (Claude API, Foundry), in order. */
  fallbackModels?: string[]
  smallFastModel?: string
  smallFastModelRegion?: string
  maxOutputTokens?: number
  maxThinkingTokens?: number
}

export interface CliSettings {
  prompt: string
  maxTurns?: number
  maxBudgetUsd?: number
  allowedTools: string[]
  disallowedTools: string[]
  /** fail-on-permission-denials: a tool call nothing allowed fails the step. */
  failOnPermissionDenials?: boolean
  appendSystemPrompt?: string
  /** JSON text, already checked to be an object. */
  jsonSchema?: string
  /** Parsed --settings object; merged with what the action itself needs before it reaches the CLI. */
  settings?: Record<string, unknown>
  /** MCP servers from claude-args' --mcp-config, merged; the action adds its own to them (argv.ts). */
  mcpServers?: Record<string, unknown>
  extraArgs: string[]
  /** Directories Claude may read besides the working directory (`--add-dir`): the PR context's. */
  addDirs?: string[]
  version: string
  path?: string
  /** Where the installer keeps Claude Code; undefined: RUNNER_TOOL_CACHE, else ~/.cache/claude-cloud-action. */
  toolCache?: string
  workingDirectory: string
  timeoutMinutes?: number
  /** untrusted-paths, absolute: no CLAUDE.md, rules or skill from these folders reaches the model. */
  untrustedPaths?: string[]
  /** show-full-output: tool results and turn text in collapsed log groups, not only one line each. */
  showFullOutput?: boolean
  /** isolation: Claude Code's subprocess isolation (CLAUDE_CODE_SUBPROCESS_ENV_SCRUB); undefined is auto. */
  isolation?: IsolationMode
}

/** auto: on where it can be had (Linux), else one warning; required: fail where it cannot; off: never. */
export type IsolationMode = 'auto' | 'required' | 'off'

export interface CommentSettings {
  enabled: boolean
  tag: string
  token: string
  /** pull-request: the pull request this run is about, on any event (GitHub); undefined: the event's own. */
  pullRequest?: number
}

export interface TriggerSettings {
  /** Logins admitted without write access; `*` admits anyone. */
  allowedUsers: string[]
  /** Bot logins admitted (`renovate` or `renovate[bot]`); `*` admits every bot. */
  allowedBots: string[]
}

export interface ReviewSettings {
  /** Line comments through the action's review tool, posted as one PR review. */
  enabled: boolean
  /** Comments past this many go into the review body. */
  maxComments: number
  /** After an earlier review of the pull request, Claude gets the changes since its head as the diff to review. */
  incremental: boolean
  /** The check run (GitHub) or commit status (GitLab) that carries the verdict, and the key of the review record. */
  checkName: string
  /** Once the pull request's reviews have cost this much, later runs do not start Claude Code. */
  maxPrCostUsd?: number
}

export interface Settings {
  provider: ProviderSettings
  /** Regions to continue in after throttling, in order; the first region is provider.region. */
  fallbackRegions: string[]
  /** How the model gateway orders the regions per request: the home region first, or round-robin. */
  regionStrategy?: 'failover' | 'spread'
  models: ModelSettings
  cli: CliSettings
  exportEnv: boolean
  exportCredentials: boolean
  comment: CommentSettings
  /** Outside GitHub: the CI variable holding the job's OIDC token (id-token-env), which Claude Code never gets. */
  idTokenVariable?: string
  /** Who may start a run on comment and review events besides writers (allowed-users, allowed-bots). */
  trigger?: TriggerSettings
  review: ReviewSettings
}
