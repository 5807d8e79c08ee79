// What the post step needs to undo, carried from the main step through GITHUB_STATE.
import * as core from '@actions/core'

const IS_POST = 'isPost'
const TEMP_DIR = 'tempDir'
const EXPORTED_CREDENTIALS = 'exportedCredentials'

/** One bundle serves both steps (as in actions/checkout); the main step marks itself first thing. */
export function isPostStep(): boolean {
  return core.getState(IS_POST) === 'true'
}

export function markMainStep(): void {
  core.saveState(IS_POST, 'true')
}

export function rememberTempDir(dir: string): void {
  core.saveState(TEMP_DIR, dir)
}

export function rememberedTempDir(): string {
  return core.getState(TEMP_DIR)
}

export function rememberExportedCredentials(names: string[]): void {
  core.saveState(EXPORTED_CREDENTIALS, names.join(','))
}

export function rememberedExportedCredentials(): string[] {
  return core.getState(EXPORTED_CREDENTIALS).split(',').filter(Boolean)
}
