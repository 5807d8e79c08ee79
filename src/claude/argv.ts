// The CLI's argv. Everything is a separate argument, never a shell string; the prompt comes last,
// after `--`, so a prompt that starts with '-' is still a prompt and no variadic flag swallows it.
import type { Settings } from '../settings.js'

/** Flags the action itself relies on; claude-args may not change them. */
export const RESERVED_FLAGS = ['-p', '--print', '--output-format', '--input-format', '--resume', '-r', '--continue', '-c']

export const CONTINUE_PROMPT = 'The previous request failed in another region. Continue the task from where it stopped.'

/** Linux refuses a single argv string longer than MAX_ARG_STRLEN (128 KiB); longer prompts go on stdin. */
const MAX_ARGV_PROMPT_BYTES = 128 * 1024 - 1

export function promptGoesOnStdin(prompt: string): boolean {
  return Buffer.byteLength(prompt) > MAX_ARGV_PROMPT_BYTES
}

export interface Turn {
  prompt: string
  /** Session to continue (failover); its transcript already holds the original prompt. */
  resume?: string
}

export function buildArgv(settings: Settings, cliSettings: Record<string, unknown> | undefined, turn: Turn): string[] {
  const { cli, models } = settings
  const args = ['-p', '--output-format', 'stream-json', '--verbose']
  if (models.model) args.push('--model', models.model)
  if (cli.maxTurns !== undefined) args.push('--max-turns', String(cli.maxTurns))
  if (cli.maxBudgetUsd !== undefined) args.push('--max-budget-usd', String(cli.maxBudgetUsd))
  if (cli.allowedTools.length > 0) args.push('--allowedTools', ...cli.allowedTools)
  if (cli.disallowedTools.length > 0) args.push('--disallowedTools', ...cli.disallowedTools)
  if (cli.appendSystemPrompt) args.push('--append-system-prompt', cli.appendSystemPrompt)
  if (cli.jsonSchema) args.push('--json-schema', cli.jsonSchema)
  if (cliSettings && Object.keys(cliSettings).length > 0) args.push('--settings', JSON.stringify(cliSettings))
  if (turn.resume) args.push('--resume', turn.resume)
  args.push(...cli.extraArgs)
  // `claude -p` without a prompt argument reads it from stdin (run.ts writes it there and closes it).
  if (!promptGoesOnStdin(turn.prompt)) args.push('--', turn.prompt)
  return args
}

/** The user's --settings with what the action needs on top (e.g. awsCredentialExport). */
export function mergeCliSettings(
  user: Record<string, unknown> | undefined,
  action: Record<string, unknown> | undefined
): Record<string, unknown> | undefined {
  if (!user && !action) return undefined
  return { ...user, ...action }
}
