// Who may start a run. On events a stranger can cause (an issue, a comment, a review, a discussion;
// on a public repository anyone can) the workflow would otherwise run with the repository's secrets
// and OIDC role, so the actor needs write access, checked through the API before any credential is
// requested. `allowed-users` and `allowed-bots` widen it. `pull_request_target` counts: it runs with
// the base repository's secrets for a fork's PR, and its actor is whoever caused the event (the fork's
// author on `opened` and `synchronize`, the maintainer who added a label on `labeled`). `pull_request`
// keeps GitHub's own rules (a fork's PR gets no secrets or OIDC token there); other CIs have no such
// events, so only the GitHub platform asks this module.
import { log } from '../../platform/platform.js'
import { readEventPayload, repositoryOf } from './event.js'
import type { Settings } from '../../settings/settings.js'

/** Events someone without write access can cause: a commenter, an issue or discussion author, a reviewer, a fork's PR author, a stargazer. */
export const STRANGER_EVENTS = [
  'issues',
  'issue_comment',
  'discussion',
  'discussion_comment',
  'pull_request_review',
  'pull_request_review_comment',
  'commit_comment',
  'pull_request_target',
  'fork',
  'watch',
  'gollum'
]
/** `permission` as GET /collaborators/{user}/permission reports it (maintain folds into write). */
const WRITE_PERMISSIONS = ['admin', 'write']

/** Why the actor may not start this run, or undefined when they may. Throws when it cannot tell. */
export async function triggerRefusal(settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  if (!STRANGER_EVENTS.includes(eventName)) return undefined
  const payload = readEventPayload(env.GITHUB_EVENT_PATH)
  const sender = payload?.sender as { login?: unknown; type?: unknown } | undefined
  const actor = typeof sender?.login === 'string' ? sender.login : (env.GITHUB_ACTOR ?? '')
  const { allowedUsers, allowedBots } = settings.trigger ?? { allowedUsers: [], allowedBots: [] }
  const listed = (list: string[], name: string): boolean => list.some(entry => entry === '*' || entry.toLowerCase() === name.toLowerCase())

  if (!actor) throw new Error(`The ${eventName} event names no actor, so the action cannot check who started it; the run stops.`)
  if (actor.endsWith('[bot]') || sender?.type === 'Bot') {
    if (listed(allowedBots, actor) || listed(allowedBots, actor.replace(/\[bot\]$/, ''))) return undefined
    return `${actor} is a bot and not in allowed-bots, so this ${eventName} does not start a run. Add it to allowed-bots to let it.`
  }
  if (listed(allowedUsers, actor)) {
    log.info(`${actor} is in allowed-users: the run goes on without a permission check.`)
    return undefined
  }
  const repository = repositoryOf(env, payload)
  const token = settings.comment.token
  if (!repository || !token) {
    throw new Error(
      `Cannot check whether ${actor} may start a run on ${eventName}: ${token ? 'the event names no repository' : 'there is no github-token'}. The run stops.`
    )
  }
  let permission: string
  // The API client loads only for this check: other events, bots and listed users need none.
  const { createGitHubClient, describeGitHubError } = await import('./client.js')
  try {
    const octokit = await createGitHubClient(token, env)
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repository,
      username: actor,
      request: { signal: AbortSignal.timeout(30_000) }
    })
    permission = data.permission
  } catch (error) {
    throw new Error(`Could not check whether ${actor} may start a run: ${describeGitHubError(error, 'read')} The run stops, since it cannot tell.`, {
      cause: error
    })
  }
  if (WRITE_PERMISSIONS.includes(permission)) {
    log.info(`${actor} has ${permission} access to ${repository.owner}/${repository.repo}: the ${eventName} may start a run.`)
    return undefined
  }
  return `${actor} has ${permission} access to ${repository.owner}/${repository.repo}, and a run on ${eventName} needs write access, so none was started. A maintainer can add them to allowed-users.`
}
