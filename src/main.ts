// The main step, top to bottom: inputs → provider credentials → Claude Code env → CLI →
// `claude -p` (streamed, with regional failover) → result → outputs, summary, PR comment.
import * as core from '@actions/core'
import path from 'node:path'
import { buildClaudeEnv, type ClaudeEnv } from './claude/env.js'
import { ExecutionFile } from './claude/execution-file.js'
import { runWithFailover } from './claude/failover.js'
import { findOrInstallClaude } from './claude/install.js'
import { readSettings, InputError } from './inputs.js'
import { removeCredentialFiles } from './cleanup.js'
import { loadProvider, type ProviderSession } from './providers/provider.js'
import { pullRequestEnv } from './pr-context.js'
import { publish } from './report.js'
import { buildRunReport } from './run-report.js'
import type { Settings } from './settings.js'
import { rememberExportedCredentials } from './state.js'
import { createTempDir } from './temp-dir.js'

/** Credentials must be in hand well inside the OIDC token's five-minute life. */
const CREDENTIAL_DEADLINE_MS = 120_000

export async function run(): Promise<void> {
  let session: ProviderSession | undefined
  let settings: Settings | undefined
  const cancel = cancelOnSignals()
  try {
    settings = readSettings()
    const tempDir = createTempDir()
    // Started now, so its GitHub API calls overlap the credentials and the install; it never rejects.
    const prEnv = pullRequestEnv(settings, tempDir)

    const prepare = await loadProvider(settings.provider.name)
    session = await prepare({ settings, tempDir, deadline: Date.now() + CREDENTIAL_DEADLINE_MS })

    const claudeEnv = buildClaudeEnv(settings, session, process.env)
    exportForLaterSteps(settings, claudeEnv)

    const claude = await findOrInstallClaude(settings.cli)

    const executionFile = new ExecutionFile(path.join(tempDir, 'execution.jsonl'))
    const stopRenewing = session.keepFresh?.()
    const attempts = await runWithFailover({ settings, session, env: { ...claudeEnv.env, ...(await prEnv) }, executable: claude.path, executionFile, signal: cancel.signal })
    await stopRenewing?.()
    await executionFile.close()

    const report = buildRunReport(attempts, {
      provider: settings.provider.name,
      awsAccountId: session.awsAccountId,
      executionFile: executionFile.path,
      timeoutMinutes: settings.cli.timeoutMinutes,
      executable: claude.path
    })
    await publish(report, settings)
    if (report.failureMessage) core.setFailed(report.failureMessage)
  } catch (error) {
    fail(error)
  } finally {
    cancel.dispose()
    if (session && !settings?.exportCredentials) removeCredentialFiles(session.credentialFiles)
  }
}

function exportForLaterSteps(settings: Settings, claudeEnv: ClaudeEnv): void {
  if (settings.exportEnv) {
    for (const [name, value] of Object.entries(claudeEnv.settingsEnv)) core.exportVariable(name, value)
  }
  if (settings.exportCredentials) {
    for (const [name, value] of Object.entries(claudeEnv.credentialEnv)) core.exportVariable(name, value)
    rememberExportedCredentials(Object.keys(claudeEnv.credentialEnv))
  }
}

function fail(error: unknown): void {
  if (error instanceof InputError) {
    for (const problem of error.problems) core.error(problem)
    core.setFailed(error.problems.length === 1 ? error.problems[0] : `${error.problems.length} inputs are invalid; see the errors above.`)
    return
  }
  core.setOutput('conclusion', 'failure')
  core.setOutput('is-error', 'true')
  core.setFailed((error as Error).message ?? String(error))
}

/** A cancelled job gets SIGINT, then SIGTERM: stop the CLI and still report what it did. */
function cancelOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
