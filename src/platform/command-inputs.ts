// The command's inputs: every action input is a flag of the same name (`--role-to-assume ARN`,
// `--region=us-east-1`), else the variable CLAUDE_CLOUD_<NAME>, else action.yml's default, as the
// runner applies it. Booleans (inputs whose default is true or false) take `--flag` or `--flag=false`.
import { ACTION_INPUTS, type ActionInput } from '../generated/action-inputs.js'

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CommandLineError'
  }
}

export type CommandLine = { kind: 'help' } | { kind: 'run'; flags: Map<string, string> }

const BOOLEAN_DEFAULTS = ['true', 'false']

export function isBooleanInput(input: ActionInput): boolean {
  return input.default !== undefined && BOOLEAN_DEFAULTS.includes(input.default)
}

/** `anthropic-api-key` → `CLAUDE_CLOUD_ANTHROPIC_API_KEY`. */
export function envName(input: string): string {
  return `CLAUDE_CLOUD_${input.toUpperCase().replace(/-/g, '_')}`
}

/** A default the runner would expand (`${{ github.token }}`) means nothing outside GitHub. */
function usableDefault(input: ActionInput): string | undefined {
  return input.default?.includes('${{') ? undefined : input.default
}

export function parseCommandLine(argv: string[], inputs: readonly ActionInput[] = ACTION_INPUTS): CommandLine {
  const byName = new Map(inputs.map(input => [input.name, input]))
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
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

/** An input's value: the flag, else CLAUDE_CLOUD_<NAME>, else action.yml's default, else ''. */
export function commandInputs(flags: Map<string, string>, env: NodeJS.ProcessEnv, inputs: readonly ActionInput[] = ACTION_INPUTS): (name: string) => string {
  const byName = new Map(inputs.map(input => [input.name, input]))
  return name => {
    const input = byName.get(name)
    const value = flags.get(name) ?? env[envName(name)] ?? (input ? usableDefault(input) : undefined) ?? ''
    // The runner trims inputs (core.getInput); so does the command.
    return value.trim()
  }
}

export function helpText(inputs: readonly ActionInput[] = ACTION_INPUTS): string {
  const lines = [
    'Usage: claude-cloud-action --prompt "..." [--INPUT VALUE ...]',
    '',
    'Runs Claude Code once, as the claude-cloud-action GitHub Action does, in GitLab CI/CD or any CI.',
    'Every input is a flag; each falls back to the environment variable CLAUDE_CLOUD_<NAME>.',
    'Put secrets (API keys, tokens) in those variables, as masked CI/CD variables: any process can read a flag.',
    'Exit codes: 0 success, 1 the run failed, 2 bad input.',
    '',
    'Inputs:'
  ]
  for (const input of inputs) {
    const flag = isBooleanInput(input) ? `--${input.name}[=true|false]` : `--${input.name} VALUE`
    const fallback = `env ${envName(input.name)}${usableDefault(input) !== undefined ? `, default ${usableDefault(input) || "''"}` : ''}`
    lines.push(`  ${flag}`, `      ${input.description} (${fallback})`)
  }
  return `${lines.join('\n')}\n`
}
