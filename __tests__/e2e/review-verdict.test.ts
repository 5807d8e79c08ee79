// The review's verdict end to end: the model stand-in calls the review tool's set_verdict (or does not),
// the real CLI, the bundled action, and the GitHub stand-in's check runs. A pass is a successful check
// run with the line comments as annotations, a fail a failing one, no verdict a neutral one; a 403 on
// check runs is a warning with the verdict in the summary; a clean pass is said, never silence; and a
// workflow_dispatch run reviews the pull request that the pull-request input names.
import { startGitHubApi, startModel, HEAD_SHA } from '../stand-ins/index.js'
import { eventFile, issueCommentPayload, pullRequestPayload, REPOSITORY } from '../support/github-events.js'
import {
  commentCall,
  IN_DIFF,
  PATCH,
  readNamed,
  SUGGESTION,
  systemPrompt,
  toolResultTexts,
  TOOL,
  VERDICT_TOOL,
  verdictCall,
  type Model
} from '../support/review-script.js'
import { FAKE_GITHUB_TOKEN, runAction, visibleLog } from '../support/runner.js'

const API_KEY = 'sk-ant-api03-e2e-review-verdict-key-0123456789'
const PR = 7
const FILES = [{ filename: 'src/index.ts', status: 'modified', additions: 4, deletions: 1, patch: PATCH }]
const PASS_SUMMARY = 'The options are parsed once and passed on; nothing blocks this.'
const FAIL_SUMMARY = 'The whole options object is logged, secrets included.'

type GitHub = Awaited<ReturnType<typeof startGitHubApi>>
let model: Model | undefined
let github: GitHub | undefined

afterEach(async () => {
  await model?.close()
  await github?.close()
  model = github = undefined
})

function review(inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Review this pull request.', 'review-comments': 'true', ...inputs },
    env: {
      ANTHROPIC_BASE_URL: model?.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      GITHUB_API_URL: github?.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile({ ...pullRequestPayload(PR), action: 'synchronize' }),
      GITHUB_REF: `refs/pull/${PR}/merge`,
      ...env
    }
  })
}

/** The check runs GitHub shows at the head: the newest of each name. */
type CheckRuns = { total_count: number; check_runs: { id: number; name: string; conclusion: string; status: string }[] }
async function checksAtHead(): Promise<CheckRuns> {
  const response = await fetch(`${github?.url}/repos/octo-org/octo-repo/commits/${HEAD_SHA}/check-runs?check_name=${encodeURIComponent('Claude review')}`, {
    headers: { authorization: `token ${FAKE_GITHUB_TOKEN}` }
  })
  return (await response.json()) as CheckRuns
}

test('verdict pass, then fail on the same head: each run one completed check run, with the line comments as annotations; GitHub shows the latest', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR })
  model = await startModel({ turns: [commentCall(IN_DIFF), commentCall(SUGGESTION), verdictCall('pass', PASS_SUMMARY)], text: 'Two notes.' })
  const pass = await review()
  expect(pass.exitCode).toBe(0)
  expect(visibleLog(pass)).not.toMatch(/::(warning|error|notice)::/)
  // The model was offered set_verdict beside the comment tool, and told to call it once at the end.
  const first = model.requests.find(r => r.main)?.body
  expect(first.tools.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining([TOOL, VERDICT_TOOL]))
  expect(systemPrompt(first)).toContain(`When the review is done, call the ${VERDICT_TOOL} tool once`)
  expect(pass.outputs.verdict).toBe('pass')

  expect(github.checkRuns).toHaveLength(1)
  const [passed] = github.checkRuns
  expect(passed).toMatchObject({ name: 'Claude review', head_sha: HEAD_SHA, status: 'completed', conclusion: 'success' })
  expect(passed.output.title).toBe('Pass · 2 line comments')
  expect(passed.output.summary).toContain(`**Verdict: ✓ pass** · 2 line comments\n\n${PASS_SUMMARY}`)
  expect(passed.external_id).toMatch(new RegExp(`^<!-- claude-cloud-action review-record check=Claude%20review head=${HEAD_SHA} cost-usd=[\\d.]+ runs=1 -->$`))
  expect(passed.annotations.map((a: Record<string, unknown>) => [a.path, a.start_line, a.end_line, a.annotation_level, a.message])).toEqual([
    ['src/index.ts', 4, 4, 'notice', IN_DIFF.body],
    ['src/index.ts', 22, 23, 'notice', SUGGESTION.body]
  ])
  expect(pass.summary).toContain(`### Review\n\n**Verdict: ✓ pass** · 2 line comments\n\n${PASS_SUMMARY}`)

  await model.close()
  model = await startModel({ turns: [commentCall(IN_DIFF), verdictCall('fail', FAIL_SUMMARY)], text: 'One blocker.' })
  const fail = await review()
  // A fail is the check's, not the step's: the step stays green.
  expect(fail.exitCode).toBe(0)
  expect(fail.outputs.conclusion).toBe('success')
  expect(fail.outputs.verdict).toBe('fail')
  expect(github.checkRuns).toHaveLength(2)
  const failed = github.checkRuns[1]
  expect(failed).toMatchObject({ head_sha: HEAD_SHA, status: 'completed', conclusion: 'failure' })
  expect(failed.output.title).toBe('Fail · 1 line comment')
  expect(failed.annotations).toEqual([
    expect.objectContaining({ path: 'src/index.ts', start_line: 4, end_line: 4, annotation_level: 'failure', message: IN_DIFF.body })
  ])
  expect(failed.external_id).toMatch(/runs=2 -->$/)
  // What GitHub shows at the head, and what a required check reads: exactly one run of that name, the latest, completed.
  const shown = await checksAtHead()
  expect(shown.total_count).toBe(1)
  expect(shown.check_runs[0]).toMatchObject({ id: failed.id, status: 'completed', conclusion: 'failure' })
})

test('more than 50 line comments reach the check run in pages of 50', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR })
  // 55 distinct comments on the six commentable lines of the first hunk.
  const calls = Array.from({ length: 55 }, (_, i) => commentCall({ path: 'src/index.ts', line: (i % 6) + 1, body: `Finding ${i + 1}.` }))
  model = await startModel({ turns: [...calls, verdictCall('fail', FAIL_SUMMARY)], text: 'Many.' })
  // The second page lands, but GitHub answers 502: it is not sent again, so no annotation shows twice.
  github.failAfterEffect(502, 1, /^PATCH .*\/check-runs\/\d+$/)
  const run = await review({ 'max-review-comments': '60', 'max-turns': '80' })
  expect(run.exitCode).toBe(0)
  expect(github.checkRuns).toHaveLength(1)
  expect(github.checkRuns[0].annotations).toHaveLength(55)
  expect(new Set(github.checkRuns[0].annotations.map((a: { message: string }) => a.message)).size).toBe(55)
  const writes = github.requests.filter(r => /check-runs/.test(r.path) && r.method !== 'GET')
  expect(writes.map(r => [r.method, r.body.output.annotations.length])).toEqual([
    ['POST', 50],
    ['PATCH', 5]
  ])
  expect(visibleLog(run)).toContain("GitHub answered HTTP 502 to creating the check run's annotations, but had made it; it is not sent again.")
  expect(github.checkRuns[0].output.annotations_count).toBe(55)
}, 120_000)

test('no verdict: the check run is neutral, and the log and summary say Claude gave none', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR })
  model = await startModel({ turns: [commentCall(IN_DIFF)], text: 'One note, no verdict.' })
  const run = await review()
  expect(run.exitCode).toBe(0)
  expect(run.outputs.verdict).toBe('none')
  expect(github.checkRuns).toEqual([expect.objectContaining({ conclusion: 'neutral', status: 'completed' })])
  expect(github.checkRuns[0].output.title).toBe('No verdict · 1 line comment')
  expect(visibleLog(run)).toContain(
    `::notice::Claude gave no verdict on pull request #7 (it did not call ${VERDICT_TOOL}); the check "Claude review" is neutral, which blocks nothing.`
  )
  expect(run.summary).toContain('**No verdict**: Claude gave none (it did not call set_verdict), so the check is neutral')
})

test('a 403 on check runs is a warning: the step stays green and the verdict is in the summary', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR, permissions: { checks: 'read' } })
  model = await startModel({ turns: [commentCall(IN_DIFF), verdictCall('fail', FAIL_SUMMARY)], text: 'One blocker.' })
  const run = await review()
  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(run.outputs.verdict).toBe('fail')
  expect(github.checkRuns).toEqual([])
  expect(visibleLog(run)).toContain(
    '::warning::Could not post the verdict on pull request #7 as "Claude review": HTTP 403, Resource not accessible by integration. Give the job `permissions: checks: write` for the check run "Claude review"; a personal access token cannot write check runs at all (use GITHUB_TOKEN or a GitHub App\'s token). The verdict (fail) is in the job summary.'
  )
  expect(run.summary).toContain(`**Verdict: ✗ fail** · 1 line comment\n\n${FAIL_SUMMARY}`)
  // The review itself went out.
  expect(github.reviews).toHaveLength(1)
})

test('a clean pass is said: a successful check run and the verdict in the sticky comment, and no empty review', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR })
  model = await startModel({ turns: [verdictCall('pass', 'No issues found.')], text: 'Looks good.' })
  const run = await review({ 'comment-on-pr': 'true' })
  expect(run.exitCode).toBe(0)
  expect(github.reviews).toEqual([])
  expect(github.checkRuns).toEqual([expect.objectContaining({ conclusion: 'success', status: 'completed' })])
  expect(github.checkRuns[0].output).toMatchObject({ title: 'Pass · 0 line comments' })
  expect(github.checkRuns[0].output.summary).toContain('No issues found.')
  const sticky = github.comments.find(c => c.body.startsWith('<!-- claude-cloud-action sticky-comment'))
  expect(sticky?.body).toContain('### ✓ Claude Code succeeded\n\n**Verdict: ✓ pass** · 0 line comments\n\nNo issues found.')
  expect(sticky?.body).toMatch(/<!-- claude-cloud-action review-record check=Claude%20review head=c{40} cost-usd=[\d.]+ runs=1 -->\n$/)
})

test('workflow_dispatch with pull-request reviews that pull request as on pull_request: the diff file, the review at its head, the check run', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR })
  github.setDiff('diff --git a/src/index.ts b/src/index.ts\n--- a/src/index.ts\n+++ b/src/index.ts\n@@ -1 +1 @@\n-run()\n+dispatched-diff-line-3c9e\n')
  model = await startModel({
    turns: [readNamed(/diff, base\.\.\.head, is in (\S+?pr\.diff)/), commentCall(IN_DIFF), verdictCall('pass', PASS_SUMMARY)],
    text: 'Reviewed.'
  })
  const dispatch = { inputs: { pr: String(PR) }, ref: 'refs/heads/main', repository: REPOSITORY, sender: { login: 'maintainer', id: 9, type: 'User' } }
  const run = await review(
    { 'pull-request': String(PR), 'comment-on-pr': 'true' },
    { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: eventFile(dispatch), GITHUB_REF: 'refs/heads/main' }
  )
  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).not.toMatch(/::(warning|error|notice)::/)
  expect(systemPrompt(model.requests.find(r => r.main)?.body)).toMatch(
    /This run is about pull request #7 \(feature-7 into main\): its diff, base\.\.\.head, is in \S+\/pull-request\/pr\.diff/
  )
  expect(toolResultTexts(model).join('\n')).toContain('dispatched-diff-line-3c9e')
  expect(github.reviews).toEqual([expect.objectContaining({ commit_id: HEAD_SHA, pull_number: PR })])
  expect(github.checkRuns).toEqual([expect.objectContaining({ head_sha: HEAD_SHA, conclusion: 'success' })])
  expect(github.comments.map(c => c.issue_number)).toEqual([PR])
  expect(run.outputs['review-comments']).toBe('1')
})

test('with pull-request, the commenter check still applies to the event that started the run', async () => {
  github = await startGitHubApi({ files: FILES, pullNumber: PR })
  model = await startModel({ turns: [verdictCall('pass', PASS_SUMMARY)], text: 'Reviewed.' })
  // A comment on another pull request, by a reader, asking for a review of #7.
  const run = await review(
    { 'pull-request': String(PR), 'comment-on-pr': 'true' },
    { GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: eventFile(issueCommentPayload(3, 'stranger')), GITHUB_REF: 'refs/heads/main' }
  )
  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('skipped')
  expect(visibleLog(run)).toContain('::notice::stranger has read access to octo-org/octo-repo, and a run on issue_comment needs write access')
  expect(model.requests).toEqual([])
  expect(github.reviews).toEqual([])
  expect(github.checkRuns).toEqual([])
})
