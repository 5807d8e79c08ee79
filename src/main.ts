// The main step, top to bottom: inputs → provider credentials → Claude Code env → CLI →
// `claude -p` (streamed, with regional failover) → result → outputs, summary, PR comment.
import { log, platform } from './platform/platform.js'
import path from 'node:path'
import { buildClaudeEnv } from './claude/env.js'
import { ExecutionFile } from './claude/execution-file.js'
import { runWithFailover } from './claude/failover.js'
import { findOrInstallClaude } from './claude/install.js'
import { readSettings, InputError } from './inputs.js'
import { exportForLaterSteps } from './later-steps.js'
import { removeCredentialFiles } from './cleanup.js'
import { credentialDeadline, loadProvider, type ProviderSession } from './providers/provider.js'
import { pullRequestEnv } from './pr-context.js'
import { publish, setupFailureReport, writeSummaryAndComment } from './report.js'
import { buildRunReport } from './run-report.js'
import type { Settings } from './settings.js'
import { createTempDir } from './temp-dir.js'

/** How the run ended; the command's exit code (0, 1, 2). The action leaves that to setFailed. */
export type RunOutcome = 'succeeded' | 'failed' | 'bad-input'

export async function run(): Promise<RunOutcome> {
  let session: ProviderSession | undefined
  let settings: Settings | undefined
  let stopRenewing: (() => Promise<void>) | undefined
  try {
    settings = readSettings()
    const tempDir = createTempDir()
    // Started now, so its GitHub API calls overlap the credentials and the install; it never rejects.
    const prEnv = pullRequestEnv(settings, tempDir)

    const prepare = await loadProvider(settings.provider.name)
    session = await prepare({ settings, tempDir, deadline: credentialDeadline() })

    // Renewal starts now, so a slow install cannot hand the CLI an expired token.
    stopRenewing = session.keepFresh?.()

    const claudeEnv = buildClaudeEnv(settings, session, process.env, tempDir)
    exportForLaterSteps(settings, claudeEnv)

    const claude = await findOrInstallClaude(settings.cli)

    const executionFile = new ExecutionFile(path.join(tempDir, 'execution.jsonl'))
    const cancel = cancelOnSignals()
    const env = { ...claudeEnv.env, ...(await prEnv) }
    const attempts = await runWithFailover({ settings, session, env, executable: claude.path, executionFile, signal: cancel.signal })
    cancel.dispose()
    await stopRenewing?.()
    stopRenewing = undefined
    await executionFile.close()

    const report = buildRunReport(attempts, {
      provider: settings.provider.name,
      awsAccountId: session.awsAccountId,
      executionFile: executionFile.path,
      timeoutMinutes: settings.cli.timeoutMinutes,
      executable: claude.path,
      expectsStructuredOutput: settings.cli.jsonSchema !== undefined
    })
    await publish(report, settings)
    if (report.failureMessage) platform().setFailed(report.failureMessage)
    return report.failureMessage ? 'failed' : 'succeeded'
  } catch (error) {
    await fail(error, settings)
    return error instanceof InputError ? 'bad-input' : 'failed'
  } finally {
    await stopRenewing?.()
    if (session && settings) removeCredentialFiles(filesNoLaterStepNeeds(settings, session))
  }
}

/** Credential files go when the step ends, unless an exported variable (GOOGLE_APPLICATION_CREDENTIALS) points at them. */
function filesNoLaterStepNeeds(settings: Settings, session: ProviderSession): string[] {
  const exported = settings.exportCredentials ? Object.values(session.exportedCredentialEnv ?? session.credentialEnv) : []
  return session.credentialFiles.some(file => exported.includes(file)) ? [] : session.credentialFiles
}

/**
 * A failure before Claude Code ran still gets a summary. With valid settings (credentials, install)
 * it also gets the PR comment, so the last run's review does not stand on the PR as if it were
 * current; bad inputs get none, since they fail before any network request.
 */
async function fail(error: unknown, settings: Settings | undefined): Promise<void> {
  const message = (error as Error).message ?? String(error)
  await writeSummaryAndComment(setupFailureReport(message, settings?.provider), settings?.comment)
  if (error instanceof InputError) {
    if (error.problems.length === 1) return platform().setFailed(error.problems[0])
    for (const problem of error.problems) log.error(problem)
    return platform().setFailed(`${error.problems.length} inputs are invalid; see the errors above.`)
  }
  platform().setOutput('conclusion', 'failure')
  platform().setOutput('is-error', 'true')
  platform().setFailed(message)
}

/**
 * While the CLI runs, a cancelled job's SIGINT / SIGTERM stops the CLI and the run still reports what
 * it did. Outside that window Node's default applies: the step ends and the post step cleans up.
 */
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
