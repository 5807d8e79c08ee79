// The command's inputs: every action input is a flag of the same name (`--role-to-assume ARN`,
// `--region=us-east-1`), else the variable CLAUDE_CLOUD_<NAME>, else action.yml's default, as the
// runner applies it. Booleans (inputs whose default is true or false) take `--flag` or `--flag=false`.
// A few inputs also read the variable names of Claude Code's own GitLab guide (GUIDE_VARIABLES).
import { ACTION_INPUTS, type ActionInput } from '../generated/action-inputs.js'

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CommandLineError'
  }
}

export type CommandLine = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; flags: Map<string, string> }

const BOOLEAN_DEFAULTS = ['true', 'false']

export function isBooleanInput(input: ActionInput): boolean {
  return input.default !== undefined && BOOLEAN_DEFAULTS.includes(input.default)
}

/** `anthropic-api-key` → `CLAUDE_CLOUD_ANTHROPIC_API_KEY`. */
export function envName(input: string): string {
  return `CLAUDE_CLOUD_${input.toUpperCase().replace(/-/g, '_')}`
}

/** A default the runner would expand (`${{ github.token }}`) means nothing outside GitHub. */
export function usableDefault(input: ActionInput): string | undefined {
  return input.default?.includes('${{') ? undefined : input.default
}

export function parseCommandLine(argv: string[], inputs: readonly ActionInput[] = ACTION_INPUTS): CommandLine {
  const byName = new Map(inputs.map(input => [input.name, input]))
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    if (arg === '--version' || arg === '-V') return { kind: 'version' }
    const snake = /^--([a-z0-9]+(?:_[a-z0-9]+)+)(?:=|$)/.exec(arg)?.[1]
    if (snake && byName.has(snake.replace(/_/g, '-'))) {
      throw new CommandLineError(`--${snake} is not an input: inputs are kebab-case (claude-code-action's are snake_case); give --${snake.replace(/_/g, '-')}.`)
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg)
    if (!m) throw new CommandLineError(`'${arg}' is not an option; every input is a flag such as --prompt "..." (see --help).`)
    const [, name, inline] = m
    const input = byName.get(name)
    if (!input) throw new CommandLineError(`--${name} is not an input of claude-cloud-action; see --help for the list.`)
    if (flags.has(name)) throw new CommandLineError(`--${name} is given twice; give it once.`)
    if (isBooleanInput(input)) {
      // `--flag false` would be ambiguous with a following argument, so a value needs `=`.
      flags.set(name, inline ?? 'true')
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) throw new CommandLineError(`--${name} needs a value, e.g. --${name}=VALUE.`)
    flags.set(name, value)
  }
  return { kind: 'run', flags }
}

/**
 * The variable names of Claude Code's own GitLab guide, read when the input has no flag and no
 * CLAUDE_CLOUD_<NAME> (a blank one counts as none), so a job set up by that guide runs as it is. Each
 * applies only where its input would: a group-wide AWS_ROLE_TO_ASSUME must not become an input
 * error in a Vertex job.
 */
export const GUIDE_VARIABLES: readonly {
  input: string
  variable: string
  /** A variable read before this one, which the settings read when the input is unset. */
  after?: string
  /** Whether the input applies to this run, given the other inputs; always when absent. */
  applies?(value: (name: string) => string): boolean
}[] = [
  { input: 'role-to-assume', variable: 'AWS_ROLE_TO_ASSUME', applies: value => value('provider').toLowerCase() === 'bedrock' && !value('bedrock-api-key') },
  { input: 'workload-identity-provider', variable: 'GCP_WORKLOAD_IDENTITY_PROVIDER', applies: value => value('provider').toLowerCase() === 'vertex' },
  {
    input: 'service-account',
    variable: 'GCP_SERVICE_ACCOUNT',
    applies: value => value('provider').toLowerCase() === 'vertex' && !!value('workload-identity-provider')
  },
  { input: 'gitlab-token', variable: 'GITLAB_ACCESS_TOKEN', after: 'GITLAB_TOKEN' }
]

interface ResolvedInput {
  value: string
  /** The guide's variable the value came from, if it did. */
  guideVariable?: string
}

/** The flag, else CLAUDE_CLOUD_<NAME>, else action.yml's default; else the guide's variable where one applies; else ''. */
function inputResolver(flags: Map<string, string>, env: NodeJS.ProcessEnv, inputs: readonly ActionInput[]): (name: string) => ResolvedInput {
  const byName = new Map(inputs.map(input => [input.name, input]))
  const resolve = (name: string): ResolvedInput => {
    const input = byName.get(name)
    // The runner trims inputs (core.getInput); so does the command.
    const value = (flags.get(name) ?? env[envName(name)] ?? (input ? usableDefault(input) : undefined) ?? '').trim()
    if (value) return { value }
    const guide = GUIDE_VARIABLES.find(
      g => g.input === name && env[g.variable]?.trim() && !(g.after && env[g.after]?.trim()) && (g.applies?.(other => resolve(other).value) ?? true)
    )
    return guide ? { value: (env[guide.variable] ?? '').trim(), guideVariable: guide.variable } : { value }
  }
  return resolve
}

/** An input's value: the flag, else CLAUDE_CLOUD_<NAME>, else action.yml's default, else the guide's variable, else ''. */
export function commandInputs(flags: Map<string, string>, env: NodeJS.ProcessEnv, inputs: readonly ActionInput[] = ACTION_INPUTS): (name: string) => string {
  const resolve = inputResolver(flags, env, inputs)
  return name => resolve(name).value
}

/** The inputs whose value came from a variable of Claude Code's GitLab guide, for the log. */
export function guideVariablesRead(
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv,
  inputs: readonly ActionInput[] = ACTION_INPUTS
): { input: string; variable: string }[] {
  const resolve = inputResolver(flags, env, inputs)
  return GUIDE_VARIABLES.filter(g => resolve(g.input).guideVariable === g.variable).map(({ input, variable }) => ({ input, variable }))
}
