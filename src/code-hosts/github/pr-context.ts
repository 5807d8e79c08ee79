// Pull request context. Claude Code gets the diff and the changed-file list as files
// in a directory of their own, named by one appended system-prompt line, so `Read` is all it needs
// (Claude's tools cannot read its environment, and a prompt is not expanded); the PR number, refs
// and files are in its environment too, for hooks and scripts.
// Nothing here can fail the step: a GitHub API problem is a warning and the run goes on without it.
import { log } from '../../platform/platform.js'
import { addSecret, redact } from '../../platform/secrets.js'
import type { Settings } from '../../settings/settings.js'
import type { ReviewedBefore } from './changes-since.js'
import { readPullRequestEvent } from './event.js'
import type { PullRequestContext } from './pr-files.js'

export type { PullRequestContext }

/**
 * The PR's context for the CLI, nothing outside pull requests. Starts no import and no request on
 * other events. Never rejects: API failures become one warning and what is known so far.
 * `reviewedBefore` (the review's, never rejecting) names the head of an earlier review: the diff file
 * then holds the changes since it, and the whole diff is named beside it.
 */
export async function pullRequestContext(
  settings: Settings,
  tempDir: string,
  env: NodeJS.ProcessEnv = process.env,
  reviewedBefore?: Promise<ReviewedBefore | undefined>
): Promise<PullRequestContext> {
  const token = settings.comment.token
  addSecret(token)
  try {
    const pr = readPullRequestEvent(env, settings.comment.pullRequest)
    if (!pr) return { env: {} }
    // The API calls, the diff and the file list (pr-files.ts) load only for a pull request.
    const { gatherPullRequestContext } = await import('./pr-files.js')
    return await gatherPullRequestContext(pr, settings, tempDir, env, reviewedBefore)
  } catch (error) {
    log.warning(`Could not gather the pull request context: ${redact((error as Error).message ?? String(error))}`)
    return { env: {} }
  }
}

/** The settings the CLI runs with: the context line appended to the system prompt, its directory readable. */
export function withPullRequestContext(settings: Settings, context: PullRequestContext): Settings {
  if (!context.systemPromptLine || !context.dir) return settings
  const appendSystemPrompt = [settings.cli.appendSystemPrompt, context.systemPromptLine].filter(Boolean).join('\n\n')
  return { ...settings, cli: { ...settings.cli, appendSystemPrompt, addDirs: [...(settings.cli.addDirs ?? []), context.dir] } }
}
