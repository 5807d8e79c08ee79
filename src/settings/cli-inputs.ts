// The inputs that shape Claude Code's own run: prompt, tools, claude-args, version, paths, limits.
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { split as splitShellWords } from 'shlex'
import { RESERVED_FLAGS, takeMergedFlags, type ClaudeArgs } from '../claude/argv.js'
import * as rule from './rules.js'
import type { InputReader } from './input-reader.js'
import type { IsolationMode } from './settings.js'

export const DEFAULT_CLAUDE_VERSION = '2.1.331'
/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one fires at once. */
const MAX_TIMEOUT_MINUTES = Math.floor((2 ** 31 - 1) / 60_000)

export function readPrompt(inputs: InputReader): string | undefined {
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

export function readJsonSchema(inputs: InputReader): string | undefined {
  const value = inputs.text('json-schema')
  if (value === undefined) return undefined
  const parsed = rule.parseJsonObject(value)
  return typeof parsed === 'string' ? inputs.problem('json-schema', `${parsed}; give a JSON Schema object, e.g. {"type":"object"}.`) : value
}

/**
 * The settings input, then each --settings of claude-args (relative to the working directory, as the
 * CLI reads it), merged in that order; the action's own go on top when the CLI starts (argv.ts).
 */
export function readCliSettings(inputs: InputReader, claudeArgs: ClaudeArgs, workingDirectory: string): Record<string, unknown> | undefined {
  const value = inputs.text('settings')
  const fromInput = value === undefined ? undefined : inputs.jsonObjectOrFile('settings', value, 'give a JSON object or a path to a JSON file')
  const fromArgs = claudeArgs.settings.map(v =>
    inputs.jsonObjectOrFile('claude-args', v, '--settings takes a JSON object or a path to a JSON file; or use the settings input', workingDirectory)
  )
  const all = [fromInput, ...fromArgs].filter(s => s !== undefined)
  return all.length === 0 ? undefined : Object.assign({}, ...all)
}

/** The servers of every --mcp-config in claude-args, merged into one config the action can add to. */
export function readMcpServers(inputs: InputReader, claudeArgs: ClaudeArgs, workingDirectory: string): Record<string, unknown> | undefined {
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

export function readClaudeArgs(inputs: InputReader): ClaudeArgs {
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
export function readToolList(inputs: InputReader, name: string): string[] {
  const tools = rule.splitToolList(inputs.text(name) ?? '')
  const flag = tools.find(tool => tool.startsWith('-'))
  if (flag) inputs.problem(name, `'${flag}' is not a tool name; entries may not start with '-' (pass CLI flags through claude-args).`)
  return tools
}

export function readTimeoutMinutes(inputs: InputReader): number | undefined {
  const minutes = inputs.positiveNumber('timeout-minutes')
  if (minutes === undefined || minutes <= MAX_TIMEOUT_MINUTES) return minutes
  return inputs.problem(
    'timeout-minutes',
    `${minutes} is more than ${MAX_TIMEOUT_MINUTES} minutes (about 24 days), the longest timer Node.js can set; give a smaller number, or leave it unset for no limit.`
  )
}

export function readClaudeVersion(inputs: InputReader): string {
  const value = inputs.text('claude-version') ?? DEFAULT_CLAUDE_VERSION
  if (rule.EXACT_VERSION.test(value) || rule.DIST_TAGS.includes(value)) return value
  inputs.problem(
    'claude-version',
    `'${value}' is not an exact version; use one like ${DEFAULT_CLAUDE_VERSION}, or latest. Ranges are refused because npm may pick an old release for them.`
  )
  return DEFAULT_CLAUDE_VERSION
}

export function readClaudePath(inputs: InputReader): string | undefined {
  const value = inputs.text('claude-path')
  if (value === undefined) return undefined
  const fullPath = path.resolve(inputs.workspace(), value)
  if (!existsSync(fullPath) || !statSync(fullPath).isFile()) {
    return inputs.problem('claude-path', `no executable at ${fullPath}; remove claude-path to let the action install Claude Code.`)
  }
  return fullPath
}

export function readWorkingDirectory(inputs: InputReader): string {
  const value = inputs.text('working-directory')
  const fullPath = path.resolve(inputs.workspace(), value ?? '.')
  if (!existsSync(fullPath) || !statSync(fullPath).isDirectory()) {
    inputs.problem('working-directory', `no directory at ${fullPath}; give a path relative to the workspace.`)
  }
  return fullPath
}

export function readIsolation(inputs: InputReader): IsolationMode {
  const value = (inputs.text('isolation') ?? 'auto').toLowerCase()
  if (value === 'required' && process.platform !== 'linux') {
    inputs.problem(
      'isolation',
      `required needs Linux (Claude Code isolates its tools with bubblewrap), and this runner is ${process.platform}; use auto or off here.`
    )
  }
  if (value === 'auto' || value === 'required' || value === 'off') return value
  inputs.problem('isolation', `'${value}' is not an isolation mode; use auto, required or off.`)
  return 'auto'
}
