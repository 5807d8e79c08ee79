// The CLI's argv. Everything is a separate argument, never a shell string; the prompt comes last,
// after `--`, so a prompt that starts with '-' is still a prompt and no variadic flag swallows it.
import type { Settings } from '../settings/settings.js'

/** Flags the action itself relies on; claude-args may not change them. */
export const RESERVED_FLAGS = ['-p', '--print', '--output-format', '--input-format', '--resume', '-r', '--continue', '-c']

/**
 * Flags the action passes itself, so that one in claude-args would replace the action's (a second
 * --settings drops the action's keys): their values are taken out of claude-args and merged with the
 * action's, which win. --mcp-config takes several values, like the CLI's own parser.
 */
const MERGED_FLAGS = { '--settings': 'one', '--mcp-config': 'several' } as const

export interface ClaudeArgs {
  /** What goes to the CLI as it is. */
  passed: string[]
  /** Values of --settings (JSON or a file), in order. */
  settings: string[]
  /** Values of --mcp-config (JSON or files), in order. */
  mcpConfigs: string[]
}

/** Splits claude-args' words into what passes as it is and the values of the merged flags. */
export function takeMergedFlags(args: string[]): ClaudeArgs {
  const out: ClaudeArgs = { passed: [], settings: [], mcpConfigs: [] }
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] =
      args[i].startsWith('--') && args[i].includes('=')
        ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)]
        : [args[i], undefined]
    const arity = (MERGED_FLAGS as Record<string, 'one' | 'several'>)[flag]
    if (!arity || args.slice(0, i).includes('--')) {
      out.passed.push(args[i])
      continue
    }
    const values = inline !== undefined ? [inline] : []
    if (inline === undefined) {
      while (i + 1 < args.length && !args[i + 1].startsWith('-') && (arity === 'several' || values.length === 0)) values.push(args[++i])
    }
    ;(flag === '--settings' ? out.settings : out.mcpConfigs).push(...values)
  }
  return out
}

/**
 * The one --mcp-config the CLI gets: the servers from claude-args with the action's own on top (a
 * server of the same name is the action's). Features that bring an MCP server pass it as `action`.
 */
export function mergeMcpServers(user: Record<string, unknown> | undefined, action: Record<string, unknown> = {}): string | undefined {
  const servers = { ...user, ...action }
  return Object.keys(servers).length > 0 ? JSON.stringify({ mcpServers: servers }) : undefined
}

export const CONTINUE_PROMPT = 'The previous request failed in another region. Continue the task from where it stopped.'
export const CONTINUE_WITH_MODEL_PROMPT = 'The previous request failed with another model. Continue the task from where it stopped.'

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

/**
 * What the action itself gives Claude Code on top of the inputs: MCP servers of its own (one
 * --mcp-config object, which user servers can later be merged into), their tools pre-allowed, and
 * system-prompt lines about them.
 */
export interface ActionTools {
  mcpServers: Record<string, Record<string, unknown>>
  allowedTools: string[]
  systemPrompt: string[]
  /** Directories the tools' system prompt names for Claude to read (`--add-dir`). */
  addDirs?: string[]
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
  const addDirs = [...(cli.addDirs ?? []), ...(tools?.addDirs ?? [])]
  if (addDirs.length) args.push('--add-dir', ...addDirs)
  // Skills are found in the folders Claude reads; with untrusted folders there, none is offered.
  if (cli.untrustedPaths?.length) args.push('--disable-slash-commands')
  if (cliSettings && Object.keys(cliSettings).length > 0) args.push('--settings', JSON.stringify(cliSettings))
  const mcpConfig = mergeMcpServers(cli.mcpServers, tools?.mcpServers)
  if (mcpConfig) args.push('--mcp-config', mcpConfig)
  if (turn.resume) args.push('--resume', turn.resume)
  args.push(...cli.extraArgs)
  // `claude -p` without a prompt argument reads it from stdin (run.ts writes it there and closes it).
  if (!promptGoesOnStdin(turn.prompt)) args.push('--', turn.prompt)
  return args
}

/** The user's --settings with what the action needs on top (e.g. claudeMdExcludes for untrusted-paths). */
export function mergeCliSettings(user: Record<string, unknown> | undefined, action: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!user && !action) return undefined
  return { ...user, ...action }
}
