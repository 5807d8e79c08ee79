// Every action input becomes one typed, validated Settings object here; nothing else reads inputs.
// All problems are collected and reported together, before any network request.
import { platform } from './platform/platform.js'
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { split as splitShellWords } from 'shlex'
import { RESERVED_FLAGS, takeMergedFlags, type ClaudeArgs } from './claude/argv.js'
import { BEDROCK_SESSION_POLICY } from './providers/session-policy.js'
import * as rule from './input-rules.js'
import type {
  AnthropicFederation,
  BedrockAuth,
  FoundryAuth,
  ProviderName,
  ProviderSettings,
  Settings,
  VertexAuth
} from './settings.js'

export const DEFAULT_CLAUDE_VERSION = '2.1.331'
export const DEFAULT_MAX_REVIEW_COMMENTS = 25
/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one fires at once. */
const MAX_TIMEOUT_MINUTES = Math.floor((2 ** 31 - 1) / 60_000)

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

  /**
   * The regular file an input names, relative to `base` (default the workspace), or undefined with the
   * problem noted. A path inside the workspace must still be inside it once symlinks are resolved: a
   * committed symlink must not read ~/.aws/credentials. A path outside it (RUNNER_TEMP) is the workflow's own.
   */
  file(name: string, value: string, missing: (fullPath: string) => string, base = this.workspace()): string | undefined {
    if (value.includes('\0')) return this.problem(name, 'holds a NUL byte; give a plain path.')
    const fullPath = path.resolve(base, value)
    if (!existsSync(fullPath) || !statSync(fullPath).isFile()) return this.problem(name, missing(fullPath))
    const workspace = path.resolve(this.workspace())
    if (isInside(fullPath, workspace) && !isInside(realpathSync(fullPath), realpathSync(workspace))) {
      return this.problem(name, `${fullPath} resolves to a file outside the workspace (a symlink?); name a file in the repository, or give a path outside the workspace such as $RUNNER_TEMP/….`)
    }
    return fullPath
  }

  /** A file's text; NUL bytes (a binary file, /proc/self/environ) are a problem, and the text is never quoted. */
  fileText(name: string, fullPath: string): string | undefined {
    const text = readFileSync(fullPath, 'utf8')
    return text.includes('\0') ? this.problem(name, `${fullPath} holds NUL bytes; is it a text file?`) : text
  }

  /**
   * A JSON object given inline or as a file (resolved against `base`). A file that does not parse is
   * named, never quoted: JSON.parse's message shows the start of the text, which may be a secret.
   */
  jsonObjectOrFile(name: string, value: string, example: string, base?: string): Record<string, unknown> | undefined {
    if (value.trimStart().startsWith('{')) {
      const parsed = rule.parseJsonObject(value)
      return typeof parsed === 'string' ? this.problem(name, `${parsed}; ${example}.`) : parsed
    }
    const fullPath = this.file(name, value, fullPath => `is neither a JSON object nor a file (no file at ${fullPath}); ${example}.`, base)
    const text = fullPath === undefined ? undefined : this.fileText(name, fullPath)
    if (fullPath === undefined || text === undefined) return undefined
    const parsed = rule.parseJsonObject(text)
    if (typeof parsed !== 'string') return parsed
    return this.problem(name, `${fullPath} ${parsed.startsWith('it is JSON') ? 'holds JSON that is not an object' : 'is not valid JSON'}; ${example}.`)
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const inputs = new InputReader(env)
  const claudeArgs = readClaudeArgs(inputs)
  const workingDirectory = readWorkingDirectory(inputs)
  const providerName = readProviderName(inputs)
  const provider = readProvider(inputs, providerName, env)
  const settings: Settings = {
    provider,
    fallbackRegions: readFallbackRegions(inputs, provider),
    models: {
      model: inputs.text('model'),
      fallbackModels: readFallbackModels(inputs, provider, claudeArgs),
      smallFastModel: inputs.text('small-fast-model'),
      smallFastModelRegion: inputs.matching('small-fast-model-region', rule.AWS_REGION, 'us-west-2'),
      maxOutputTokens: inputs.integer('max-output-tokens', 1),
      maxThinkingTokens: inputs.integer('max-thinking-tokens', 0)
    },
    cli: {
      prompt: readPrompt(inputs) ?? '',
      maxTurns: inputs.integer('max-turns', 1),
      maxBudgetUsd: inputs.positiveNumber('max-budget-usd'),
      allowedTools: readToolList(inputs, 'allowed-tools'),
      disallowedTools: readToolList(inputs, 'disallowed-tools'),
      appendSystemPrompt: inputs.text('append-system-prompt'),
      jsonSchema: readJsonSchema(inputs),
      settings: readCliSettings(inputs, claudeArgs, workingDirectory),
      mcpServers: readMcpServers(inputs, claudeArgs, workingDirectory),
      extraArgs: claudeArgs.passed,
      version: readClaudeVersion(inputs),
      path: readClaudePath(inputs),
      toolCache: readToolCache(inputs),
      workingDirectory,
      timeoutMinutes: readTimeoutMinutes(inputs),
      showFullOutput: inputs.boolean('show-full-output', false),
      untrustedPaths: readUntrustedPaths(inputs)
    },
    exportEnv: inputs.boolean('export-env', true),
    exportCredentials: inputs.boolean('export-credentials', false),
    comment: {
      enabled: inputs.boolean('comment-on-pr', false),
      tag: inputs.matching('comment-tag', rule.COMMENT_TAG, 'security-review (letters, digits, . _ -)') ?? '',
      token: readCommentToken(inputs, env)
    },
    trigger: { allowedUsers: readLogins(inputs, 'allowed-users'), allowedBots: readLogins(inputs, 'allowed-bots') },
    review: {
      enabled: inputs.boolean('review-comments', false),
      maxComments: inputs.integer('max-review-comments', 0, 1000) ?? DEFAULT_MAX_REVIEW_COMMENTS
    }
  }
  checkDataResidency(inputs, settings)
  const onGitLab = platform().name === 'gitlab'
  if (settings.comment.enabled && !settings.comment.token && onGitLab) {
    inputs.problem('gitlab-token', 'comment-on-pr needs a GitLab token with api scope; set the masked CI/CD variable GITLAB_TOKEN (CI_JOB_TOKEN cannot write notes).')
  } else if (settings.comment.enabled && !settings.comment.token && platform().name === 'github-actions') {
    inputs.problem('github-token', 'comment-on-pr needs a token; pass github-token: ${{ github.token }}.')
  }
  if (settings.review.enabled && !settings.comment.token && platform().name === 'github-actions') {
    inputs.problem('github-token', 'review-comments needs a token; pass github-token: ${{ github.token }}.')
  } else if (settings.review.enabled && !settings.comment.token && onGitLab && !settings.comment.enabled) {
    inputs.problem('gitlab-token', 'review-comments needs a GitLab token with api scope; set the masked CI/CD variable GITLAB_TOKEN (CI_JOB_TOKEN cannot write draft notes).')
  }
  readIdTokenSource(inputs, provider, env)
  readOutputDir(inputs)
  if (inputs.problems.length > 0) throw new InputError(inputs.problems)
  return settings
}

/** Folders relative to the workspace (or absolute), comma or newline separated; they need not exist yet. */
function readUntrustedPaths(inputs: InputReader): string[] {
  const workspace = inputs.workspace()
  return rule.splitToolList(inputs.text('untrusted-paths') ?? '').map(dir => path.resolve(workspace, dir))
}

/** A comma or newline separated list of GitHub logins (a bot's with or without `[bot]`), or `*`. */
function readLogins(inputs: InputReader, name: string): string[] {
  const logins = rule.splitToolList(inputs.text(name) ?? '')
  const bad = logins.filter(login => login !== '*' && !rule.GITHUB_LOGIN.test(login))
  if (bad.length > 0) inputs.problem(name, `'${bad[0]}' is not a GitHub login; give logins like octocat or renovate[bot], comma separated, or *.`)
  return logins
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
  const keyless =
    (provider.name === 'bedrock' && provider.auth.kind === 'role') ||
    (provider.name === 'vertex' && provider.auth.kind === 'workload-identity') ||
    (provider.name === 'foundry' && provider.auth.kind === 'workload-identity') ||
    (provider.name === 'anthropic' && provider.federation !== undefined)
  if (variable !== undefined && file !== undefined) {
    inputs.problem('id-token-file', 'give either id-token-env or id-token-file, not both.')
  } else if (!keyless && given) {
    inputs.problem(given, 'is used with role-to-assume (Bedrock), workload-identity-provider (Vertex), azure-client-id (Foundry) or the anthropic-federation-* inputs only; add one or remove it.')
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
  if (value === 'anthropic' || value === 'bedrock' || value === 'vertex' || value === 'foundry') return value
  inputs.problem('provider', `'${value}' is not a provider; use anthropic, bedrock, vertex or foundry.`)
  return 'anthropic'
}

function readProvider(inputs: InputReader, name: ProviderName, env: NodeJS.ProcessEnv): ProviderSettings {
  inputs.onlyFor('anthropic', name, ['anthropic-api-key', ...FEDERATION_INPUTS])
  inputs.onlyFor('bedrock', name, ['role-to-assume', 'bedrock-api-key', 'small-fast-model-region', 'session-policy', 'allowed-account-ids'])
  inputs.onlyFor('vertex', name, ['workload-identity-provider', 'service-account', 'project-id', 'iam-credentials-endpoint'])
  inputs.onlyFor('foundry', name, FOUNDRY_INPUTS)
  if (name === 'anthropic' && inputs.text('region') !== undefined) {
    inputs.problem('region', "the Claude API has no regions; remove it, or set provider: bedrock or vertex.")
  }
  // audience serves the Claude API's keyless mode too; readAnthropic judges it.
  for (const shared of name === 'anthropic' ? ['sts-endpoint'] : []) {
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
    case 'foundry':
      return readFoundry(inputs, env)
  }
}

const FEDERATION_INPUTS = ['anthropic-federation-rule-id', 'anthropic-organization-id', 'anthropic-service-account-id', 'anthropic-workspace-id']
const ANTHROPIC_AUDIENCE = 'https://api.anthropic.com'

function readAnthropic(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  const apiKey = inputs.text('anthropic-api-key')
  if (FEDERATION_INPUTS.some(name => inputs.text(name) !== undefined)) {
    if (apiKey) inputs.problem('anthropic-api-key', 'give either anthropic-api-key or the workload identity inputs (anthropic-federation-rule-id, ...), not both; keyless needs no key.')
    return { name: 'anthropic', federation: readAnthropicFederation(inputs) }
  }
  if (inputs.text('audience') !== undefined) {
    inputs.problem('audience', "with provider 'anthropic' it is used with anthropic-federation-rule-id only (keyless); remove it, add the workload identity inputs, or set provider: bedrock or vertex.")
  }
  const loggedIn = env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN || env.CLAUDE_CODE_OAUTH_TOKEN
  if (!apiKey && !loggedIn) {
    inputs.problem('anthropic-api-key', 'required for provider anthropic; add anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}.')
  }
  return { name: 'anthropic', apiKey }
}

/** Keyless: the rule, organization and service account say who the job's OIDC token becomes. */
function readAnthropicFederation(inputs: InputReader): AnthropicFederation | undefined {
  const required = (name: string, pattern: RegExp, example: string): string | undefined => {
    if (inputs.text(name) === undefined) return inputs.problem(name, `workload identity federation needs it too; copy it from the Console, e.g. ${example}.`)
    return inputs.matching(name, pattern, example)
  }
  const ruleId = required('anthropic-federation-rule-id', rule.ANTHROPIC_FEDERATION_RULE_ID, 'fdrl_01AbCd... (Console > Settings > Workload identity)')
  const organizationId = required('anthropic-organization-id', rule.UUID, '12345678-90ab-cdef-1234-567890abcdef (Console > Settings > Organization)')
  const serviceAccountId = required('anthropic-service-account-id', rule.ANTHROPIC_SERVICE_ACCOUNT_ID, 'svac_01AbCd... (Console > Settings > Service accounts)')
  const workspaceId = inputs.matching('anthropic-workspace-id', rule.ANTHROPIC_WORKSPACE_ID, 'wrkspc_01AbCd...')
  const audience = inputs.text('audience') ?? ANTHROPIC_AUDIENCE
  if (!ruleId || !organizationId || !serviceAccountId) return undefined
  return { ruleId, organizationId, serviceAccountId, workspaceId, audience }
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
  for (const name of inputs.text('role-to-assume') !== undefined ? [] : ['audience', 'sts-endpoint', 'session-policy', 'allowed-account-ids']) {
    if (inputs.text(name) !== undefined) inputs.problem(name, `is used with role-to-assume only; add role-to-assume or remove ${name}.`)
  }
  let auth: BedrockAuth = { kind: 'ambient' }
  if (roleArn) {
    auth = {
      kind: 'role',
      roleArn,
      sessionName: sessionName ?? rule.defaultRoleSessionName(platform().runIdentity().id),
      durationSeconds: durationSeconds ?? 3600,
      audience: inputs.text('audience') ?? 'sts.amazonaws.com',
      stsEndpoint,
      sessionPolicy: readSessionPolicy(inputs),
      allowedAccountIds: readAllowedAccountIds(inputs)
    }
  } else if (apiKey) {
    auth = { kind: 'api-key', apiKey }
  }
  return { name: 'bedrock', region, auth }
}

/** The default narrows the session to Bedrock; `none` sends no policy, so the role's own rights apply. */
function readSessionPolicy(inputs: InputReader): string | undefined {
  const value = inputs.text('session-policy')
  if (value === undefined) return BEDROCK_SESSION_POLICY
  if (value.trim().toLowerCase() === 'none') return undefined
  const parsed = rule.parseJsonObject(value)
  if (typeof parsed === 'string') {
    return inputs.problem('session-policy', `${parsed}; give an IAM policy as JSON ({"Version":"2012-10-17","Statement":[…]}), or none.`)
  }
  const text = JSON.stringify(parsed)
  if (text.length > rule.MAX_SESSION_POLICY_CHARS) {
    return inputs.problem('session-policy', `is ${text.length} characters without spaces; STS takes at most ${rule.MAX_SESSION_POLICY_CHARS}. Shorten it, or use none and narrow the role itself.`)
  }
  return text
}

function readAllowedAccountIds(inputs: InputReader): string[] | undefined {
  const value = inputs.text('allowed-account-ids')
  if (value === undefined) return undefined
  const ids = value.split(/[,\s]+/).filter(id => id.length > 0)
  const bad = ids.filter(id => !rule.AWS_ACCOUNT_ID.test(id))
  if (bad.length > 0 || ids.length === 0) {
    return inputs.problem('allowed-account-ids', `'${bad[0] ?? value}' is not an AWS account id; give a comma list of 12-digit ids, e.g. 123456789012,210987654321.`)
  }
  return ids
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

const FOUNDRY_INPUTS = ['foundry-resource', 'foundry-base-url', 'azure-client-id', 'azure-tenant-id', 'foundry-api-key']
const ENTRA_AUTHORITY = 'https://login.microsoftonline.com'

function readFoundry(inputs: InputReader, env: NodeJS.ProcessEnv): ProviderSettings {
  // The deployment's resource fixes where it runs; the action has nothing to move between regions.
  for (const name of ['region', 'sts-endpoint']) {
    if (inputs.text(name) !== undefined) inputs.problem(name, "does not apply to provider 'foundry' (the Foundry resource fixes the region); remove it.")
  }
  const resourceText = inputs.text('foundry-resource')
  const baseUrlText = inputs.text('foundry-base-url')
  let resource: string | undefined
  let baseUrl: string | undefined
  if (resourceText !== undefined && baseUrlText !== undefined) {
    inputs.problem('foundry-base-url', 'give either foundry-resource or foundry-base-url, not both.')
  } else if (resourceText === undefined && baseUrlText === undefined) {
    inputs.problem('foundry-resource', 'Foundry needs its resource; set foundry-resource: NAME (as in https://NAME.services.ai.azure.com), or foundry-base-url.')
  } else if (resourceText !== undefined) {
    resource = rule.FOUNDRY_RESOURCE.test(resourceText)
      ? resourceText
      : inputs.problem('foundry-resource', `'${resourceText}' is not a resource name; ${rule.foundryResourceProblem(resourceText)}.`)
  } else {
    baseUrl = inputs.url('foundry-base-url')
  }

  const clientId = inputs.matching('azure-client-id', rule.GUID, '00000000-0000-0000-0000-000000000000 (the Application (client) ID)')
  const tenantId = inputs.matching('azure-tenant-id', rule.ENTRA_TENANT, '00000000-0000-0000-0000-000000000000 or contoso.onmicrosoft.com (the Directory (tenant) ID)')
  const keyless = inputs.text('azure-client-id') !== undefined || inputs.text('azure-tenant-id') !== undefined
  const apiKey = inputs.text('foundry-api-key')
  if (keyless && apiKey !== undefined) inputs.problem('foundry-api-key', 'give either azure-client-id (keyless) or foundry-api-key, not both.')
  if (inputs.text('azure-client-id') !== undefined && inputs.text('azure-tenant-id') === undefined) {
    inputs.problem('azure-tenant-id', 'keyless Foundry needs the tenant too; add azure-tenant-id: the Directory (tenant) ID of the app.')
  }
  if (inputs.text('azure-tenant-id') !== undefined && inputs.text('azure-client-id') === undefined) {
    inputs.problem('azure-client-id', 'keyless Foundry needs the app or managed identity; add azure-client-id: its Application (client) ID.')
  }
  if (!keyless && inputs.text('audience') !== undefined) inputs.problem('audience', 'is used with azure-client-id only; add azure-client-id or remove audience.')

  let auth: FoundryAuth = { kind: 'ambient' }
  if (clientId && tenantId) {
    // The Azure SDK's own variable for sovereign clouds; MSAL talks https only.
    const authorityText = env.AZURE_AUTHORITY_HOST || ENTRA_AUTHORITY
    const authorityHost = rule.parseHttpUrl(authorityText)
    if (!authorityHost?.startsWith('https://')) {
      inputs.problem('azure-tenant-id', `AZURE_AUTHORITY_HOST '${authorityText}' is not an https URL; set it to e.g. https://login.microsoftonline.us, or unset it.`)
    }
    auth = { kind: 'workload-identity', clientId, tenantId, audience: inputs.text('audience') ?? 'api://AzureADTokenExchange', authorityHost: authorityHost ?? ENTRA_AUTHORITY }
  } else if (apiKey !== undefined) {
    auth = { kind: 'api-key', apiKey }
  }
  return { name: 'foundry', resource, baseUrl, auth }
}

function readFallbackRegions(inputs: InputReader, provider: ProviderSettings): string[] {
  const value = inputs.text('fallback-regions')
  if (value === undefined) return []
  if (provider.name === 'anthropic') {
    inputs.problem('fallback-regions', 'the Claude API has no regions; use it with provider bedrock or vertex, or fail over across models with fallback-models.')
    return []
  }
  if (provider.name === 'foundry') {
    inputs.problem('fallback-regions', 'a Foundry resource has no regions to fail over to; use it with provider bedrock or vertex, or fail over across deployments with fallback-models.')
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

/**
 * The Claude API's rate limits and overload are per model, not per region (Foundry's per deployment):
 * its failover moves the session to another model. On Bedrock and Vertex the region is what moves.
 */
function readFallbackModels(inputs: InputReader, provider: ProviderSettings, claudeArgs: ClaudeArgs): string[] {
  const value = inputs.text('fallback-models')
  if (value === undefined) return []
  if (provider.name === 'bedrock' || provider.name === 'vertex') {
    inputs.problem('fallback-models', `is for provider anthropic and foundry; on ${provider.name} a throttled model fails over across regions, so use fallback-regions.`)
    return []
  }
  const models = value.split(/[,\s]+/).filter(m => m.length > 0)
  const model = inputs.text('model')
  // Like a tool-list entry, a model goes to the CLI as an argument (--model X): it may not look like a flag.
  const flag = models.find(m => m.startsWith('-'))
  const repeated = models.find((m, i) => m === model || models.indexOf(m) !== i)
  if (flag) {
    inputs.problem('fallback-models', `'${flag}' is not a model name; entries may not start with '-'.`)
  } else if (repeated) {
    inputs.problem('fallback-models', `${repeated} is ${repeated === model ? 'already the model input' : 'listed twice'}; each attempt needs another model, so list each once and not the first one.`)
  }
  // claude-args come after the action's own flags, so a --model there would win in every attempt.
  if (claudeArgs.passed.some(arg => arg === '--model' || arg.startsWith('--model='))) {
    inputs.problem('claude-args', '--model would override fallback-models in every attempt; give the first model as the model input instead.')
  }
  return models
}

/**
 * Data residency, before any request: a Bedrock inference profile with a geography prefix runs only in
 * that geography, so region and every fallback must lie in it; on Vertex a fallback on another continent
 * would move the data there, which needs allow-cross-geography-failover.
 */
function checkDataResidency(inputs: InputReader, settings: Settings): void {
  const { provider, fallbackRegions, models } = settings
  // Its default is false, so only true is out of place elsewhere.
  const crossGeography = inputs.boolean('allow-cross-geography-failover', false)
  if (crossGeography && provider.name !== 'vertex') {
    inputs.problem('allow-cross-geography-failover', `only applies to provider 'vertex'${provider.name === 'bedrock' ? ' (a Bedrock inference profile cannot run outside its geography)' : ''}; remove it.`)
  }
  if (provider.name === 'bedrock') {
    const valid = (region: string): boolean => rule.AWS_REGION.test(region)
    const pairs: [string, string | undefined, string, string[]][] = [
      ['model', models.model, 'region', [provider.region]],
      ['small-fast-model', models.smallFastModel, models.smallFastModelRegion ? 'small-fast-model-region' : 'region', [models.smallFastModelRegion ?? provider.region]]
    ]
    for (const [modelInput, model, regionInput, [region]] of pairs) {
      const geography = model ? rule.bedrockGeography(model) : undefined
      if (!model || !geography) continue
      if (valid(region) && !geography.regions.test(region)) {
        inputs.problem(modelInput, `${model} is an inference profile of the ${geography.name} geography (${geography.prefix}.), but ${regionInput} ${region} is outside it; set ${regionInput} to a region there, or use the profile of ${region}'s geography.`)
      }
      if (regionInput !== 'region') continue
      for (const fallback of fallbackRegions.filter(r => valid(r) && !geography.regions.test(r))) {
        inputs.problem('fallback-regions', `${fallback} is outside the ${geography.name} geography of ${modelInput} ${model}; a failover there would move the data out of it. List only ${geography.name} regions.`)
      }
    }
  }
  if (provider.name === 'vertex' && provider.region !== 'global' && !crossGeography) {
    const home = rule.gcpContinent(provider.region)
    for (const fallback of fallbackRegions.filter(r => rule.GCP_REGION.test(r) && rule.gcpContinent(r) !== home)) {
      inputs.problem('fallback-regions', `${fallback} is in ${rule.gcpContinent(fallback)}, but region ${provider.region} is in ${home}; a failover there would move the data to another continent. List regions in ${home}, or set allow-cross-geography-failover: true.`)
    }
  }
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
  if (prompt?.includes('\0')) return inputs.problem('prompt', 'holds a NUL byte, which no process argument can carry; remove it.')
  if (file !== undefined) {
    const fullPath = inputs.file('prompt-file', file, fullPath => `no file at ${fullPath}; the path is relative to the workspace, is it checked out?`)
    if (fullPath === undefined) return undefined
    text = inputs.fileText('prompt-file', fullPath)
    if (text === undefined) return undefined
    if (text.trim() === '') return inputs.problem('prompt-file', `${fullPath} is empty; write the task into it.`)
  }
  // A prompt too long for one argv string goes to the CLI on stdin (argv.ts).
  return text
}

function readJsonSchema(inputs: InputReader): string | undefined {
  const value = inputs.text('json-schema')
  if (value === undefined) return undefined
  const parsed = rule.parseJsonObject(value)
  return typeof parsed === 'string' ? inputs.problem('json-schema', `${parsed}; give a JSON Schema object, e.g. {"type":"object"}.`) : value
}

/**
 * The settings input, then each --settings of claude-args (relative to the working directory, as the
 * CLI reads it), merged in that order; the action's own go on top when the CLI starts (argv.ts).
 */
function readCliSettings(inputs: InputReader, claudeArgs: ClaudeArgs, workingDirectory: string): Record<string, unknown> | undefined {
  const value = inputs.text('settings')
  const fromInput = value === undefined ? undefined : inputs.jsonObjectOrFile('settings', value, 'give a JSON object or a path to a JSON file')
  const fromArgs = claudeArgs.settings.map(v => inputs.jsonObjectOrFile('claude-args', v, '--settings takes a JSON object or a path to a JSON file; or use the settings input', workingDirectory))
  const all = [fromInput, ...fromArgs].filter(s => s !== undefined)
  return all.length === 0 ? undefined : Object.assign({}, ...all)
}

/** The servers of every --mcp-config in claude-args, merged into one config the action can add to. */
function readMcpServers(inputs: InputReader, claudeArgs: ClaudeArgs, workingDirectory: string): Record<string, unknown> | undefined {
  if (claudeArgs.mcpConfigs.length === 0) return undefined
  const servers: Record<string, unknown> = {}
  for (const value of claudeArgs.mcpConfigs) {
    const config = inputs.jsonObjectOrFile('claude-args', value, '--mcp-config takes {"mcpServers": {...}} or a path to such a file', workingDirectory)
    const named = config?.mcpServers
    if (config && (typeof named !== 'object' || named === null || Array.isArray(named))) {
      inputs.problem('claude-args', '--mcp-config needs an object with "mcpServers": {"NAME": {...}}.')
    } else if (named) {
      Object.assign(servers, named)
    }
  }
  return servers
}

function readClaudeArgs(inputs: InputReader): ClaudeArgs {
  const value = inputs.text('claude-args')
  if (value === undefined) return takeMergedFlags([])
  try {
    const args = splitShellWords(value)
    const reserved = args.find(arg => RESERVED_FLAGS.includes(arg.split('=')[0]))
    if (reserved) inputs.problem('claude-args', `${reserved} is set by the action itself (it streams JSON and resumes sessions on failover); remove it.`)
    return takeMergedFlags(args)
  } catch (error) {
    inputs.problem('claude-args', `cannot be split into words (${(error as Error).message}); close every quote, e.g. --add-dir "docs dir".`)
    return takeMergedFlags([])
  }
}

/** A tool list; an entry that starts with '-' would reach the CLI as a flag (--allowedTools takes several values). */
function readToolList(inputs: InputReader, name: string): string[] {
  const tools = rule.splitToolList(inputs.text(name) ?? '')
  const flag = tools.find(tool => tool.startsWith('-'))
  if (flag) inputs.problem(name, `'${flag}' is not a tool name; entries may not start with '-' (pass CLI flags through claude-args).`)
  return tools
}

function readTimeoutMinutes(inputs: InputReader): number | undefined {
  const minutes = inputs.positiveNumber('timeout-minutes')
  if (minutes === undefined || minutes <= MAX_TIMEOUT_MINUTES) return minutes
  return inputs.problem('timeout-minutes', `${minutes} is more than ${MAX_TIMEOUT_MINUTES} minutes (about 24 days), the longest timer Node.js can set; give a smaller number, or leave it unset for no limit.`)
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
