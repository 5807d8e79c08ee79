// Tool calls Claude Code refused because nothing allowed them: the result's `permission_denials`. Each
// is named with what would allow it (an `allowed-tools` entry, or the claude-args it needs), so a run
// that quietly could not do its job says why in the log, the outputs and the summary.
import path from 'node:path'

export interface PermissionDenial {
  tool: string
  /** What was asked: the command, the file, the URL (one line). */
  asked: string
  /** What would allow it, e.g. `Bash(npm test:*)`; or the claude-args it needs. */
  allow: string
}

/** Commands whose first word alone says little: their subcommand goes into the entry (`npm test`, `git push`). */
const WITH_SUBCOMMAND = new Set([
  'npm',
  'npx',
  'pnpm',
  'yarn',
  'bun',
  'git',
  'gh',
  'go',
  'cargo',
  'make',
  'docker',
  'kubectl',
  'terraform',
  'pip',
  'uv',
  'poetry',
  'dotnet',
  'mvn',
  'gradle',
  './gradlew',
  'bundle',
  'rake',
  'deno'
])
/** Parts of a compound command that Claude Code runs without asking (seen with 2.1.331): not what was refused. */
const ALLOWED_ANYWAY = /^(cd|pwd|ls|git (diff|log|status|show))(\s|$)/
const FILE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit'])
const MAX_ASKED_CHARS = 160

/** The denials of every attempt's result, one per tool call (a resumed session may report one again). */
export function readPermissionDenials(all: unknown[], workingDirectory: string): PermissionDenial[] {
  const seen = new Set<string>()
  const denials: PermissionDenial[] = []
  for (const entry of all) {
    if (!entry || typeof entry !== 'object') continue
    const { tool_name: tool, tool_use_id: id, tool_input: input } = entry as { tool_name?: unknown; tool_use_id?: unknown; tool_input?: unknown }
    if (typeof tool !== 'string') continue
    const fields = input && typeof input === 'object' ? (input as Record<string, unknown>) : {}
    const key = typeof id === 'string' ? id : JSON.stringify([tool, fields])
    if (seen.has(key)) continue
    seen.add(key)
    denials.push(describeDenial(tool, fields, workingDirectory))
  }
  return denials
}

function describeDenial(tool: string, input: Record<string, unknown>, workingDirectory: string): PermissionDenial {
  const text = (name: string): string | undefined => (typeof input[name] === 'string' ? (input[name] as string) : undefined)
  const command = text('command')
  if (tool === 'Bash' && command) return { tool, asked: oneLine(command), allow: bashAllowance(command) }
  const file = text('file_path') ?? text('notebook_path')
  if (FILE_TOOLS.has(tool) && file) {
    const full = path.resolve(workingDirectory, file)
    const outside = path.relative(workingDirectory, full).startsWith('..')
    return {
      tool,
      asked: oneLine(file),
      allow: outside ? `${tool}, and claude-args: --add-dir ${path.dirname(full)} (it is outside the working directory)` : tool
    }
  }
  const url = text('url')
  if (tool === 'WebFetch' && url) {
    const host = hostOf(url)
    return { tool, asked: oneLine(url), allow: host ? `WebFetch(domain:${host})` : 'WebFetch' }
  }
  return { tool, asked: oneLine(JSON.stringify(input)), allow: tool }
}

/**
 * The entry for a shell command: its first part that needs approval (`cd dir && npm test` → `npm test`),
 * as a prefix rule. A redirection into a file is refused whatever allowed-tools says, unless edits are accepted.
 */
function bashAllowance(command: string): string {
  const redirect = /(?:^|[^0-9&<>])>>?\s*([^\s;&|<>]+)/.exec(command)?.[1]
  if (redirect && redirect !== '/dev/null' && !redirect.startsWith('&')) {
    return `claude-args: --permission-mode acceptEdits (it writes ${redirect} through a redirection; outside the working directory add --add-dir too)`
  }
  const parts = command
    .split(/&&|\|\||[;|\n]/)
    .map(part => part.trim())
    .filter(part => part && !ALLOWED_ANYWAY.test(part))
  const words = (parts[0] ?? command.trim()).split(/\s+/).filter(word => !/^\w+=/.test(word))
  const [first = '', second] = words
  const prefix = WITH_SUBCOMMAND.has(first) && second && /^[a-z][\w:-]*$/.test(second) ? `${first} ${second}` : first
  return `Bash(${prefix}:*)`
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined
  } catch {
    return undefined
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > MAX_ASKED_CHARS ? `${line.slice(0, MAX_ASKED_CHARS - 1)}…` : line
}
