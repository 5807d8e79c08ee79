// The CLI given by claude-path, used as it is. Its own module: the install (install.ts, with the tool
// cache, npm and the direct download, most of the main step's code) loads only when there is no path.
import { log } from '../platform/platform.js'
import type { CliSettings } from '../settings/settings.js'

export interface ClaudeExecutable {
  path: string
  version: string
  /**
   * After a fresh install: the tool-cache record (the binary's SHA-256), written beside the run. It is
   * for the next job's cache hit, so it stays off the path to the first model request; never rejects.
   */
  recorded?: Promise<void>
}

/** The CLI at claude-path, or undefined when the input is not set. */
export function givenClaude(cli: CliSettings): ClaudeExecutable | undefined {
  if (!cli.path) return undefined
  log.info(`Claude Code: using ${cli.path} (claude-path)`)
  return { path: cli.path, version: 'claude-path' }
}
