// Every input becomes one typed, validated Settings object here, with the readers beside this file
// (providers, Claude Code's own inputs). The only other reader is the command's platform, for
// output-dir and id-token-env/-file, which it needs before Settings exist (a run with bad inputs
// still writes its outputs there); they are validated here. All problems are collected and reported
// together, before any network request.
import { log, platform } from '../platform/platform.js'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { type ClaudeArgs } from '../claude/argv.js'
import * as rule from './rules.js'
import type { ProviderSettings, Settings } from './settings.js'
import { InputError, InputReader } from './input-reader.js'
import { readProvider, readProviderName } from './provider-inputs.js'
import { outputDirProblem } from '../platform/output-dir.js'
import {
  readClaudeArgs,
  readClaudePath,
  readClaudeVersion,
  readCliSettings,
  readIsolation,
  readJsonSchema,
  readMcpServers,
  readPrompt,
  readTimeoutMinutes,
  readToolList,
  readWorkingDirectory
} from './cli-inputs.js'
import { readPullRequestNumber, readReviewRounds } from './review-inputs.js'

export { InputError }
export { DEFAULT_CLAUDE_VERSION } from './cli-inputs.js'
export const DEFAULT_MAX_REVIEW_COMMENTS = 25

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const inputs = new InputReader(env)
  const claudeArgs = readClaudeArgs(inputs)
  const workingDirectory = readWorkingDirectory(inputs)
  const providerName = readProviderName(inputs)
  // Unknown: the checks that depend on the provider are skipped (they would judge another one).
  const provider = providerName && readProvider(inputs, providerName, env)
  const reviewEnabled = inputs.boolean('review-comments', false)
  const settings: Omit<Settings, 'provider'> = {
    fallbackRegions: provider ? readFallbackRegions(inputs, provider) : [],
    regionStrategy: readRegionStrategy(inputs, provider || undefined),
    models: {
      model: inputs.text('model'),
      fallbackModels: provider ? readFallbackModels(inputs, provider, claudeArgs) : [],
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
      failOnPermissionDenials: inputs.boolean('fail-on-permission-denials', false),
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
      untrustedPaths: readUntrustedPaths(inputs),
      isolation: readIsolation(inputs)
    },
    exportEnv: inputs.boolean('export-env', true),
    exportCredentials: inputs.boolean('export-credentials', false),
    comment: {
      enabled: inputs.boolean('comment-on-pr', false),
      tag: inputs.matching('comment-tag', rule.COMMENT_TAG, 'security-review (letters, digits, . _ -)') ?? '',
      token: readCommentToken(inputs, env),
      pullRequest: readPullRequestNumber(inputs)
    },
    trigger: { allowedUsers: readLogins(inputs, 'allowed-users'), allowedBots: readLogins(inputs, 'allowed-bots') },
    review: {
      enabled: reviewEnabled,
      maxComments: inputs.integer('max-review-comments', 0, 1000) ?? DEFAULT_MAX_REVIEW_COMMENTS,
      ...readReviewRounds(inputs, reviewEnabled)
    }
  }
  if (provider) checkDataResidency(inputs, { ...settings, provider })
  const { traits } = platform()
  for (const feature of ['comment-on-pr', 'review-comments'] as const) {
    const wanted = feature === 'comment-on-pr' ? settings.comment.enabled : settings.review.enabled
    const missing = wanted && !settings.comment.token ? traits.missingToken(feature, settings.comment.enabled) : undefined
    if (missing) inputs.problem(...missing)
  }
  if (provider) settings.idTokenVariable = readIdTokenSource(inputs, provider, env)
  readOutputDir(inputs, env)
  if (inputs.problems.length > 0 || !provider) throw new InputError(inputs.problems)
  return { provider, ...settings }
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
  const { input, variable } = platform().traits.codeHostToken
  return inputs.text(input) ?? env[variable] ?? ''
}

/**
 * Outside GitHub the CI hands the job its OIDC token (the platform reads it from these inputs): a
 * keyless provider needs one of them, and each must hold a token by the time the job starts.
 */
function readIdTokenSource(inputs: InputReader, provider: ProviderSettings, env: NodeJS.ProcessEnv): string | undefined {
  const variable = inputs.text('id-token-env')
  const file = inputs.text('id-token-file')
  const given = variable !== undefined ? 'id-token-env' : file !== undefined ? 'id-token-file' : undefined
  if (platform().traits.issuesIdToken) {
    if (given) inputs.problem(given, "is for the command outside GitHub Actions; on GitHub the action requests the job's OIDC token itself, so remove it.")
    return undefined
  }
  const keyless =
    ((provider.name === 'bedrock' || provider.name === 'anthropic-aws') && provider.auth.kind === 'role') ||
    ((provider.name === 'vertex' || provider.name === 'anthropic-google-cloud') && provider.auth.kind === 'workload-identity') ||
    (provider.name === 'foundry' && provider.auth.kind === 'workload-identity') ||
    (provider.name === 'anthropic' && provider.federation !== undefined)
  if (variable !== undefined && file !== undefined) {
    inputs.problem('id-token-file', 'give either id-token-env or id-token-file, not both.')
  } else if (!keyless && given) {
    inputs.problem(
      given,
      'is used with role-to-assume (Bedrock, Claude Platform on AWS), workload-identity-provider (Vertex, Claude on Google Cloud), azure-client-id (Foundry) or the anthropic-federation-* inputs only; add one or remove it.'
    )
  } else if (keyless && !given) {
    inputs.problem(
      'id-token-env',
      "this provider exchanges the job's OIDC token; name the variable that holds it (GitLab: an id_tokens: entry), or give id-token-file."
    )
  } else if (variable !== undefined && !env[variable]?.trim()) {
    inputs.problem('id-token-env', `the variable ${variable} is not set or empty; declare it under id_tokens: in the job (GitLab) or export the JWT in it.`)
  } else if (file !== undefined) {
    const fullPath = path.resolve(file)
    if (!existsSync(fullPath) || !statSync(fullPath).isFile())
      inputs.problem('id-token-file', `no file at ${fullPath}; write the job's OIDC token (JWT) there first.`)
  }
  return variable
}

/** Outside GitHub Actions the outputs are files; the directory is made when the first is written. */
function readOutputDir(inputs: InputReader, env: NodeJS.ProcessEnv): void {
  const value = inputs.text('output-dir')
  if (!platform().traits.writesOutputFiles || value === undefined) return
  const problem = outputDirProblem(value, env)
  if (problem) inputs.problem('output-dir', problem)
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

function readFallbackRegions(inputs: InputReader, provider: ProviderSettings): string[] {
  const value = inputs.text('fallback-regions')
  if (value === undefined) return []
  if (provider.name === 'anthropic') {
    inputs.problem(
      'fallback-regions',
      'the Claude API has no regions; use it with provider bedrock or vertex, or fail over across models with fallback-models.'
    )
    return []
  }
  if (provider.name === 'foundry') {
    inputs.problem(
      'fallback-regions',
      'a Foundry resource has no regions to fail over to; use it with provider bedrock or vertex, or fail over across deployments with fallback-models.'
    )
    return []
  }
  if (provider.name === 'anthropic-aws' || provider.name === 'anthropic-google-cloud') {
    // The workspace is the resource the calls name, and it lives in one region (location): elsewhere it does not exist.
    inputs.problem(
      'fallback-regions',
      `a workspace lives in one ${provider.name === 'anthropic-aws' ? 'AWS region' : 'location'}, so there is none to fail over to; remove it, or fail over across models with fallback-models.`
    )
    return []
  }
  const pattern = provider.name === 'bedrock' ? rule.AWS_REGION : rule.GCP_REGION
  const regions = value.split(/[,\s]+/).filter(r => r.length > 0)
  for (const region of regions) {
    if (!pattern.test(region)) {
      inputs.problem(
        'fallback-regions',
        `'${region}' is not a ${provider.name === 'bedrock' ? 'AWS' : 'Google Cloud'} region; give a comma list such as ${provider.name === 'bedrock' ? 'us-west-2,eu-west-1' : 'us-east5,europe-west1'}.`
      )
    }
  }
  return [...new Set(regions)].filter(r => r !== provider.region)
}

/** failover (the default) or spread; spread only where there are regions to spread over. */
function readRegionStrategy(inputs: InputReader, provider: ProviderSettings | undefined): 'failover' | 'spread' {
  const value = (inputs.text('region-strategy') ?? 'failover').toLowerCase()
  if (value !== 'failover' && value !== 'spread') {
    inputs.problem('region-strategy', `'${value}' is not a strategy; use failover (the default) or spread.`)
    return 'failover'
  }
  if (value === 'spread' && provider && provider.name !== 'bedrock' && provider.name !== 'vertex') {
    inputs.problem('region-strategy', `spread only applies to providers 'bedrock' and 'vertex' (regions to spread requests over); remove it.`)
    return 'failover'
  }
  return value
}

/**
 * The Claude API's rate limits and overload are per model, not per region (Foundry's per deployment),
 * on AWS and Google Cloud too: its failover moves the session to another model. On Bedrock and Vertex
 * the region is what moves.
 */
function readFallbackModels(inputs: InputReader, provider: ProviderSettings, claudeArgs: ClaudeArgs): string[] {
  const value = inputs.text('fallback-models')
  if (value === undefined) return []
  if (provider.name === 'bedrock' || provider.name === 'vertex') {
    inputs.problem(
      'fallback-models',
      `is for providers anthropic, anthropic-aws, anthropic-google-cloud and foundry; on ${provider.name} a throttled model fails over across regions, so use fallback-regions.`
    )
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
    inputs.problem(
      'fallback-models',
      `${repeated} is ${repeated === model ? 'already the model input' : 'listed twice'}; each attempt needs another model, so list each once and not the first one.`
    )
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
 * would move the data there, which needs allow-cross-geography-failover. Claude Platform on AWS and
 * Claude on Google Cloud never leave the workspace's region (fallback-regions is refused for them).
 */
function checkDataResidency(inputs: InputReader, settings: Settings): void {
  const { provider, fallbackRegions, models } = settings
  // Its default is false, so only true is out of place elsewhere.
  const crossGeography = inputs.boolean('allow-cross-geography-failover', false)
  if (crossGeography && provider.name !== 'vertex') {
    inputs.problem(
      'allow-cross-geography-failover',
      `only applies to provider 'vertex'${provider.name === 'bedrock' ? ' (a Bedrock inference profile cannot run outside its geography)' : ''}; remove it.`
    )
  }
  if (provider.name === 'bedrock') {
    const valid = (region: string): boolean => rule.AWS_REGION.test(region)
    const pairs: [string, string | undefined, string, string[]][] = [
      ['model', models.model, 'region', [provider.region]],
      [
        'small-fast-model',
        models.smallFastModel,
        models.smallFastModelRegion ? 'small-fast-model-region' : 'region',
        [models.smallFastModelRegion ?? provider.region]
      ]
    ]
    for (const [modelInput, model, regionInput, [region]] of pairs) {
      if (model) checkBedrockModelId(inputs, modelInput, model, regionInput, region, regionInput === 'region' ? fallbackRegions : [])
      const geography = model ? rule.bedrockGeography(model) : undefined
      if (!model || !geography) continue
      if (valid(region) && !geography.regions.test(region)) {
        inputs.problem(
          modelInput,
          `${model} is an inference profile of the ${geography.name} geography (${geography.prefix}.), but ${regionInput} ${region} is outside it; set ${regionInput} to a region there, or use the profile of ${region}'s geography.`
        )
      }
      if (regionInput !== 'region') continue
      for (const fallback of fallbackRegions.filter(r => valid(r) && !geography.regions.test(r))) {
        inputs.problem(
          'fallback-regions',
          `${fallback} is outside the ${geography.name} geography of ${modelInput} ${model}; a failover there would move the data out of it. List only ${geography.name} regions.`
        )
      }
    }
  }
  if (provider.name === 'vertex' && provider.region !== 'global' && !crossGeography) {
    const home = rule.gcpContinent(provider.region)
    for (const fallback of fallbackRegions.filter(r => rule.GCP_REGION.test(r) && rule.gcpContinent(r) !== home)) {
      inputs.problem(
        'fallback-regions',
        `${fallback} is in ${rule.gcpContinent(fallback)}, but region ${provider.region} is in ${home}; a failover there would move the data to another continent. List regions in ${home}, or set allow-cross-geography-failover: true.`
      )
    }
  }
}

/**
 * An ARN (an application inference profile, a provisioned model) runs only in the region it names:
 * another region, or a failover to one, would send it to an endpoint that does not know it. A bare
 * `anthropic.…` id is accepted, but newer models serve on demand only through an inference profile.
 */
function checkBedrockModelId(inputs: InputReader, modelInput: string, model: string, regionInput: string, region: string, fallbacks: string[]): void {
  const arnRegion = rule.bedrockArnRegion(model)
  if (arnRegion) {
    if (rule.AWS_REGION.test(region) && region !== arnRegion) {
      inputs.problem(
        modelInput,
        `${model} is an ARN in ${arnRegion}, which it runs in only, but ${regionInput} is ${region}; set ${regionInput}: ${arnRegion}.`
      )
    }
    if (fallbacks.length > 0) {
      inputs.problem(
        'fallback-regions',
        `${modelInput} ${model} is an ARN, bound to ${arnRegion}: a failover to ${fallbacks.join(', ')} would send it where it does not exist. Remove fallback-regions, or give ${modelInput} as an inference profile id (us.anthropic.…) to fail over within its geography.`
      )
    }
    return
  }
  if (!rule.isBareBedrockModelId(model)) return
  const prefix = rule.AWS_REGION.test(region) ? rule.bedrockGeographyOf(region) : undefined
  const profile = prefix
    ? `${prefix}.${model} (the inference profile of ${region}'s geography) or global.${model}`
    : `an inference profile id such as us.${model} or global.${model}`
  log.warning(
    `The Bedrock model id ${model} (${modelInput}) has no geography prefix; Bedrock serves newer Claude models on demand only through an inference profile, so use ${profile} (list them with aws bedrock list-inference-profiles --region ${region || 'REGION'}).`
  )
}
