// A review across runs on a GitLab merge request, through the command (dist/cli.js) as a merge request
// pipeline runs it: the real CLI with the action's review tool, the model stand-in reading the diff
// file its system prompt names and giving a verdict, and the GitLab stand-in's commit graph, pushed
// between runs. The first review leaves its record in the MR note; after a push Claude's diff file
// holds only the changes since that head (the repository compare), and each verdict is a commit status.
import { startGitLabApi, startModel } from '../stand-ins/index.js'
import { FAKE_GITLAB_TOKEN, PROJECT_ID, runCommand } from '../support/command-runner.js'
import { commentCall, readNamed, systemPrompt, toolResultTexts, verdictCall, type Model } from '../support/review-script.js'

const API_KEY = 'sk-ant-api03-e2e-gitlab-rounds-key-0123456789'
const MR_IID = 12

const BASE_APP = ['export const one = 1', 'export const two = 2', 'export const three = 3', ''].join('\n')
const A_APP = BASE_APP.replace('three = 3', "three = 'changed-in-A-61fe'")
const BASE_UTIL = ['export function util() {', '  return 1', '}', ''].join('\n')
const B_UTIL = BASE_UTIL.replace('return 1', "return 'changed-in-B-0d3a'")

const WHOLE_DIFF = /its diff, base\.\.\.head, is in (\S+?mr\.diff)/
const CHANGES = /the changes since that review, \S+, are in (\S+?changes-since-review\.diff)/

type GitLab = Awaited<ReturnType<typeof startGitLabApi>>
let model: Model | undefined
let gitlab: GitLab | undefined

afterEach(async () => {
  await model?.close()
  await gitlab?.close()
  model = gitlab = undefined
})

function review() {
  return runCommand({
    args: ['--model', 'claude-sonnet-4-5', '--prompt', 'Review this merge request.', '--review-comments', '--comment-on-pr'],
    secrets: [API_KEY],
    env: {
      CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: model?.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CI_API_V4_URL: gitlab?.apiUrl,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: String(MR_IID),
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: `feature-${MR_IID}`,
      GITLAB_TOKEN: FAKE_GITLAB_TOKEN
    }
  })
}

test('run 1 at head A, then a push to B: the diff file holds only A...B, and each verdict is a commit status at its head', async () => {
  const mr: {
    iid: number
    baseFiles: Record<string, string>
    headFiles: Record<string, string>
    diffRefs?: { base_sha: string; start_sha: string; head_sha: string }
  } = {
    iid: MR_IID,
    baseFiles: { 'src/app.ts': BASE_APP, 'src/util.ts': BASE_UTIL },
    headFiles: { 'src/app.ts': A_APP }
  }
  gitlab = await startGitLabApi({ mergeRequests: [mr] })
  // The stand-in made head A's commit and wrote its diff_refs into the merge request.
  const headA = mr.diffRefs?.head_sha ?? ''
  model = await startModel({
    turns: [readNamed(WHOLE_DIFF), commentCall({ path: 'src/app.ts', line: 3, body: 'A string where a number was.' }), verdictCall('pass', 'Fine.')],
    text: 'Reviewed.'
  })
  const first = await review()
  expect(first.exitCode).toBe(0)
  expect(first.stderr).not.toMatch(/Warning|Error/)
  expect(systemPrompt(model.requests.find(r => r.main)?.body)).toMatch(
    /This run is about merge request !12 \(feature-12 into main\): its diff, base\.\.\.head, is in \S+\/merge-request\/mr\.diff\. Read them/
  )
  expect(toolResultTexts(model).join('\n')).toContain('changed-in-A-61fe')
  expect(first.outputs.verdict).toBe('pass')
  expect(gitlab.statuses).toEqual([
    expect.objectContaining({ project: PROJECT_ID, sha: headA, ref: `feature-${MR_IID}`, name: 'Claude review', status: 'success', retried: false })
  ])
  expect(gitlab.statuses[0].description).toBe('Pass · 1 line comment: Fine.')
  const sticky = () => gitlab?.notes.find(n => n.body.startsWith('<!-- claude-cloud-action sticky-comment'))
  expect(sticky()?.body).toMatch(new RegExp(`<!-- claude-cloud-action review-record check=Claude%20review head=${headA} cost-usd=[\\d.]+ runs=1 -->\\n$`))

  // A push that changes src/util.ts only.
  const headB = gitlab.setHead(MR_IID, undefined, { contents: { 'src/util.ts': B_UTIL }, message: 'Fix util' })
  await model.close()
  model = await startModel({ turns: [readNamed(CHANGES), verdictCall('fail', 'util() now returns a string.')], text: 'One blocker.' })
  const second = await review()
  expect(second.exitCode).toBe(0)
  expect(second.stderr).not.toMatch(/Warning|Error/)
  const line = systemPrompt(model.requests.find(r => r.main)?.body)
    .split('\n')
    .find(l => l.startsWith('This run is about merge request !12'))
  expect(line).toMatch(
    new RegExp(
      `^This run is about merge request !12 \\(feature-12 into main\\), which this action reviewed before at ${headA.slice(0, 12)}: the changes since that review, ${headA.slice(0, 12)}\\.\\.\\.${headB.slice(0, 12)}, are in \\S+/merge-request/changes-since-review\\.diff \\(review these\\); its whole diff, base\\.\\.\\.head, is in \\S+/merge-request/mr\\.diff, for context\\.`
    )
  )
  const read = toolResultTexts(model).join('\n')
  expect(read).toContain('changed-in-B-0d3a')
  expect(read).not.toContain('changed-in-A-61fe')
  const api = `/api/v4/projects/${PROJECT_ID}/repository`
  expect(gitlab.requests.some(r => r.path === `${api}/merge_base`)).toBe(true)
  expect(gitlab.requests.some(r => r.path === `${api}/compare` && r.query.from === headA && r.query.to === headB)).toBe(true)
  expect(second.stdout).toContain(`Incremental review of merge request !12: the last review was at ${headA.slice(0, 12)}`)

  // The fail is the commit status's, not the job's.
  expect(second.outputs.verdict).toBe('fail')
  expect(second.outputs.conclusion).toBe('success')
  expect(gitlab.statuses.map(s => [s.sha, s.name, s.status])).toEqual([
    [headA, 'Claude review', 'success'],
    [headB, 'Claude review', 'failed']
  ])
  expect(sticky()?.body).toContain('**Verdict: ✗ fail** · 0 line comments\n\nutil() now returns a string.')
  expect(sticky()?.body).toMatch(new RegExp(`head=${headB} cost-usd=[\\d.]+ runs=2 -->\\n$`))
})

test('pull-request is for GitHub: in a merge request pipeline the command refuses it before anything runs', async () => {
  const run = await runCommand({
    args: ['--prompt', 'Review.', '--review-comments', '--pull-request', '7'],
    env: {
      CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY,
      CI_MERGE_REQUEST_IID: String(MR_IID),
      GITLAB_TOKEN: FAKE_GITLAB_TOKEN,
      CI_API_V4_URL: 'http://127.0.0.1:9/api/v4'
    },
    secrets: [API_KEY]
  })
  expect(run.exitCode).toBe(2)
  expect(run.stderr).toContain(
    "Error: Input 'pull-request': names a GitHub pull request; here the merge request is the pipeline's own (CI_MERGE_REQUEST_IID), so remove it."
  )
})
