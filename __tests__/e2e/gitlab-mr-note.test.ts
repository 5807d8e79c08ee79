// The merge request note: the command in a merge request pipeline (CI_MERGE_REQUEST_IID) with the
// real CLI on the loopback model and the GitLab API stand-in, through @gitbeaker/rest.
import { startGitLabApi, startModel } from '../stand-ins/index.js'
import { FAKE_GITLAB_TOKEN, PROJECT_ID, runCommand } from '../support/command-runner.js'

const API_KEY = 'sk-ant-api03-e2e-gitlab-note-key-0123456789'
const MR_IID = 12

type Model = Awaited<ReturnType<typeof startModel>>
type GitLab = Awaited<ReturnType<typeof startGitLabApi>>
let model: Model
let gitlab: GitLab

afterEach(async () => {
  await model?.close()
  await gitlab?.close()
})

function mrRun(args: string[] = [], env: Record<string, string | undefined> = {}) {
  return runCommand({
    args: ['--model', 'claude-sonnet-4-5', '--prompt', 'Review this merge request.', '--comment-on-pr', ...args],
    secrets: [API_KEY],
    env: {
      CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: String(MR_IID),
      GITLAB_TOKEN: FAKE_GITLAB_TOKEN,
      ...env
    }
  })
}

const writes = (g: GitLab) => g.requests.filter(r => r.method === 'POST' || r.method === 'PUT').map(r => `${r.method} ${r.path}`)

test('the first run creates the note, the next run updates it in place, another comment-tag adds a second', async () => {
  model = await startModel({ text: 'The change is sound.' })
  // Someone else's notes come first, over two pages, one of them faking our marker.
  const other = { id: 7, username: 'reviewer' }
  gitlab = await startGitLabApi({
    notes: [
      ...Array.from({ length: 120 }, (_, i) => ({ iid: MR_IID, body: `note ${i}`, author: other })),
      { iid: MR_IID, body: '<!-- claude-cloud-action sticky-comment workflow=.gitlab-ci.yml job=claude-review tag= -->\nfake', author: other }
    ]
  })
  const notesPath = `/api/v4/projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes`

  const first = await mrRun()
  expect(first.exitCode).toBe(0)
  expect(writes(gitlab)).toEqual([`POST ${notesPath}`])
  const ours = gitlab.notes.filter(n => n.author.username === 'claude-bot')
  expect(ours).toHaveLength(1)
  const [note] = ours
  expect(note.body.startsWith('<!-- claude-cloud-action sticky-comment workflow=.gitlab-ci.yml job=claude-review tag= -->\n### ✓ Claude Code succeeded')).toBe(
    true
  )
  expect(note.body).toContain('The change is sound.')
  expect(note.body).toContain('| Cost | Turns | Duration | Model | Provider | Region | Tokens |')
  expect(note.body).toContain('[Job 31337](https://gitlab.com/octo-group/octo-project/-/jobs/31337)')
  expect(first.outputs['comment-url']).toBe(`https://gitlab.com/octo-group/octo-project/-/merge_requests/${MR_IID}#note_${note.id}`)
  expect(gitlab.requests.every(r => r.token === FAKE_GITLAB_TOKEN)).toBe(true)
  // Both pages were read, oldest first.
  expect(gitlab.requests.filter(r => r.method === 'GET' && r.path === notesPath).map(r => r.query.page ?? '1')).toEqual(['1', '2'])

  const second = await mrRun()
  expect(second.exitCode).toBe(0)
  expect(writes(gitlab)).toEqual([`POST ${notesPath}`, `PUT ${notesPath}/${note.id}`])
  expect(gitlab.notes.filter(n => n.author.username === 'claude-bot')).toHaveLength(1)
  expect(second.outputs['comment-url']).toBe(first.outputs['comment-url'])

  const tagged = await mrRun(['--comment-tag', 'security-review'])
  expect(tagged.exitCode).toBe(0)
  const mine = gitlab.notes.filter(n => n.author.username === 'claude-bot')
  expect(mine).toHaveLength(2)
  expect(mine[1].body.startsWith('<!-- claude-cloud-action sticky-comment workflow=.gitlab-ci.yml job=claude-review tag=security-review -->')).toBe(true)
  expect(tagged.outputs['comment-url']).not.toBe(first.outputs['comment-url'])
})

test('a 403 from GitLab is a warning naming the fix; the job stays green', async () => {
  model = await startModel({ text: 'Reviewed.' })
  gitlab = await startGitLabApi()
  gitlab.failWith(403, 5)
  const run = await mrRun()

  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(run.outputs).not.toHaveProperty('comment-url')
  expect(run.stderr).toMatch(/Warning: Could not write the MR note on !12: HTTP 403, .*api scope/)
  expect(gitlab.notes).toEqual([])
})

test('a 5xx that persists is a warning too, after the note was looked for and sent again', async () => {
  model = await startModel({ text: 'Reviewed.' })
  gitlab = await startGitLabApi()
  gitlab.failWith(500, 3, /^POST /)
  const run = await mrRun()

  expect(run.exitCode).toBe(0)
  expect(run.stderr).toContain('Warning: Could not write the MR note on !12: HTTP 500')
  expect(run.stdout).toContain('GitLab answered HTTP 500 to creating the MR note, and made nothing; sending it again.')
  expect(gitlab.notes).toEqual([])
})

test('a 502 after GitLab made the note: it is found, not sent again, and the job has one note', async () => {
  model = await startModel({ text: 'Reviewed.' })
  gitlab = await startGitLabApi()
  gitlab.failAfterEffect(502, 1, /^POST .*\/notes$/)
  const run = await mrRun()

  expect(run.exitCode).toBe(0)
  expect(run.stderr).not.toContain('Warning')
  expect(gitlab.notes).toHaveLength(1)
  expect(gitlab.requests.filter(r => r.method === 'POST')).toHaveLength(1)
  expect(run.outputs['comment-url']).toBe(`https://gitlab.com/octo-group/octo-project/-/merge_requests/${MR_IID}#note_${gitlab.notes[0].id}`)
  expect(run.stdout).toContain('GitLab answered HTTP 502 to creating the MR note, but had made it; it is not sent again.')
})

test("a rate limit: the note waits what GitLab's Retry-After says, and is written", async () => {
  model = await startModel({ text: 'Reviewed.' })
  gitlab = await startGitLabApi()
  gitlab.rateLimit({ count: 2, retryAfterSeconds: 2, match: /^POST .*\/notes$/ })
  const run = await mrRun()

  expect(run.exitCode).toBe(0)
  expect(gitlab.notes).toHaveLength(1)
  expect(gitlab.throttled).toHaveLength(2)
  // Each retry came no sooner than the Retry-After it was given.
  for (const limited of gitlab.throttled) {
    const next = gitlab.requests.find(r => r.at > limited.at && r.method === limited.method && r.path === limited.path)
    expect(next && next.at - limited.at).toBeGreaterThanOrEqual(limited.retryAfter * 1000)
  }
})

test('outside a merge request pipeline the note is skipped with a notice, and no API call is made', async () => {
  model = await startModel({ text: 'Reviewed.' })
  gitlab = await startGitLabApi()
  const run = await mrRun([], { CI_MERGE_REQUEST_IID: undefined, CI_PIPELINE_SOURCE: 'push' })

  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain('Notice: comment-on-pr is ignored: CI_MERGE_REQUEST_IID is not set')
  expect(gitlab.requests).toEqual([])
})
