// A review across runs on one pull request, end to end: the bundled action, the real CLI with the
// action's review tool, the model stand-in scripted to read the diff file its system prompt names, and
// the GitHub stand-in's commit graph, pushed and force-pushed between runs. The first review leaves a
// record (the head it reviewed, the cost so far) that the next run reads back: after a push Claude's
// diff file holds only the changes since that head; after a force-push, the whole pull request; once
// max-pr-cost-usd is spent, no model request is made.
import { BASE_SHA, HEAD_SHA, startGitHubApi, startModel } from '../stand-ins/index.js'
import { eventFile, pullRequestPayload } from '../support/github-events.js'
import { commentCall, readNamed, systemPrompt, toolResultTexts, verdictCall, type Model } from '../support/review-script.js'
import { runAction, visibleLog } from '../support/runner.js'

const API_KEY = 'sk-ant-api03-e2e-review-rounds-key-0123456789'
const PR = 7

const BASE_APP = ['export const one = 1', 'export const two = 2', 'export const three = 3', 'export const four = 4', ''].join('\n')
const A_APP = BASE_APP.replace('three = 3', "three = 'changed-in-A-5d1e'")
const BASE_UTIL = ['export function util() {', '  return 1', '}', ''].join('\n')
const B_UTIL = BASE_UTIL.replace('return 1', "return 'changed-in-B-9c4f'")
const F_APP = BASE_APP.replace('four = 4', "four = 'force-pushed-F-2b7a'")

/** A finding on the line head A changed; a push that leaves it alone leaves the comment standing. */
const FINDING = { path: 'src/app.ts', line: 3, body: 'A string where a number was: callers add to it.' }

const WHOLE_DIFF = /its diff, base\.\.\.head, is in (\S+?pr\.diff)/
const CHANGES = /the changes since that review, \S+, are in (\S+?changes-since-review\.diff)/

type GitHub = Awaited<ReturnType<typeof startGitHubApi>>
let model: Model | undefined
let github: GitHub | undefined

afterEach(async () => {
  await model?.close()
  await github?.close()
  model = github = undefined
})

function pullRequestApi(): Promise<GitHub> {
  return startGitHubApi({ pullNumber: PR, baseFiles: { 'src/app.ts': BASE_APP, 'src/util.ts': BASE_UTIL }, headFiles: { 'src/app.ts': A_APP } })
}

/** A run on the synchronize event of the head now: GitHub's payload names the commit just pushed. */
function review(inputs: Record<string, string> = {}) {
  const payload = pullRequestPayload(PR)
  const pullRequest = payload.pull_request as { head: Record<string, unknown> }
  const event = { ...payload, action: 'synchronize', pull_request: { ...pullRequest, head: { ...pullRequest.head, sha: github?.head() } } }
  return runAction({
    inputs: {
      'anthropic-api-key': API_KEY,
      model: 'claude-sonnet-4-5',
      prompt: 'Review this pull request.',
      'review-comments': 'true',
      'comment-on-pr': 'true',
      ...inputs
    },
    env: {
      ANTHROPIC_BASE_URL: model?.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      GITHUB_API_URL: github?.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(event),
      GITHUB_REF: `refs/pull/${PR}/merge`
    }
  })
}

/** Reads the diff file the system prompt names with `pattern`, comments on FINDING, passes. */
function reviewModel(pattern: RegExp): Promise<Model> {
  return startModel({ turns: [readNamed(pattern), commentCall(FINDING), verdictCall('pass', 'Nothing blocks this.')], text: 'Reviewed.' })
}

const mainSystemPrompt = (m: Model): string => systemPrompt(m.requests.find(r => r.main)?.body ?? {})

test('run 1 at head A, then synchronize at head B: the diff file holds only A...B, and the finding on the unchanged line is not posted again', async () => {
  github = await pullRequestApi()
  model = await reviewModel(WHOLE_DIFF)
  const first = await review()
  expect(first.exitCode).toBe(0)
  expect(visibleLog(first)).not.toMatch(/::(warning|error)::/)
  // The first review read the whole pull request: A's change.
  expect(toolResultTexts(model).join('\n')).toContain('changed-in-A-5d1e')
  expect(mainSystemPrompt(model)).not.toContain('changes since')
  expect(github.reviews).toHaveLength(1)
  expect(github.reviews[0]).toMatchObject({ commit_id: HEAD_SHA })
  // The record of the head it reviewed ends the sticky comment and the review body.
  const record = new RegExp(`<!-- claude-cloud-action review-record check=Claude%20review head=${HEAD_SHA} cost-usd=[\\d.]+ runs=1 -->\\n?$`)
  expect(github.comments[0].body).toMatch(record)
  expect(github.reviews[0].body).toMatch(record)

  // A push of one commit that changes src/util.ts only.
  const headB = github.setHead(undefined, { contents: { 'src/util.ts': B_UTIL }, message: 'Fix util' })
  await model.close()
  model = await reviewModel(CHANGES)
  const second = await review()
  expect(second.exitCode).toBe(0)
  expect(visibleLog(second)).not.toMatch(/::(warning|error)::/)

  // The system prompt says these are the changes since the last review, and names the whole diff too.
  const line = mainSystemPrompt(model)
    .split('\n')
    .find(l => l.startsWith(`This run is about pull request #${PR}`))
  expect(line).toMatch(
    new RegExp(
      `^This run is about pull request #7 \\(feature-7 into main\\), which this action reviewed before at ${HEAD_SHA.slice(0, 12)}: the changes since that review, ${HEAD_SHA.slice(0, 12)}\\.\\.\\.${headB.slice(0, 12)}, are in \\S+/pull-request/changes-since-review\\.diff \\(review these\\); its whole diff, base\\.\\.\\.head, is in \\S+/pull-request/pr\\.diff, for context; the changed files`
    )
  )
  // What Claude read as the diff to review: B's change, and nothing of A's.
  const read = toolResultTexts(model).join('\n')
  expect(read).toContain('changed-in-B-9c4f')
  expect(read).not.toContain('changed-in-A-5d1e')
  expect(github.requests.some(r => r.path === `/repos/octo-org/octo-repo/compare/${HEAD_SHA}...${headB}`)).toBe(true)
  expect(second.stdout).toContain(`Incremental review of pull request #7: the last review was at ${HEAD_SHA.slice(0, 12)}`)
  expect(second.summary).toContain(`Reviewed: the changes since ${HEAD_SHA.slice(0, 12)}`)

  // The finding stands on an unchanged line, moved by GitHub to B: it is not posted again.
  expect(github.reviewComments[0]).toMatchObject({ commit_id: headB, original_commit_id: HEAD_SHA, line: 3 })
  expect(github.reviews).toHaveLength(1)
  expect(second.stdout).toContain('1 line comments are already on commit')
  // The sticky comment now holds the record of B.
  expect(github.comments).toHaveLength(1)
  expect(github.comments[0].body).toMatch(new RegExp(`head=${headB} cost-usd=[\\d.]+ runs=2 -->\\n?$`))
})

test('after a force-push the diff file holds the whole pull request, and the log says why', async () => {
  github = await pullRequestApi()
  model = await reviewModel(WHOLE_DIFF)
  expect((await review()).exitCode).toBe(0)

  // The branch is rewritten from main: head A is no longer in its history.
  const headF = github.setHead(undefined, { parent: BASE_SHA, contents: { 'src/app.ts': F_APP }, message: 'Start over' })
  await model.close()
  model = await reviewModel(WHOLE_DIFF)
  const run = await review()
  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain(
    `The last review of pull request #7 was at ${HEAD_SHA.slice(0, 12)}, which is not an ancestor of ${headF.slice(0, 12)} (compare status diverged: a force-push or rebase); Claude reviews the whole pull request #7.`
  )
  const system = mainSystemPrompt(model)
  expect(system).toMatch(/This run is about pull request #7 \(feature-7 into main\): its diff, base\.\.\.head, is in /)
  expect(system).not.toContain('changes since')
  // The whole diff of F from main: its own change, none of A's.
  const read = toolResultTexts(model).join('\n')
  expect(read).toContain('force-pushed-F-2b7a')
  expect(read).not.toContain('changed-in-A-5d1e')
  expect(run.summary).toContain('Reviewed: the whole pull request')
})

test('two runs reach max-pr-cost-usd; the third makes no model request, says so in a notice and is skipped', async () => {
  github = await pullRequestApi()
  const models: Model[] = []
  const nextModel = async () => {
    model = await reviewModel(WHOLE_DIFF)
    models.push(model)
    return model
  }
  await nextModel()
  // A generous limit for the first run, which tells what one run costs here.
  const first = await review({ 'max-pr-cost-usd': '100' })
  expect(first.exitCode).toBe(0)
  const oneRun = Number(first.outputs['cost-usd'])
  expect(oneRun).toBeGreaterThan(0)
  expect(first.summary).toMatch(new RegExp(`The reviews of pull request #7 have cost \\$${oneRun.toFixed(4)} over 1 run \\(max-pr-cost-usd \\$100\\)\\.`))

  // One and a half runs: the second run starts below it and ends above it.
  const limit = String(Number((oneRun * 1.5).toFixed(6)))
  await model?.close()
  await nextModel()
  const second = await review({ 'max-pr-cost-usd': limit })
  expect(second.exitCode).toBe(0)
  expect(second.outputs.conclusion).toBe('success')
  const total = oneRun + Number(second.outputs['cost-usd'])
  expect(second.summary).toContain(`have cost $${total.toFixed(4)} over 2 runs (max-pr-cost-usd $${limit}).`)

  await model?.close()
  const third = await nextModel()
  const run = await review({ 'max-pr-cost-usd': limit })
  expect(run.exitCode).toBe(0)
  expect(third.requests).toEqual([])
  expect(run.outputs.conclusion).toBe('skipped')
  expect(visibleLog(run)).toContain(
    `::notice::The reviews of pull request #7 have cost $${total.toFixed(4)} of max-pr-cost-usd $${limit} over 2 runs; Claude Code does not run.`
  )
  expect(run.summary).toContain(`have cost $${total.toFixed(4)} over 2 runs (max-pr-cost-usd $${limit}).`)
  // Nothing new on the pull request: the two reviews' comment, reviews and check runs stay as they were.
  expect(github.comments).toHaveLength(1)
  expect(github.checkRuns).toHaveLength(2)
  expect(models.slice(0, 2).every(m => m.requests.some(r => r.main))).toBe(true)
})
