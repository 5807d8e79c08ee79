// Who may start a run: on issue_comment (and every other event a stranger can cause: issues,
// discussions, pull_request_target) the actor's permission is read from the GitHub API stand-in
// before any credential is requested. A reader gets a notice and no OIDC token is asked for; a
// writer runs (Bedrock with the real CLI); allowed-users and allowed-bots admit others.
import { startGitHubApi } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { eventFile, issueCommentPayload, pullRequestPayload, strangerPayload } from '../support/github-events.js'
import { runAction, visibleLog } from '../support/runner.js'

type GitHub = Awaited<ReturnType<typeof startGitHubApi>>
let github: GitHub | undefined
let world: BedrockWorld | undefined
afterEach(async () => {
  await github?.close()
  await world?.close()
})

async function commentRun(login: string, inputs: Record<string, string> = {}, event = 'issue_comment', payload = issueCommentPayload(7, login)) {
  world = await startBedrockWorld({ text: 'Reviewed on request.' })
  return runAction({
    inputs: { ...world.inputs, prompt: 'Review this pull request.', ...inputs },
    env: {
      ...world.env,
      GITHUB_API_URL: (github as GitHub).url,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventFile(payload),
      GITHUB_ACTOR: login
    }
  })
}

const permissionChecks = (gh: GitHub) => gh.requests.filter(r => r.path.endsWith('/permission')).map(r => r.path)

test('a commenter with read access gets a notice, and no OIDC token or credential is requested', async () => {
  github = await startGitHubApi()
  github.setPermission('passer-by', 'read')
  const run = await commentRun('passer-by')

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toEqual({ conclusion: 'skipped' })
  expect(visibleLog(run)).toContain(
    '::notice::passer-by has read access to octo-org/octo-repo, and a run on issue_comment needs write access, so none was started.'
  )
  expect(permissionChecks(github)).toEqual(['/repos/octo-org/octo-repo/collaborators/passer-by/permission'])
  const w = world as BedrockWorld
  expect(w.oidc.requests).toEqual([])
  expect(w.sts?.issued ?? []).toEqual([])
  expect(w.model.requests).toEqual([])
  // Nothing else of the pipeline ran: no PR context was read.
  expect(github.requests.filter(r => !r.path.endsWith('/permission'))).toEqual([])
})

test('a writer (maintain folds into write) runs', async () => {
  github = await startGitHubApi()
  github.setPermission('maintainer', 'maintain')
  const run = await commentRun('maintainer')

  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(run.outputs.result).toBe('Reviewed on request.')
  expect(run.stdout).toContain('maintainer has write access to octo-org/octo-repo: the issue_comment may start a run.')
  expect((world as BedrockWorld).oidc.requests).toHaveLength(1)
})

test('allowed-users admits a reader without a permission check; allowed-bots admits a bot, others are refused', async () => {
  github = await startGitHubApi()
  const admitted = await commentRun('trusted-reader', { 'allowed-users': 'someone-else, Trusted-Reader' })
  expect(admitted.exitCode).toBe(0)
  expect(admitted.outputs.result).toBe('Reviewed on request.')
  expect(permissionChecks(github)).toEqual([])
  await world?.close()

  const bot = await commentRun('renovate[bot]', { 'allowed-bots': 'renovate' })
  expect(bot.outputs.conclusion).toBe('success')
  await world?.close()

  const otherBot = await commentRun('dependabot[bot]', { 'allowed-bots': 'renovate' })
  expect(otherBot.outputs).toEqual({ conclusion: 'skipped' })
  expect(visibleLog(otherBot)).toContain('::notice::dependabot[bot] is a bot and not in allowed-bots')
  expect((world as BedrockWorld).oidc.requests).toEqual([])
  expect(permissionChecks(github)).toEqual([])
})

test('a failed permission check stops the run before any credential, and a bad login is an input error', async () => {
  github = await startGitHubApi()
  github.failWith(401, Infinity, {}, /\/permission$/)
  const run = await commentRun('someone')
  expect(run.exitCode).toBe(1)
  expect(visibleLog(run)).toMatch(/::error::Could not check whether someone may start a run: HTTP 401, Bad credentials\. Check github-token\. The run stops/)
  expect((world as BedrockWorld).oidc.requests).toEqual([])
  await world?.close()

  const bad = await commentRun('someone', { 'allowed-users': 'ok-user, not a login' })
  expect(bad.exitCode).toBe(1)
  expect(visibleLog(bad)).toContain("::error::Input 'allowed-users': 'not a login' is not a GitHub login")
})

test.each([
  ['issues', strangerPayload('issues', 'stranger')],
  ['discussion', strangerPayload('discussion', 'stranger')],
  ['pull_request_target', pullRequestPayload(9, 'fork-feature', 'stranger')]
])('a stranger without write access starts no run on %s: no OIDC token, no credential, no model request', async (event, payload) => {
  github = await startGitHubApi()
  const run = await commentRun('stranger', {}, event, payload)

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toEqual({ conclusion: 'skipped' })
  expect(visibleLog(run)).toContain(`::notice::stranger has read access to octo-org/octo-repo, and a run on ${event} needs write access, so none was started.`)
  expect(permissionChecks(github)).toEqual(['/repos/octo-org/octo-repo/collaborators/stranger/permission'])
  const w = world as BedrockWorld
  expect(w.oidc.requests).toEqual([])
  expect(w.model.requests).toEqual([])
})

test('on issues a bot needs allowed-bots and a listed user skips the check; on pull_request_target the labelling maintainer is the actor', async () => {
  github = await startGitHubApi()
  const bot = await commentRun('spam[bot]', {}, 'issues', strangerPayload('issues', 'spam[bot]'))
  expect(bot.outputs).toEqual({ conclusion: 'skipped' })
  expect(visibleLog(bot)).toContain('::notice::spam[bot] is a bot and not in allowed-bots, so this issues does not start a run.')
  await world?.close()

  const listed = await commentRun('reporter', { 'allowed-users': 'reporter' }, 'discussion', strangerPayload('discussion', 'reporter'))
  expect(listed.outputs.result).toBe('Reviewed on request.')
  expect(permissionChecks(github)).toEqual([])
  await world?.close()

  // A maintainer's label on a fork's PR: the event's sender is the maintainer, not the PR's author.
  github.setPermission('maintainer', 'write')
  const labelled = { ...pullRequestPayload(9, 'fork-feature', 'stranger'), action: 'labeled', sender: { login: 'maintainer', id: 4, type: 'User' } }
  const run = await commentRun('maintainer', {}, 'pull_request_target', labelled)
  expect(run.outputs.result).toBe('Reviewed on request.')
  expect(run.stdout).toContain('maintainer has write access to octo-org/octo-repo: the pull_request_target may start a run.')
  expect(permissionChecks(github)).toEqual(['/repos/octo-org/octo-repo/collaborators/maintainer/permission'])
})
