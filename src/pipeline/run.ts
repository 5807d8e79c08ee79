// The main step, top to bottom: inputs → provider credentials → Claude Code env → CLI →
// `claude -p` (streamed, with regional failover) → result → outputs, summary, PR comment.
import { log, platform } from '../platform/platform.js'
import path from 'node:path'
import { buildClaudeEnv } from '../claude/env.js'
import { ExecutionFile } from '../claude/execution-file.js'
import { runWithFailover } from '../claude/failover.js'
import { givenClaude } from '../claude/claude-path.js'
import { prepareIsolation } from '../claude/isolation.js'
import { readSettings, InputError } from '../settings/read-settings.js'
import { exportForLaterSteps } from './later-steps.js'
import { removeCredentialFiles } from '../lib/remove-files.js'
import { fixedApiKey } from '../providers/api-key.js'
import { loadProvider } from '../providers/index.js'
import { credentialDeadline, type ProviderSession } from '../providers/provider.js'
import { pullRequestContext, withPullRequestContext } from '../code-hosts/github/pr-context.js'
import { publish, setupFailureReport, writeSummaryAndComment } from '../report/publish.js'
import { buildRunReport, type ReviewOutcome } from '../report/run-report.js'
import type { ReviewRun } from '../review/review.js'
import type { Settings } from '../settings/settings.js'
import { createTempDir } from './temp-dir.js'
import { cancelOnSignals } from './cancel.js'
import type { Gateway } from '../gateway/gateway.js'
import { recordGatewayCalls, startModelGateway } from './model-gateway.js'

/** How the run ended; the command's exit code (0, 1, 2). The action leaves that to setFailed. */
export type StepOutcome = 'succeeded' | 'failed' | 'bad-input'

export async function run(): Promise<StepOutcome> {
  let session: ProviderSession | undefined
  let settings: Settings | undefined
  let stopRenewing: (() => Promise<void>) | undefined
  let gateway: Gateway | undefined
  let cancel: ReturnType<typeof cancelOnSignals> | undefined
  let cacheRecorded: Promise<void> | undefined
  let review: Promise<ReviewRun | undefined> | undefined
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
    // Started now, so their API calls overlap the credentials and the install; neither rejects.
    review = settings.review.enabled ? import('../review/review.js').then(m => m.startReview(settings as Settings, tempDir)) : undefined
    // A pull request whose reviews have spent max-pr-cost-usd gets no credentials and no model request.
    const spent = settings.review.maxPrCostUsd !== undefined ? await review : undefined
    if (spent?.budgetSpent) {
      await spent.skipForBudget()
      return 'succeeded'
    }
    const prContext = pullRequestContext(
      settings,
      tempDir,
      process.env,
      review?.then(r => r?.reviewedBefore)
    )

    // The CLI lookup or install, and bubblewrap's and socat's, run beside the credential exchange; the
    // CLI starts when all are ready. apt-get is never abandoned: a half-done install would hold dpkg's lock.
    const abandonInstall = new AbortController()
    // claude-path needs none of the install's code, which loads only for a lookup or install.
    const given = givenClaude(settings.cli)
    const cli = settings.cli
    const cliReady = given
      ? Promise.resolve(given)
      : import('../claude/install.js').then(m => m.findOrInstallClaude(cli, process.env, undefined, { signal: abandonInstall.signal, workDir: tempDir }))
    const isolationReady = prepareIsolation(settings, process.env)
    // Awaited below; a failure is reported there, or lost to an earlier one.
    cliReady.catch(() => undefined)
    isolationReady.catch(() => undefined)
    try {
      const prepare = await loadProvider(settings.provider)
      const credentials = prepare({ settings, provider: settings.provider, tempDir, deadline: credentialDeadline() })
      session = await unlessFirstFails(credentials, Promise.all([cliReady, isolationReady]))
    } catch (error) {
      abandonInstall.abort()
      throw error
    }

    // Renewal starts now, so a slow install cannot hand the CLI an expired token.
    stopRenewing = session.keepFresh?.()
    // The credentials stay in this process: the CLI gets the gateway's URL and secret instead.
    if (session.gateway) gateway = await startModelGateway(session.gateway, settings)

    const claudeEnv = buildClaudeEnv(settings, session, process.env, tempDir, gateway)
    exportForLaterSteps(settings, claudeEnv)

    const claude = await cliReady
    cacheRecorded = claude.recorded
    const isolationEnv = await isolationReady

    const executionFile = new ExecutionFile(path.join(tempDir, 'execution.jsonl'))
    cancel = cancelOnSignals()
    const pr = await prContext
    const env = { ...claudeEnv.env, ...pr.env, ...isolationEnv }
    const reviewRun = await review
    const attempts = await runWithFailover({
      settings: withPullRequestContext(settings, pr),
      session,
      env,
      executable: claude.path,
      executionFile,
      signal: cancel.signal,
      killNow: cancel.killNow,
      tools: reviewRun?.tools,
      // A resumed session's attempt starts its calls in its own region.
      onAttempt: target => target.region && gateway?.setHomeRegion(target.region)
    })
    await gateway?.close()
    await stopRenewing?.()
    stopRenewing = undefined
    if (gateway) await recordGatewayCalls(gateway, executionFile)
    // The OTLP export and its encoders load only when there are calls to send (exportGatewayCalls sends none otherwise).
    if (gateway?.meter.length) await (await import('./gateway-telemetry.js')).exportGatewayCalls(gateway.meter)
    await executionFile.close()

    const report = buildRunReport(attempts, {
      provider: settings.provider.name,
      providerLabel: session.label,
      awsAccountId: session.awsAccountId,
      executionFile: executionFile.path,
      timeoutMinutes: settings.cli.timeoutMinutes,
      executable: claude.path,
      expectsStructuredOutput: settings.cli.jsonSchema !== undefined,
      gateway: gateway && { records: gateway.meter, regional: session.region !== undefined },
      providerSettings: settings.provider,
      // The job's env, not the CLI's: with the model gateway the CLI holds a placeholder in ANTHROPIC_API_KEY.
      apiKey: fixedApiKey(settings.provider, process.env),
      workingDirectory: settings.cli.workingDirectory,
      failOnPermissionDenials: settings.cli.failOnPermissionDenials,
      writeFailure: executionFile.failure
    })
    reviewRun?.conclude(report, pr.changesSince)
    const commentUrl = await publish(report, settings)
    await reviewRun?.publish(report, commentUrl)
    if (report.failureMessage) platform().setFailed(report.failureMessage)
    return report.failureMessage ? 'failed' : 'succeeded'
  } catch (error) {
    // The review's record stays on the comment that now shows the failure; the review start never rejects.
    await fail(error, settings, (await review)?.carriedOutcome())
    return error instanceof InputError ? 'bad-input' : 'failed'
  } finally {
    cancel?.dispose()
    await gateway?.close()
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
async function fail(error: unknown, settings: Settings | undefined, review: ReviewOutcome | undefined): Promise<void> {
  const message = (error as Error).message ?? String(error)
  const report = setupFailureReport(message, settings?.provider)
  if (review) report.review = review
  await writeSummaryAndComment(report, settings?.comment)
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
