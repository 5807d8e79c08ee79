// Every action input becomes one typed, validated Settings object here; nothing else reads inputs.
// All problems are collected and reported together, before any network request.
import { platform } from './platform/platform.js'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { split as splitShellWords } from 'shlex'
import { RESERVED_FLAGS } from './claude/argv.js'
import * as rule from './input-rules.js'
import type {
  BedrockAuth,
  ProviderName,
  ProviderSettings,
  Settings,
  VertexAuth
} from './settings.js'

export const DEFAULT_CLAUDE_VERSION = '2.1.331'
/** Linux refuses a single argv string longer than MAX_ARG_STRLEN (128 KiB). */
const MAX_PROMPT_BYTES = 128 * 1024 - 1

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n${problems.join('\n')}`)
    this.name = 'InputError'
  }
}

/** Collects problems while inputs are read, so a user sees all of them in one run. */
class InputReader {
  readonly problems: string[] = []

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  text(name: string): string | undefined {
    const value = platform().input(name)
    return value === '' ? undefined : value
  }

  problem(name: string, message: string): undefined {
    this.problems.push(`Input '${name}': ${message}`)
    return undefined
  }

  integer(name: string, min: number, max?: number): number | undefined {
    const value = this.text(name)
    if (value === undefined) return undefined
    const parsed = rule.parseInteger(value, min, max)
    return typeof parsed === 'number'
      ? parsed
      : this.problem(name, `${parsed}; give a whole number${max ? ` from ${min} to ${max}` : ` of at least ${min}`}.`)
  }

  positiveNumber(name: string): number | undefined {
    const value = this.text(name)
    if (value === undefined) return undefined
    const parsed = rule.parsePositiveNumber(value)
    return typeof parsed === 'number' ? parsed : this.problem(name, `${parsed}; give a number above 0, e.g. 2.50.`)
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)
    if (value === undefined) return fallback
    const parsed = rule.parseBoolean(value)
    if (typeof parsed === 'boolean') return parsed
    this.problem(name, `${parsed}; use true or false.`)
    return fallback
  }

  matching(name: string, pattern: RegExp, example: string): string | undefined {
    const value = this.text(name)
    if (value === undefined || pattern.test(value)) return value
    return this.problem(name, `'${value}' is not valid; expected the form ${example}.`)
  }

  url(name: string, fallback: string): string
  url(name: string): string | undefined
  url(name: string, fallback?: string): string | undefined {
    const value = this.text(name)
    if (value === undefined) return fallback
    return rule.parseHttpUrl(value) ?? this.problem(name, `'${value}' is not an http(s) URL, e.g. https://sts.us-east-1.amazonaws.com.`) ?? fallback
  }

  /** Inputs that only make sense for one provider are an error elsewhere, not silently ignored. */
  onlyFor(provider: ProviderName, actual: ProviderName, names: string[]): void {
    if (provider === actual) return
    for (const name of names) {
      if (this.text(name) !== undefined) {
        this.problem(name, `only applies to provider '${provider}', but provider is '${actual}'; remove it or set provider: ${provider}.`)
      }
    }
  }

  workspace(): string {
    return this.env.GITHUB_WORKSPACE || process.cwd()
  }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const inputs = new InputReader(env)
  const providerName = readProviderName(inputs)
  const provider = readProvider(inputs, providerName, env)
  const settings: Settings = {
    provider,
    fallbackRegions: readFallbackRegions(inputs, provider),
    models: {
      model: inputs.text('model'),
      smallFastModel: inputs.text('small-fast-model'),
      smallFastModelRegion: inputs.matching('small-fast-model-region', rule.AWS_REGION, 'us-west-2'),
      maxOutputTokens: inputs.integer('max-output-tokens', 1),
      maxThinkingTokens: inputs.integer('max-thinking-tokens', 0)
    },
    cli: {
      prompt: readPrompt(inputs) ?? '',
      maxTurns: inputs.integer('max-turns', 1),
      maxBudgetUsd: inputs.positiveNumber('max-budget-usd'),
      allowedTools: rule.splitToolList(inputs.text('allowed-tools') ?? ''),
      disallowedTools: rule.splitToolList(inputs.text('disallowed-tools') ?? ''),
      appendSystemPrompt: inputs.text('append-system-prompt'),
      jsonSchema: readJsonSchema(inputs),
      settings: readCliSettings(inputs),
      extraArgs: readClaudeArgs(inputs),
      version: readClaudeVersion(inputs),
      path: readClaudePath(inputs),
      toolCache: readToolCache(inputs),
      workingDirectory: readWorkingDirectory(inputs),
      timeoutMinutes: inputs.positiveNumber('timeout-minutes')
    },
    exportEnv: inputs.boolean('export-env', true),
    exportCredentials: inputs.boolean('export-credentials', false),
    comment: {
      enabled: inputs.boolean('comment-on-pr', false),
      tag: inputs.matching('comment-tag', rule.COMMENT_TAG, 'security-review (letters, digits, . _ -)') ?? '',
      token: readCommentToken(inputs, env)
    }
  }
  const onGitLab = platform().name === 'gitlab'
  if (settings.comment.enabled && !settings.comment.token && onGitLab) {
    inputs.problem('gitlab-token', 'comment-on-pr needs a GitLab token with api scope; set the masked CI/CD variable GITLAB_TOKEN (CI_JOB_TOKEN cannot write notes).')
  } else if (settings.comment.enabled && !settings.comment.token && platform().name === 'github-actions') {
    inputs.problem('github-token', 'comment-on-pr needs a token; pass github-token: ${{ github.token }}.')
  }
  readIdTokenSource(inputs, provider, env)
  readOutputDir(inputs)
  if (inputs.problems.length > 0) throw new InputError(inputs.problems)
  return settings
}

/** GitHub's token writes PR comments; on GitLab the note needs a token of its own. */
function readCommentToken(inputs: InputReader, env: NodeJS.ProcessEnv): string {
  if (platform().name === 'gitlab') return inputs.text('gitlab-token') ?? env.GITLAB_TOKEN ?? ''
  return inputs.text('github-token') ?? env.GITHUB_TOKEN ?? ''
}

/**
 * Outside GitHub the CI hands the job its OIDC token (the platform reads it from these inputs): a
 * keyless provider needs one of them, and each must hold a token by the time the job starts.
 */
function readIdTokenSource(inputs: InputReader, provider: ProviderSettings, env: NodeJS.ProcessEnv): void {
  const variable = inputs.text('id-token-env')
  const file = inputs.text('id-token-file')
  const given = variable !== undefined ? 'id-token-env' : file !== undefined ? 'id-token-file' : undefined
  if (platform().name === 'github-actions') {
    if (given) inputs.problem(given, 'is for the command outside GitHub Actions; on GitHub the action requests the job\'s OIDC token itself, so remove it.')
    return
  }
  const keyless = (provider.name === 'bedrock' && provider.auth.kind === 'role') || (provider.name === 'vertex' && provider.auth.kind === 'workload-identity')
  if (variable !== undefined && file !== undefined) {
    inputs.problem('id-token-file', 'give either id-token-env or id-token-file, not both.')
  } else if (!keyless && given) {
    inputs.problem(given, 'is used with role-to-assume (Bedrock) or workload-identity-provider (Vertex) only; add one or remove it.')
  } else if (keyless && !given) {
    inputs.problem('id-token-env', "this provider exchanges the job's OIDC token; name the variable that holds it (GitLab: an id_tokens: entry), or give id-token-file.")
  } else if (variable !== undefined && !env[variable]?.trim()) {
    inputs.problem('id-token-env', `the variable ${variable} is not set or empty; declare it under id_tokens: in the job (GitLab) or export the JWT in it.`)
  } else if (file !== undefined) {
    const fullPath = path.resolve(file)
    if (!existsSync(fullPath) || !statSync(fullPath).isFile()) inputs.problem('id-token-file', `no file at ${fullPath}; write the job's OIDC token (JWT) there first.`)
  }
}

/** Outside GitHub Actions the outputs are files; the directory is made when the first is written. */
function readOutputDir(inputs: InputReader): void {
  const value = inputs.text('output-dir')
  if (platform().name === 'github-actions' || value === undefined) return
  const fullPath = path.resolve(value)
  if (existsSync(fullPath) && !statSync(fullPath).isDirectory()) inputs.problem('output-dir', `${fullPath} is a file; give a directory (it is created when missing).`)
}

function readToolCache(inputs: InputReader): string | undefined {
  const value = inputs.text('tool-cache')
  if (value === undefined) return undefined
  const fullPath = path.resolve(inputs.workspace(), value)
  if (existsSync(fullPath) && !statSync(fullPath).isDirectory()) {
    return inputs.problem('tool-cache', `${fullPath} is a file; give a directory for the Claude Code install (it is created when missing).`)
  }
  return fullPath
}

function readProviderName(inputs: InputReader): ProviderName {
  const value = (inputs.text('provider') ?? 'anthropic').toLowerCase()
  if (value === 'anthropic' || value === 'bedrock' || value === 'vertex') return value
  inputs.problem('provider', `'${value}' is not a provider; use anthropic, bedrock or vertex.`)
  return 'anthropic'
}

function readProvider(inputs: InputReader, name: ProviderName, env: NodeJS.ProcessEnv): ProviderSettings {
  inputs.onlyFor('anthropic', name, ['anthropic-api-key'])
  inputs.onlyFor('bedrock', name, ['role-to-assume', 'bedrock-api-key', 'small-fast-model-region'])
  inputs.onlyFor('vertex', name, ['workload-identity-provider', 'service-account', 'project-id', 'iam-credentials-endpoint'])
  if (name === 'anthropic' && inputs.text('region') !== undefined) {
    inputs.problem('region', "the Claude API has no regions; remove it, or set provider: bedrock or vertex.")
  }
  for (const shared of name === 'anthropic' ? ['audience', 'sts-endpoint'] : []) {
    if (inputs.text(shared) !== undefined) {
      inputs.problem(shared, "only applies to providers 'bedrock' and 'vertex', but provider is 'anthropic'; remove it or set provider: bedrock or vertex.")
    }
  }
  switch (name) {
    case 'anthropic':
      return readAnthropic(inputs, env)
    case 'bedrock':
      return readBedrock(inputs, env)
    case 'vertex':
      return readVertex(inputs, env)
  }
}

function readAnthropic(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const apiKey = inputs.text('anthropic-api-key')
  const loggedIn = env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN || env.CLAUDE_CODE_OAUTH_TOKEN
  if (!apiKey && !loggedIn) {
    inputs.problem('anthropic-api-key', 'required for provider anthropic; add anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}.')
  }
  return { name: 'anthropic', apiKey }
}

function readBedrock(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const region = readAwsRegion(inputs, env)
  const roleArn = inputs.matching('role-to-assume', rule.ROLE_ARN, 'arn:aws:iam::123456789012:role/claude-code')
  const apiKey = inputs.text('bedrock-api-key')
  const sessionName = inputs.matching('role-session-name', rule.ROLE_SESSION_NAME, 'claude-code-action (2-64 of letters, digits, _+=,.@-)')
  const durationSeconds = inputs.integer('role-duration-seconds', 900, 43200)
  const stsEndpoint = inputs.url('sts-endpoint')
  if (roleArn && apiKey) inputs.problem('bedrock-api-key', 'give either role-to-assume or bedrock-api-key, not both.')
  // Without a role nothing is exchanged: a Bedrock API key and the ambient chain would ignore these.
  for (const name of inputs.text('role-to-assume') !== undefined ? [] : ['audience', 'sts-endpoint']) {
    if (inputs.text(name) !== undefined) inputs.problem(name, `is used with role-to-assume only; add role-to-assume or remove ${name}.`)
  }
  let auth: BedrockAuth = { kind: 'ambient' }
  if (roleArn) {
    auth = {
      kind: 'role',
      roleArn,
      sessionName: sessionName ?? 'claude-code-action',
      durationSeconds: durationSeconds ?? 3600,
      audience: inputs.text('audience') ?? 'sts.amazonaws.com',
      stsEndpoint
    }
  } else if (apiKey) {
    auth = { kind: 'api-key', apiKey }
  }
  return { name: 'bedrock', region, auth }
}

/** The input wins; otherwise the job's AWS_REGION or AWS_DEFAULT_REGION, as the AWS CLI does. */
function readAwsRegion(inputs: InputReader, env: NodeJS.ProcessEnv): string {
  if (inputs.text('region') !== undefined) return inputs.matching('region', rule.AWS_REGION, 'us-east-1') ?? ''
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION
  if (!fromEnv) {
    inputs.problem('region', 'Bedrock needs an AWS region; set region: us-east-1, or AWS_REGION in the job env.')
  } else if (!rule.AWS_REGION.test(fromEnv)) {
    inputs.problem('region', `'${fromEnv}' (from AWS_REGION) is not an AWS region; set region: us-east-1.`)
  }
  return fromEnv ?? ''
}

const WIF_PROVIDER_FORM = 'projects/123456789/locations/global/workloadIdentityPools/POOL/providers/PROVIDER'

function readVertex(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const region = readGcpRegion(inputs, env)
  const providerText = inputs.text('workload-identity-provider')
  let provider = providerText
  if (providerText !== undefined && !rule.WIF_PROVIDER.test(providerText)) {
    const slip = rule.wifProviderProblem(providerText)
    provider = inputs.problem('workload-identity-provider', `'${providerText}' is not valid; ${slip ? `${slip}. Expected` : 'expected'} the form ${WIF_PROVIDER_FORM}.`)
  }
  const serviceAccountText = inputs.text('service-account')
  let serviceAccount: string | undefined
  if (serviceAccountText !== undefined) {
    serviceAccount = rule.GCP_SERVICE_ACCOUNT.test(serviceAccountText)
      ? serviceAccountText
      : inputs.problem('service-account', `'${serviceAccountText}' is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com.`)
  }
  const projectId = readGcpProject(inputs, serviceAccount, env)
  let auth: VertexAuth = { kind: 'ambient' }
  if (provider) {
    auth = {
      kind: 'workload-identity',
      provider,
      serviceAccount,
      audience: inputs.text('audience') ?? `https://iam.googleapis.com/${provider}`,
      stsEndpoint: inputs.url('sts-endpoint', 'https://sts.googleapis.com'),
      iamCredentialsEndpoint: inputs.url('iam-credentials-endpoint', 'https://iamcredentials.googleapis.com')
    }
  } else if (providerText === undefined) {
    // Without a provider the job's own Google credentials are used; these inputs would do nothing.
    for (const name of ['service-account', 'audience', 'sts-endpoint', 'iam-credentials-endpoint']) {
      if (inputs.text(name) !== undefined) {
        inputs.problem(name, `is used with Workload Identity Federation only; add workload-identity-provider: ${WIF_PROVIDER_FORM}, or remove ${name}.`)
      }
    }
  }
  return { name: 'vertex', region, projectId, auth }
}

/** The input wins; otherwise the job's CLOUD_ML_REGION, which Claude Code itself reads; otherwise global. */
function readGcpRegion(inputs: InputReader, env: NodeJS.ProcessEnv): string {
  if (inputs.text('region') !== undefined) return inputs.matching('region', rule.GCP_REGION, 'global, us-east5 or europe-west1') ?? 'global'
  const fromEnv = env.CLOUD_ML_REGION
  if (!fromEnv) return 'global'
  if (!rule.GCP_REGION.test(fromEnv)) {
    inputs.problem('region', `'${fromEnv}' (from CLOUD_ML_REGION) is not a Google Cloud region; set region: global or us-east5.`)
  }
  return fromEnv
}

/** The input wins; then the project of service-account; then the job's ANTHROPIC_VERTEX_PROJECT_ID. */
function readGcpProject(inputs: InputReader, serviceAccount: string | undefined, env: NodeJS.ProcessEnv): string {
  if (inputs.text('project-id') !== undefined) {
    return inputs.matching('project-id', rule.PROJECT_ID, 'my-project-123 (6-30 of a-z, 0-9, -, starting with a letter)') ?? ''
  }
  const fromAccount = serviceAccount?.match(rule.SERVICE_ACCOUNT)?.[1]
  if (fromAccount) return fromAccount
  const fromEnv = env.ANTHROPIC_VERTEX_PROJECT_ID
  if (!fromEnv && serviceAccount) {
    inputs.problem('project-id', `${serviceAccount} does not name its project; set project-id: my-project.`)
  } else if (!fromEnv) {
    inputs.problem('project-id', 'Vertex needs the Google Cloud project; set project-id: my-project, or a service-account in that project.')
  } else if (!rule.PROJECT_ID.test(fromEnv)) {
    inputs.problem('project-id', `'${fromEnv}' (from ANTHROPIC_VERTEX_PROJECT_ID) is not a project id; set project-id: my-project.`)
  }
  return fromEnv ?? ''
}

function readFallbackRegions(inputs: InputReader, provider: ProviderSettings): string[] {
  const value = inputs.text('fallback-regions')
  if (value === undefined) return []
  if (provider.name === 'anthropic') {
    inputs.problem('fallback-regions', 'the Claude API has no regions; use it with provider bedrock or vertex.')
    return []
  }
  const pattern = provider.name === 'bedrock' ? rule.AWS_REGION : rule.GCP_REGION
  const regions = value.split(/[,\s]+/).filter(r => r.length > 0)
  for (const region of regions) {
    if (!pattern.test(region)) {
      inputs.problem('fallback-regions', `'${region}' is not a ${provider.name === 'bedrock' ? 'AWS' : 'Google Cloud'} region; give a comma list such as ${provider.name === 'bedrock' ? 'us-west-2,eu-west-1' : 'us-east5,europe-west1'}.`)
    }
  }
  return [...new Set(regions)].filter(r => r !== provider.region)
}

function readPrompt(inputs: InputReader): string | undefined {
  const prompt = inputs.text('prompt')
  const file = inputs.text('prompt-file')
  if (prompt !== undefined && file !== undefined) {
    return inputs.problem('prompt', 'give either prompt or prompt-file, not both.')
  }
  if (prompt === undefined && file === undefined) {
    return inputs.problem('prompt', 'the task is missing; set prompt: "..." or prompt-file: path/to/task.md.')
  }
  let text = prompt
  if (file !== undefined) {
    const fullPath = path.resolve(inputs.workspace(), file)
    if (!existsSync(fullPath) || !statSync(fullPath).isFile()) {
      return inputs.problem('prompt-file', `no file at ${fullPath}; the path is relative to the workspace, is it checked out?`)
    }
    text = readFileSync(fullPath, 'utf8')
    if (text.trim() === '') return inputs.problem('prompt-file', `${fullPath} is empty; write the task into it.`)
  }
  if (text !== undefined && Buffer.byteLength(text) > MAX_PROMPT_BYTES) {
    return inputs.problem(file ? 'prompt-file' : 'prompt', 'is longer than 128 KiB, the most one argument can carry; put the bulk in a file and ask Claude to read it.')
  }
  return text
}

function readJsonSchema(inputs: InputReader): string | undefined {
  const value = inputs.text('json-schema')
  if (value === undefined) return undefined
  const parsed = rule.parseJsonObject(value)
  return typeof parsed === 'string' ? inputs.problem('json-schema', `${parsed}; give a JSON Schema object, e.g. {"type":"object"}.`) : value
}

function readCliSettings(inputs: InputReader): Record<string, unknown> | undefined {
  const value = inputs.text('settings')
  if (value === undefined) return undefined
  let text = value
  if (!value.trimStart().startsWith('{')) {
    const fullPath = path.resolve(inputs.workspace(), value)
    if (!existsSync(fullPath) || !statSync(fullPath).isFile()) {
      return inputs.problem('settings', `is neither a JSON object nor a file (no file at ${fullPath}); give {"key": ...} or a path to a JSON file.`)
    }
    text = readFileSync(fullPath, 'utf8')
  }
  const parsed = rule.parseJsonObject(text)
  return typeof parsed === 'string' ? inputs.problem('settings', `${parsed}; give a JSON object or a path to a JSON file.`) : parsed
}

function readClaudeArgs(inputs: InputReader): string[] {
  const value = inputs.text('claude-args')
  if (value === undefined) return []
  try {
    const args = splitShellWords(value)
    const reserved = args.find(arg => RESERVED_FLAGS.includes(arg.split('=')[0]))
    if (reserved) inputs.problem('claude-args', `${reserved} is set by the action itself (it streams JSON and resumes sessions on failover); remove it.`)
    return args
  } catch (error) {
    inputs.problem('claude-args', `cannot be split into words (${(error as Error).message}); close every quote, e.g. --add-dir "docs dir".`)
    return []
  }
}

function readClaudeVersion(inputs: InputReader): string {
  const value = inputs.text('claude-version') ?? DEFAULT_CLAUDE_VERSION
  if (rule.EXACT_VERSION.test(value) || rule.DIST_TAGS.includes(value)) return value
  inputs.problem('claude-version', `'${value}' is not an exact version; use one like ${DEFAULT_CLAUDE_VERSION}, or latest. Ranges are refused because npm may pick an old release for them.`)
  return DEFAULT_CLAUDE_VERSION
}

function readClaudePath(inputs: InputReader): string | undefined {
  const value = inputs.text('claude-path')
  if (value === undefined) return undefined
  const fullPath = path.resolve(inputs.workspace(), value)
  if (!existsSync(fullPath) || !statSync(fullPath).isFile()) {
    return inputs.problem('claude-path', `no executable at ${fullPath}; remove claude-path to let the action install Claude Code.`)
  }
  return fullPath
}

function readWorkingDirectory(inputs: InputReader): string {
  const value = inputs.text('working-directory')
  const fullPath = path.resolve(inputs.workspace(), value ?? '.')
  if (!existsSync(fullPath) || !statSync(fullPath).isDirectory()) {
    inputs.problem('working-directory', `no directory at ${fullPath}; give a path relative to the workspace.`)
  }
  return fullPath
}
