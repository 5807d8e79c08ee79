// The main step, top to bottom: inputs → provider credentials → Claude Code env → CLI →
// `claude -p` (streamed, with regional failover) → result → outputs, summary, PR comment.
import { log, platform } from '../platform/platform.js'
import path from 'node:path'
import { buildClaudeEnv } from '../claude/env.js'
import { ExecutionFile } from '../claude/execution-file.js'
import { runWithFailover } from '../claude/failover.js'
import { findOrInstallClaude } from '../claude/install.js'
import { readSettings, InputError } from '../settings/read-settings.js'
import { exportForLaterSteps } from './later-steps.js'
import { removeCredentialFiles } from '../lib/remove-files.js'
import { loadProvider } from '../providers/index.js'
import { credentialDeadline, type ProviderSession } from '../providers/provider.js'
import { pullRequestContext, withPullRequestContext } from '../code-hosts/github/pr-context.js'
import { publish, setupFailureReport, writeSummaryAndComment } from '../report/publish.js'
import { buildRunReport } from '../report/run-report.js'
import type { Settings } from '../settings/settings.js'
import { createTempDir } from './temp-dir.js'
import { cancelOnSignals } from './cancel.js'

/** How the run ended; the command's exit code (0, 1, 2). The action leaves that to setFailed. */
export type StepOutcome = 'succeeded' | 'failed' | 'bad-input'

export async function run(): Promise<StepOutcome> {
  let session: ProviderSession | undefined
  let settings: Settings | undefined
  let stopRenewing: (() => Promise<void>) | undefined
  let cancel: ReturnType<typeof cancelOnSignals> | undefined
  let cacheRecorded: Promise<void> | undefined
  try {
    settings = readSettings()
    // Before any credential is requested: a commenter without write access starts nothing.
    const refusal = await platform().triggerRefusal(settings)
    if (refusal) {
      log.notice(refusal)
      platform().setOutputs({ conclusion: 'skipped' })
      return 'succeeded'
    }
    const tempDir = createTempDir()
    // Started now, so its GitHub API calls overlap the credentials and the install; it never rejects.
    const prContext = pullRequestContext(settings, tempDir)
    const review = settings.review.enabled ? import('../review/review.js').then(m => m.startReview(settings as Settings, tempDir)) : undefined

    // The CLI lookup or install runs beside the credential exchange; the CLI starts when both are ready.
    const abandonInstall = new AbortController()
    const cliReady = findOrInstallClaude(settings.cli, process.env, undefined, { signal: abandonInstall.signal, workDir: tempDir })
    // Awaited below; a failure is reported there, or lost to an earlier one.
    cliReady.catch(() => undefined)
    try {
      const prepare = await loadProvider(settings.provider)
      session = await unlessFirstFails(prepare({ settings, provider: settings.provider, tempDir, deadline: credentialDeadline() }), cliReady)
    } catch (error) {
      abandonInstall.abort()
      throw error
    }

    // Renewal starts now, so a slow install cannot hand the CLI an expired token.
    stopRenewing = session.keepFresh?.()

    const claudeEnv = buildClaudeEnv(settings, session, process.env, tempDir)
    exportForLaterSteps(settings, claudeEnv)

    const claude = await cliReady
    cacheRecorded = claude.recorded

    const executionFile = new ExecutionFile(path.join(tempDir, 'execution.jsonl'))
    cancel = cancelOnSignals()
    const pr = await prContext
    const env = { ...claudeEnv.env, ...pr.env }
    const reviewRun = await review
    const attempts = await runWithFailover({
      settings: withPullRequestContext(settings, pr),
      session,
      env,
      executable: claude.path,
      executionFile,
      signal: cancel.signal,
      killNow: cancel.killNow,
      tools: reviewRun?.tools
    })
    await stopRenewing?.()
    stopRenewing = undefined
    await executionFile.close()

    const report = buildRunReport(attempts, {
      provider: settings.provider.name,
      providerLabel: session.label,
      awsAccountId: session.awsAccountId,
      executionFile: executionFile.path,
      timeoutMinutes: settings.cli.timeoutMinutes,
      executable: claude.path,
      expectsStructuredOutput: settings.cli.jsonSchema !== undefined,
      writeFailure: executionFile.failure
    })
    const commentUrl = await publish(report, settings)
    await reviewRun?.publish(report, commentUrl)
    if (report.failureMessage) platform().setFailed(report.failureMessage)
    return report.failureMessage ? 'failed' : 'succeeded'
  } catch (error) {
    await fail(error, settings)
    return error instanceof InputError ? 'bad-input' : 'failed'
  } finally {
    cancel?.dispose()
    await stopRenewing?.()
    if (session && settings) removeCredentialFiles(filesNoLaterStepNeeds(settings, session))
    await cacheRecorded
  }
}

/**
 * `main`'s value, unless `other` fails first: then that failure, at once. Neither promise is left
 * with an unhandled rejection; the one still running ends by itself (its sockets, the linger).
 */
async function unlessFirstFails<T>(main: Promise<T>, other: Promise<unknown>): Promise<T> {
  main.catch(() => undefined)
  return Promise.race([main, other.then(() => main)])
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
  try {
    platform().setOutputs({ conclusion: 'failure', 'is-error': 'true' })
  } catch (outputError) {
    // The outputs' file is on the full disk too: the failure itself still reaches the log.
    log.warning((outputError as Error).message)
  }
  platform().setFailed(message)
}
