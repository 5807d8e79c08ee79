// The command: claude-cloud-action in GitLab CI/CD or any other CI. It chooses the platform, runs the
// action's own pipeline (main.ts), and does what the post step does on GitHub: removes the private
// directory with the credential files at exit, also on SIGINT and SIGTERM (a cancelled job).
// Exit codes: 0 success, 1 the run failed, 2 bad input (before any request).
import os from 'node:os'
import { run, type StepOutcome } from './pipeline/run.js'
import { helpText, versionText } from './platform/command-help.js'
import { commandInputs, CommandLineError, envName, guideVariablesRead, parseCommandLine } from './platform/command-inputs.js'
import { genericPlatform } from './platform/generic.js'
import { gitLabPlatform } from './platform/gitlab.js'
import { log, usePlatform } from './platform/platform.js'
import { exitWhenFlushed } from './platform/stdout.js'
import { post } from './pipeline/post.js'

const EXIT_CODES: Record<StepOutcome, number> = { succeeded: 0, failed: 1, 'bad-input': 2 }

export async function runCommand(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<never> {
  let line: ReturnType<typeof parseCommandLine>
  try {
    line = parseCommandLine(argv)
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error
    process.stderr.write(`Error: ${error.message}\n`)
    return exitWhenFlushed(2)
  }
  if (line.kind !== 'run') {
    process.stdout.write(line.kind === 'help' ? helpText() : versionText())
    return exitWhenFlushed(0)
  }
  const options = { input: commandInputs(line.flags, env), env }
  usePlatform(env.GITLAB_CI === 'true' ? gitLabPlatform(options) : genericPlatform(options))
  for (const { input, variable } of guideVariablesRead(line.flags, env)) {
    log.info(`${input}: from ${variable}, the name in Claude Code's GitLab guide (--${input} or ${envName(input)} would come first).`)
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    // While Claude Code runs, main.ts stops it and the run still reports; the cleanup below follows.
    if (process.listenerCount(signal) > 1) return
    void post().finally(() => exitWhenFlushed(128 + os.constants.signals[signal]))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // A failure nothing caught still removes the private directory (credential files) before the exit.
  const onCrash = (error: unknown): void => {
    log.error((error as Error)?.message ?? String(error))
    void post().finally(() => exitWhenFlushed(EXIT_CODES.failed))
  }
  process.once('uncaughtException', onCrash)
  process.once('unhandledRejection', onCrash)

  let outcome: StepOutcome = 'failed'
  try {
    outcome = await run()
  } finally {
    await post()
  }
  // Abandoned requests (an OIDC or STS call past its deadline) must not hold the job open.
  return exitWhenFlushed(EXIT_CODES[outcome])
}
