// What the post step needs to undo, carried from the main step through GITHUB_STATE.
import { platform } from '../platform/platform.js'

const IS_POST = 'isPost'
const TEMP_DIR = 'tempDir'
const EXPORTED_CREDENTIALS = 'exportedCredentials'

/** One bundle serves both steps (as in actions/checkout); the main step marks itself first thing. */
export function isPostStep(): boolean {
  return platform().getState(IS_POST) === 'true'
}

export function markMainStep(): void {
  platform().saveState(IS_POST, 'true')
}

export function rememberTempDir(dir: string): void {
  platform().saveState(TEMP_DIR, dir)
}

export function rememberedTempDir(): string {
  return platform().getState(TEMP_DIR)
}

export function rememberExportedCredentials(names: string[]): void {
  platform().saveState(EXPORTED_CREDENTIALS, names.join(','))
}

export function rememberedExportedCredentials(): string[] {
  return platform().getState(EXPORTED_CREDENTIALS).split(',').filter(Boolean)
}
