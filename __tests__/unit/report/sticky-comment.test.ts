// The sticky comment against the GitHub REST stand-in (no CLI): when another bot's comment carries
// the marker (the token changed from GITHUB_TOKEN to an app's), its 403 sends the update on to our
// own comment, so repeated runs keep one comment of ours instead of adding one each time.
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { commentOnPullRequest, stickyMarker } from '../../../src/report/sticky-comment.js'
import { gitHubRunLink } from '../../../src/code-hosts/github/comments.js'

const commentMarker = (tag: string, env: NodeJS.ProcessEnv) => stickyMarker(tag, gitHubRunLink(env))
import { setupFailureReport } from '../../../src/report/publish.js'
import { startGitHubApi } from '../../stand-ins/index.js'

const APP = { login: 'review-app[bot]', id: 77, type: 'Bot' }

function prEnv(apiUrl: string): NodeJS.ProcessEnv {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-event-')), 'event.json')
  writeFileSync(
    file,
    JSON.stringify({
      number: 7,
      pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'f' } },
      repository: { name: 'octo-repo', owner: { login: 'octo-org' } }
    })
  )
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: apiUrl,
    GITHUB_WORKFLOW: 'Claude review',
    GITHUB_JOB: 'review',
    GITHUB_RUN_ID: '1',
    GITHUB_SERVER_URL: 'https://github.com'
  }
}

test('a marked comment of another bot is skipped after its 403, and our own is updated on every later run', async () => {
  const github = await startGitHubApi({ user: APP })
  try {
    const env = prEnv(github.url)
    // An earlier run with GITHUB_TOKEN left this one; it is github-actions[bot]'s, not the app's.
    github.addComment({ issue_number: 7, body: `${commentMarker('', env)}\n### old review` })
    const settings = { enabled: true, tag: '', token: 'ghs_appToken0123456789abcdef' }
    // The code host reads the runner's variables from the process env, as in a step.
    const saved = { ...process.env }
    Object.assign(process.env, env)
    try {
      for (const run of [1, 2, 3]) await commentOnPullRequest(setupFailureReport(`run ${run}`), settings)
    } finally {
      for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name]
      Object.assign(process.env, saved)
    }

    expect(github.comments.map(c => c.user.login)).toEqual(['github-actions[bot]', APP.login])
    expect(github.comments[1].body).toContain('run 3')
    expect(github.requests.filter(r => r.method === 'POST')).toHaveLength(1)
  } finally {
    await github.close()
  }
})
