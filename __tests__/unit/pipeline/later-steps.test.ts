// What later steps get through GITHUB_ENV, and what the post step learns through GITHUB_STATE,
// written by the GitHub platform's file commands and read back the way the runner reads them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ClaudeEnv } from '../../../src/claude/env.js'
import { exportForLaterSteps } from '../../../src/pipeline/later-steps.js'
import { rememberedExportedCredentials } from '../../../src/pipeline/state.js'
import { parseFileCommands } from '../../support/runner.js'

const saved = { ...process.env }
let files: { env: string; state: string }

beforeEach(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-later-steps-'))
  files = { env: path.join(dir, 'env'), state: path.join(dir, 'state') }
  for (const file of Object.values(files)) writeFileSync(file, '')
  process.env.GITHUB_ENV = files.env
  process.env.GITHUB_STATE = files.state
})

afterEach(() => {
  process.env = { ...saved }
})

const claudeEnv: ClaudeEnv = {
  env: { PATH: '/bin', CLAUDE_CONFIG_DIR: '/runner-temp/x/claude-config' },
  settingsEnv: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_MODEL: 'claude-sonnet-4-5' },
  credentialEnv: { GOOGLE_APPLICATION_CREDENTIALS: '/runner-temp/x/gcp-external-account.json' },
  removedSwitches: ['CLAUDE_CODE_USE_BEDROCK']
}

const written = () => ({ env: parseFileCommands(readFileSync(files.env, 'utf8')), state: parseFileCommands(readFileSync(files.state, 'utf8')) })

test('export-env hands on the settings and blanks the switches the CLI did not get; the credentials stay', () => {
  exportForLaterSteps({ exportEnv: true, exportCredentials: false }, claudeEnv)
  expect(written()).toEqual({
    env: { CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'us-east5', ANTHROPIC_MODEL: 'claude-sonnet-4-5', CLAUDE_CODE_USE_BEDROCK: '' },
    state: {}
  })
  // Only the settings, not the CLI's whole env: its private config dir goes with the post step.
  expect(readFileSync(files.env, 'utf8')).not.toContain('CLAUDE_CONFIG_DIR')
})

test('export-credentials adds the credentials and remembers their names for the post step', () => {
  exportForLaterSteps({ exportEnv: true, exportCredentials: true }, claudeEnv)
  const { env, state } = written()
  expect(env).toMatchObject({ CLOUD_ML_REGION: 'us-east5', GOOGLE_APPLICATION_CREDENTIALS: '/runner-temp/x/gcp-external-account.json' })
  expect(state).toEqual({ exportedCredentials: 'GOOGLE_APPLICATION_CREDENTIALS' })

  // The post step reads its state back as STATE_* variables.
  process.env.STATE_exportedCredentials = state.exportedCredentials
  expect(rememberedExportedCredentials()).toEqual(['GOOGLE_APPLICATION_CREDENTIALS'])
})

test('with export-env false only the credentials of export-credentials go; with neither, nothing', () => {
  exportForLaterSteps({ exportEnv: false, exportCredentials: true }, claudeEnv)
  expect(written().env).toEqual({ GOOGLE_APPLICATION_CREDENTIALS: '/runner-temp/x/gcp-external-account.json' })

  writeFileSync(files.env, '')
  writeFileSync(files.state, '')
  exportForLaterSteps({ exportEnv: false, exportCredentials: false }, claudeEnv)
  expect(written()).toEqual({ env: {}, state: {} })
})
