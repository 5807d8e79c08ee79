// The CLI's argv. Everything is a separate argument, never a shell string; the prompt comes last,
// after `--`, so a prompt that starts with '-' is still a prompt and no variadic flag swallows it.
import type { Settings } from '../settings.js'

/** Flags the action itself relies on; claude-args may not change them. */
export const RESERVED_FLAGS = ['-p', '--print', '--output-format', '--input-format', '--resume', '-r', '--continue', '-c']

export const CONTINUE_PROMPT = 'The previous request failed in another region. Continue the task from where it stopped.'

export interface Turn {
  prompt: string
  /** Session to continue (failover); its transcript already holds the original prompt. */
  resume?: string
}

/**
 * What the action itself gives Claude Code on top of the inputs: MCP servers of its own (one
 * --mcp-config object, which user servers can later be merged into), their tools pre-allowed, and
 * system-prompt lines about them.
 */
export interface ActionTools {
  mcpServers: Record<string, Record<string, unknown>>
  allowedTools: string[]
  systemPrompt: string[]
}

export function buildArgv(settings: Settings, cliSettings: Record<string, unknown> | undefined, turn: Turn, tools?: ActionTools): string[] {
  const { cli, models } = settings
  const allowedTools = [...cli.allowedTools, ...(tools?.allowedTools ?? [])]
  const appendSystemPrompt = [cli.appendSystemPrompt, ...(tools?.systemPrompt ?? [])].filter(Boolean).join('\n\n')
  const args = ['-p', '--output-format', 'stream-json', '--verbose']
  if (models.model) args.push('--model', models.model)
  if (cli.maxTurns !== undefined) args.push('--max-turns', String(cli.maxTurns))
  if (cli.maxBudgetUsd !== undefined) args.push('--max-budget-usd', String(cli.maxBudgetUsd))
  if (allowedTools.length > 0) args.push('--allowedTools', ...allowedTools)
  if (cli.disallowedTools.length > 0) args.push('--disallowedTools', ...cli.disallowedTools)
  if (appendSystemPrompt) args.push('--append-system-prompt', appendSystemPrompt)
  if (cli.jsonSchema) args.push('--json-schema', cli.jsonSchema)
  if (cliSettings && Object.keys(cliSettings).length > 0) args.push('--settings', JSON.stringify(cliSettings))
  if (tools && Object.keys(tools.mcpServers).length > 0) args.push('--mcp-config', JSON.stringify({ mcpServers: tools.mcpServers }))
  if (turn.resume) args.push('--resume', turn.resume)
  args.push(...cli.extraArgs, '--', turn.prompt)
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
