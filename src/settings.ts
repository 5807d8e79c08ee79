// The typed settings every other module works from. Built once, from the inputs, by inputs.ts.

export type ProviderName = 'anthropic' | 'bedrock' | 'vertex'

export interface AnthropicSettings {
  name: 'anthropic'
  /** Undefined when the workflow's env already carries ANTHROPIC_API_KEY or another CLI login. */
  apiKey?: string
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

export type ProviderSettings = AnthropicSettings | BedrockSettings | VertexSettings

export interface ModelSettings {
  model?: string
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
  appendSystemPrompt?: string
  /** JSON text, already checked to be an object. */
  jsonSchema?: string
  /** Parsed --settings object; merged with what the action itself needs before it reaches the CLI. */
  settings?: Record<string, unknown>
  extraArgs: string[]
  version: string
  path?: string
  /** Where the installer keeps Claude Code; undefined: RUNNER_TOOL_CACHE, else ~/.cache/claude-cloud-action. */
  toolCache?: string
  workingDirectory: string
  timeoutMinutes?: number
}

export interface CommentSettings {
  enabled: boolean
  tag: string
  token: string
}

export interface Settings {
  provider: ProviderSettings
  /** Regions to continue in after throttling, in order; the first region is provider.region. */
  fallbackRegions: string[]
  models: ModelSettings
  cli: CliSettings
  exportEnv: boolean
  exportCredentials: boolean
  comment: CommentSettings
}
