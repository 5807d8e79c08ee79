// What later steps of the job get through GITHUB_ENV: with export-env the non-secret Claude Code
// variables (and blanks for other providers' switches, so a later `claude` uses the same provider),
// with export-credentials the credentials too, remembered so that the post step blanks them again.
import { platform } from '../platform/platform.js'
import type { ClaudeEnv } from '../claude/env.js'
import type { Settings } from '../settings/settings.js'
import { rememberExportedCredentials } from './state.js'

export function exportForLaterSteps(settings: Pick<Settings, 'exportEnv' | 'exportCredentials'>, claudeEnv: ClaudeEnv): void {
  if (settings.exportEnv) {
    for (const [name, value] of Object.entries(claudeEnv.settingsEnv)) platform().exportVariable(name, value)
    for (const name of claudeEnv.removedSwitches) platform().exportVariable(name, '')
  }
  if (settings.exportCredentials) {
    for (const [name, value] of Object.entries(claudeEnv.credentialEnv)) platform().exportVariable(name, value)
    rememberExportedCredentials(Object.keys(claudeEnv.credentialEnv))
  }
}
