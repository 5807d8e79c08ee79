// What the install tests share: the version they install, a stand-in `claude` that prints it, limits
// without pauses, and the CLI settings of a run that installs it.
import type { InstallLimits } from '../../../src/claude/install.js'
import type { CliSettings } from '../../../src/settings/settings.js'

export const VERSION = '2.1.331'
/** The binary the registry stand-in serves: it answers --version as Claude Code does. */
export const CLAUDE = { content: `#!/bin/sh\necho "${VERSION} (Claude Code)"\n`, mode: 0o755 }
export const LIMITS: InstallLimits = { npmTimeoutMs: 120_000, retryDelayMs: 0, downloadIdleTimeoutMs: 60_000 }

export function cliSettings(version = VERSION): CliSettings {
  return { version, allowedTools: [], disallowedTools: [], extraArgs: [], prompt: 'p', workingDirectory: '.' }
}
