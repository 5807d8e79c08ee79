// The command's --help and --version. The inputs are action.yml's, grouped under headings, with their
// descriptions in a command's words: outside GitHub there is no "GitHub OIDC token" and no post step.
import { ACTION_INPUTS, type ActionInput } from '../generated/action-inputs.js'
import { PACKAGE_VERSION } from '../generated/package-version.js'
import { envName, GUIDE_VARIABLES, isBooleanInput, usableDefault } from './command-inputs.js'

/** Every input of action.yml, in one group; each group lists its inputs in action.yml's order. */
export const HELP_GROUPS: readonly { heading: string; inputs: readonly string[] }[] = [
  {
    heading: 'Provider and auth',
    inputs: [
      'provider',
      'region',
      'fallback-regions',
      'region-strategy',
      'allow-cross-geography-failover',
      'anthropic-api-key',
      'anthropic-federation-rule-id',
      'anthropic-organization-id',
      'anthropic-service-account-id',
      'anthropic-workspace-id',
      'role-to-assume',
      'role-session-name',
      'role-duration-seconds',
      'session-policy',
      'allowed-account-ids',
      'audience',
      'id-token-env',
      'id-token-file',
      'bedrock-api-key',
      'sts-endpoint',
      'workload-identity-provider',
      'service-account',
      'project-id',
      'iam-credentials-endpoint',
      'foundry-resource',
      'foundry-base-url',
      'azure-client-id',
      'azure-tenant-id',
      'foundry-api-key',
      'workspace-id',
      'anthropic-aws-api-key'
    ]
  },
  {
    heading: 'Claude Code',
    inputs: [
      'prompt',
      'prompt-file',
      'model',
      'fallback-models',
      'small-fast-model',
      'small-fast-model-region',
      'max-output-tokens',
      'max-thinking-tokens',
      'max-turns',
      'max-budget-usd',
      'allowed-tools',
      'disallowed-tools',
      'append-system-prompt',
      'json-schema',
      'settings',
      'claude-args',
      'claude-version',
      'claude-path',
      'tool-cache',
      'working-directory',
      'timeout-minutes',
      'untrusted-paths',
      'isolation',
      'fail-on-permission-denials'
    ]
  },
  {
    heading: 'Reporting',
    inputs: [
      'show-full-output',
      'output-dir',
      'comment-on-pr',
      'comment-tag',
      'review-comments',
      'max-review-comments',
      'incremental',
      'check-name',
      'max-pr-cost-usd'
    ]
  },
  { heading: 'GitLab', inputs: ['gitlab-token'] },
  {
    heading: 'GitHub Actions only (no use in the command)',
    inputs: ['export-env', 'export-credentials', 'allowed-users', 'allowed-bots', 'github-token', 'pull-request']
  }
]

/** action.yml speaks of GitHub; the command runs elsewhere. */
const COMMAND_WORDS: readonly [RegExp, string][] = [
  [/\bthe job's GitHub OIDC token\b/g, "the job's OIDC token (id-token-env)"],
  [/\bthe GitHub OIDC token\b/g, 'the OIDC token'],
  [/ The post step blanks them again\./g, ''],
  [/\btrusts this workflow\b/g, 'trusts this job'],
  [
    /^On pull request events, post the result as one sticky PR comment\b/,
    'On pull request events (GitLab: merge request pipelines), post the result as one sticky comment'
  ]
]

export function commandDescription(input: ActionInput): string {
  return COMMAND_WORDS.reduce((text, [pattern, words]) => text.replace(pattern, words), input.description)
}

const EXAMPLES = [
  "  # Bedrock in a GitLab merge request pipeline; the job's id_tokens: holds CLAUDE_ID_TOKEN (aud sts.amazonaws.com):",
  '  claude-cloud-action --provider bedrock --region us-east-1 --role-to-assume arn:aws:iam::123456789012:role/claude-code \\',
  '    --id-token-env CLAUDE_ID_TOKEN --prompt "Review this merge request." --comment-on-pr --review-comments',
  '  # The Claude API, its key in the masked CI/CD variable CLAUDE_CLOUD_ANTHROPIC_API_KEY:',
  '  claude-cloud-action --prompt-file ci/claude/triage.md --max-turns 20 --output-dir claude-output'
]

export function helpText(inputs: readonly ActionInput[] = ACTION_INPUTS): string {
  const lines = [
    'Usage: claude-cloud-action --prompt "..." [--INPUT VALUE ...]',
    '       claude-cloud-action --help | --version',
    '',
    'Runs Claude Code once, as the claude-cloud-action GitHub Action does, in GitLab CI/CD or any CI.',
    'Every input is a flag; each falls back to the environment variable CLAUDE_CLOUD_<NAME>.',
    'Put secrets (API keys, tokens) in those variables, as masked CI/CD variables: any process can read a flag.',
    'Exit codes: 0 success, 1 the run failed, 2 bad input.',
    '',
    'Examples:',
    ...EXAMPLES
  ]
  const grouped = new Set(HELP_GROUPS.flatMap(group => group.inputs))
  // An input added to action.yml before it gets a group still shows (a unit test asks for its group).
  const groups = [...HELP_GROUPS, { heading: 'Other', inputs: inputs.map(i => i.name).filter(name => !grouped.has(name)) }]
  for (const group of groups) {
    const members = inputs.filter(input => group.inputs.includes(input.name))
    if (members.length === 0) continue
    lines.push('', `${group.heading}:`)
    for (const input of members) {
      const flag = isBooleanInput(input) ? `--${input.name}[=true|false]` : `--${input.name} VALUE`
      lines.push(`  ${flag}`, `      ${commandDescription(input)} (${fallbacks(input)})`)
    }
  }
  return `${lines.join('\n')}\n`
}

/** Where the value comes from when the flag is absent: `env CLAUDE_CLOUD_ROLE_TO_ASSUME, then AWS_ROLE_TO_ASSUME`. */
function fallbacks(input: ActionInput): string {
  const guide = GUIDE_VARIABLES.find(g => g.input === input.name)
  const names = [envName(input.name), guide?.after, guide?.variable].filter(name => name !== undefined)
  const fallbackDefault = usableDefault(input)
  return `env ${names.join(', then ')}${fallbackDefault !== undefined ? `, default ${fallbackDefault || "''"}` : ''}`
}

/** package.json's version, alone on its line, as `npm --version` prints its own. */
export function versionText(): string {
  return `${PACKAGE_VERSION}\n`
}
