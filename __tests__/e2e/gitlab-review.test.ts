// Review comments on a GitLab merge request end to end: the command (dist/cli.js) in a merge request
// pipeline, the real CLI starting the action's MCP review server, the model scripted to call the
// review tool three times (a line in the diff, a suggestion on a range, a line outside it), and the
// GitLab stand-in, which checks each draft note's position against the diff.
import { readFileSync } from 'node:fs'
import { startGitLabApi, startModel } from '../stand-ins/index.js'
import { FAKE_GITLAB_TOKEN, PROJECT_ID, runCommand } from '../support/command-runner.js'
import { cliEnvRecorder, IN_DIFF, OUTSIDE, OUTSIDE_ERROR, PATCH, reviewModel, SUGGESTION, TOOL, toolResults, type Model } from '../support/review-script.js'

const API_KEY = 'sk-ant-api03-e2e-gitlab-review-key-0123456789'
const MR_IID = 12
const DIFF_REFS = { base_sha: 'a'.repeat(40), start_sha: 'b'.repeat(40), head_sha: 'c'.repeat(40) }
const DIFFS = [
  { old_path: 'src/index.ts', new_path: 'src/index.ts', diff: `${PATCH}\n` },
  { old_path: 'docs/old.md', new_path: 'docs/new.md', renamed_file: true, diff: '@@ -1 +1 @@\n-old\n+new\n' },
  // Binary: GitLab gives no diff.
  { old_path: 'logo.png', new_path: 'logo.png', new_file: true, diff: '' }
]
const POSITION = { position_type: 'text', ...DIFF_REFS, old_path: 'src/index.ts', new_path: 'src/index.ts' }
const SUGGESTION_ON_GITLAB = 'Read both arguments at once:\n\n```suggestion:-1+0\n  const [x, y] = argv.slice(2)\n```'

type GitLab = Awaited<ReturnType<typeof startGitLabApi>>
let model: Model | undefined
let gitlab: GitLab | undefined

afterEach(async () => {
  await model?.close()
  await gitlab?.close()
  model = gitlab = undefined
})

const cliEnv = cliEnvRecorder()

function reviewRun(args: string[] = [], env: Record<string, string | undefined> = {}) {
  return runCommand({
    args: ['--model', 'claude-sonnet-4-5', '--prompt', 'Review this merge request.', '--review-comments', '--claude-path', 'claude-recording-env', ...args],
    secrets: [API_KEY],
    prepare: cliEnv.install,
    env: {
      CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: model?.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CI_API_V4_URL: gitlab?.apiUrl,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: String(MR_IID),
      GITLAB_TOKEN: FAKE_GITLAB_TOKEN,
      ...env
    }
  })
}

function mergeRequestApi(): Promise<GitLab> {
  // Someone else's diff note with our first comment's words and place: not ours, so it does not stop ours.
  const other = { id: 7, username: 'reviewer' }
  return startGitLabApi({
    mergeRequests: [{ iid: MR_IID, diffRefs: DIFF_REFS, diffs: DIFFS }],
    notes: [{ iid: MR_IID, body: IN_DIFF.body, author: other, type: 'DiffNote', position: { ...POSITION, new_line: 4 } }]
  })
}

test('three tool calls give one published review at the head with the two valid comments; a re-run on that head adds none', async () => {
  model = await reviewModel()
  gitlab = await mergeRequestApi()
  const run = await reviewRun(['--comment-on-pr'])
  expect(run.stderr).not.toMatch(/Warning|Error/)
  expect(run.exitCode).toBe(0)

  // The tool was offered directly, with the merge request's words.
  const first = model.requests.find(r => r.main)?.body
  expect(first.tools.map((t: { name: string }) => t.name)).toContain(TOOL)
  expect(JSON.stringify(first.system)).toContain(`Findings about specific lines of this merge request go through the ${TOOL} tool`)
  // The out-of-diff call came back as an error the model saw.
  const seen = toolResults(model)
  expect(seen.mains).toBe(4)
  expect(seen.errors).toEqual([false, false, true])
  expect(JSON.stringify(seen.last?.content)).toContain(OUTSIDE_ERROR)

  // One bulk_publish, of the body and the two comments, at the head.
  const path = `/api/v4/projects/${PROJECT_ID}/merge_requests/${MR_IID}/draft_notes`
  expect(gitlab.requests.filter(r => r.method === 'POST' && r.path === `${path}/bulk_publish`)).toHaveLength(1)
  expect(gitlab.publishes).toHaveLength(1)
  const [body, ...comments] = gitlab.publishes[0].notes
  expect(body.position).toBeNull()
  const sticky = gitlab.notes.find(n => n.body.startsWith('<!-- claude-cloud-action'))
  // The record of this review ends the body: the head it was made at, for the next run.
  expect(body.note).toMatch(
    new RegExp(
      `^Claude Code's line comments \\(2\\); the summary is in \\[the MR note\\]\\(https://gitlab\\.com/octo-group/octo-project/-/merge_requests/${MR_IID}#note_${sticky?.id}\\)\\.\n\n<!-- claude-cloud-action review-record check=Claude%20review head=${DIFF_REFS.head_sha} cost-usd=[\\d.]+ runs=1 -->$`
    )
  )
  expect(comments.map(c => ({ note: c.note, position: c.position }))).toEqual([
    { note: IN_DIFF.body, position: { ...POSITION, new_line: 4 } },
    { note: SUGGESTION_ON_GITLAB, position: { ...POSITION, new_line: 23 } }
  ])
  expect(JSON.stringify(gitlab.publishes)).not.toContain(OUTSIDE.body)
  expect(gitlab.drafts).toEqual([])
  expect(run.outputs['review-url']).toBe(`https://gitlab.com/octo-group/octo-project/-/merge_requests/${MR_IID}/diffs`)
  expect(run.outputs['review-comments']).toBe('2')
  expect(run.dotenv.CLAUDE_REVIEW_COMMENTS).toBe('2')
  expect(gitlab.requests.every(r => r.token === FAKE_GITLAB_TOKEN)).toBe(true)

  // Neither the CLI nor so the MCP server it starts had the GitLab token, under any name.
  const recorded = readFileSync(cliEnv.file, 'utf8')
  expect(recorded).toContain('ANTHROPIC_BASE_URL=')
  expect(recorded).not.toContain(FAKE_GITLAB_TOKEN)

  // Same head, same findings: nothing is published again.
  await model.close()
  model = await reviewModel()
  const again = await reviewRun(['--comment-on-pr'])
  expect(again.exitCode).toBe(0)
  expect(gitlab.publishes).toHaveLength(1)
  expect(gitlab.requests.filter(r => r.method === 'POST' && r.path === path)).toHaveLength(3)
  expect(again.outputs['review-comments']).toBe('0')
  expect(again.outputs['review-url']).toBeUndefined()
  expect(again.stdout).toContain('Every line comment is already on this commit')
})

test('the review survives a 2-second rate limit: each request waits the Retry-After GitLab gave', async () => {
  model = await reviewModel()
  gitlab = await mergeRequestApi()
  // Rack::Attack answers the review's writes 429 "Retry later" three times, Retry-After: 2.
  gitlab.rateLimit({ count: 3, retryAfterSeconds: 2, match: /^POST .*\/draft_notes(\/bulk_publish)?$/ })
  const run = await reviewRun()

  expect(run.exitCode).toBe(0)
  expect(run.stderr).not.toMatch(/Warning/)
  expect(gitlab.publishes).toHaveLength(1)
  expect(gitlab.publishes[0].notes).toHaveLength(3)
  expect(run.outputs['review-comments']).toBe('2')
  expect(gitlab.throttled).toHaveLength(3)
  // The request after each 429 (its retry: the review's requests go one at a time) came no sooner than Retry-After.
  for (const limited of gitlab.throttled) {
    const next = gitlab.requests.find(r => r.at > limited.at)
    expect({ path: next?.path, waitedEnough: (next?.at ?? 0) - limited.at >= limited.retryAfter * 1000 }).toEqual({ path: limited.path, waitedEnough: true })
  }
})

test('a 403 on publishing is a warning, exit 0, the drafts are taken back, and the comments are in summary.md', async () => {
  model = await reviewModel()
  gitlab = await mergeRequestApi()
  gitlab.failWith(403, 1, /^POST .*\/bulk_publish$/)
  const run = await reviewRun()
  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(run.stderr).toMatch(
    /Warning: Could not post the review on merge request !12: HTTP 403, .*write draft notes on this merge request; .*api scope.* Its 2 line comments are in the job summary\./
  )
  expect(gitlab.publishes).toEqual([])
  // Left pending, they would go out with the next review this user publishes.
  expect(gitlab.drafts).toEqual([])
  expect(run.summary).toContain('## ✓ Claude Code succeeded')
  expect(run.summary).toContain('### Review comments not posted')
  expect(run.summary).toContain(`**\`src/index.ts\` line 4**\n\n${IN_DIFF.body}`)
  expect(run.summary).toContain(`**\`src/index.ts\` lines 22-23**\n\n${SUGGESTION.body}`)
  expect(run.outputs['review-comments']).toBe('0')
})

test('a 422 on a draft note is a warning too, and nothing is left pending', async () => {
  model = await reviewModel()
  gitlab = await mergeRequestApi()
  gitlab.failWith(422, 1, /^POST .*\/draft_notes$/)
  const run = await reviewRun()
  expect(run.exitCode).toBe(0)
  expect(run.stderr).toMatch(/Warning: Could not post the review on merge request !12: HTTP 422, .*new push/)
  expect(gitlab.publishes).toEqual([])
  expect(gitlab.drafts).toEqual([])
  expect(run.summary).toContain('### Review comments not posted')
})

test('past max-review-comments the comments go into the body; without comment-on-pr it carries the headline and the job link', async () => {
  model = await reviewModel()
  gitlab = await mergeRequestApi()
  const run = await reviewRun(['--max-review-comments', '1'])
  expect(run.exitCode).toBe(0)
  expect(gitlab.publishes).toHaveLength(1)
  const [body, ...comments] = gitlab.publishes[0].notes
  expect(comments.map(c => c.note)).toEqual([IN_DIFF.body])
  expect(body.note).toContain('### ✓ Claude Code succeeded')
  expect(body.note).toContain("Claude Code's line comments (1) · [job](https://gitlab.com/octo-group/octo-project/-/jobs/31337)")
  expect(body.note).toContain('#### 1 more (past max-review-comments)')
  expect(body.note).toContain(`**\`src/index.ts\` lines 22-23**\n\n${SUGGESTION.body}`)
  expect(run.outputs['review-comments']).toBe('1')
  expect(gitlab.notes.filter(n => n.body.startsWith('<!-- claude-cloud-action'))).toEqual([])
})

test("no quick action runs: /approve in the model's text and /unapprove in a line comment reach GitLab as code, in the note, its edit and the published drafts", async () => {
  const comment = { path: 'src/index.ts', line: 4, body: 'This logs secrets.\n/unapprove\n/label ~"security::ok"' }
  const steered = () => startModel({ turns: [{ toolUse: { name: TOOL, input: comment } }], text: 'Looks fine.\n/approve\n/merge' })
  model = await steered()
  gitlab = await mergeRequestApi()
  const run = await reviewRun(['--comment-on-pr'])
  expect(run.exitCode).toBe(0)
  expect(gitlab.publishes).toHaveLength(1)
  expect(gitlab.publishes[0].notes[1].note).toBe('This logs secrets.\n`/unapprove`\n`/label ~"security::ok"`')
  const sticky = () => gitlab?.notes.find(n => n.body.startsWith('<!-- claude-cloud-action'))
  expect(sticky()?.body).toContain('Looks fine.\n`/approve`\n`/merge`')

  // The next run edits the note, and knows its comment as posted (the re-run check compares the body as sent).
  await model.close()
  model = await steered()
  const again = await reviewRun(['--comment-on-pr'])
  expect(again.exitCode).toBe(0)
  expect(gitlab.requests.filter(r => r.method === 'PUT' && r.path.includes('/notes/'))).toHaveLength(1)
  expect(again.stdout).toContain('Every line comment is already on this commit')
  expect(gitlab.quickActions).toEqual([])
  expect(gitlab.quickActionsRun).toBe(false)
})

test('outside a merge request pipeline review-comments is ignored with a notice, and no API call is made', async () => {
  model = await reviewModel()
  gitlab = await mergeRequestApi()
  const run = await reviewRun([], { CI_MERGE_REQUEST_IID: undefined, CI_PIPELINE_SOURCE: 'push' })
  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain('Notice: review-comments is ignored: CI_MERGE_REQUEST_IID is not set')
  expect(gitlab.requests).toEqual([])
})

test('review-comments without a GitLab token exits 2 before anything runs, naming GITLAB_TOKEN', async () => {
  const run = await reviewRun([], { GITLAB_TOKEN: undefined, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', CI_API_V4_URL: 'http://127.0.0.1:9/api/v4' })
  expect(run.exitCode).toBe(2)
  expect(run.stderr).toContain("Error: Input 'gitlab-token': review-comments needs a GitLab token with api scope; set the masked CI/CD variable GITLAB_TOKEN")
})
