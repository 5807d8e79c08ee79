// Entry point of both steps. action.yml runs this one bundle as main and as post, as
// actions/checkout does, so the two share every chunk; the main step marks itself first.
// The command (dist/cli.js → src/cli.ts) runs this bundle too.
import { githubActions } from './platform/github-actions.js'
import { usePlatform } from './platform/platform.js'
import { isPostStep, markMainStep } from './pipeline/state.js'
import { exitOnceFlushed } from './platform/stdout.js'

/** How long a finished main step may be held open by what it abandoned before it exits anyway. */
const LINGER_MS = 3000

declare global {
  /** Set by dist/cli.js, the command, which is a shim that runs this bundle as src/cli.ts. */
  var claudeCloudActionCommand: boolean | undefined
}
// The command shares this bundle and every chunk; runCommand() exits when it is done.
if (globalThis.claudeCloudActionCommand) await (await import('./command.js')).runCommand()

usePlatform(githubActions())

if (isPostStep()) {
  const { post } = await import('./pipeline/post.js')
  await post()
  exitOnceFlushed(LINGER_MS)
} else {
  markMainStep()
  const { run } = await import('./pipeline/run.js')
  await run()
  // A GitHub OIDC request abandoned at its deadline cannot be aborted, and its socket would keep the
  // step running until the server gave up. The log's end is never cut off: see exitOnceFlushed.
  exitOnceFlushed(LINGER_MS)
}
