// Inline review comments end to end: the bundled action on a pull_request event, the real CLI, which
// starts the action's own MCP review server, a scripted model that calls the review tool three
// times (a line in the diff, a suggestion on a range, a line outside it), and the GitHub stand-in.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startGitHubApi, startModel } from '../stand-ins/index.js'
import { FAKE_GITHUB_TOKEN, runAction, visibleLog } from '../support/runner.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import {
  cliEnvRecorder,
  IN_DIFF,
  OUTSIDE,
  OUTSIDE_ERROR,
  PATCH,
  REVIEW_TURNS,
  reviewModel,
  SUGGESTION,
  TOOL,
  toolResults,
  type Model
} from '../support/review-script.js'

const API_KEY = 'sk-ant-api03-e2e-review-key-0123456789'
const PR_NUMBER = 7
const HEAD_SHA = 'c'.repeat(40)

const FILES = [
  { filename: 'src/index.ts', status: 'modified', additions: 4, deletions: 1, patch: PATCH },
  { filename: 'logo.png', status: 'added', additions: 0, deletions: 0 }
]

type GitHub = Awaited<ReturnType<typeof startGitHubApi>>
let model: Model | undefined
let github: GitHub | undefined
let world: BedrockWorld | undefined

afterEach(async () => {
  await model?.close()
  await github?.close()
  await world?.close()
  model = github = world = undefined
})

/** The text of each tool result the model was sent, in order. */
function toolResultTexts(m: Model): string[] {
  const final = m.requests.filter(r => r.main).at(-1)?.body.messages ?? []
  const blocks = final.flatMap((message: { content: unknown }) => (Array.isArray(message.content) ? message.content : []))
  return blocks
    .filter((b: { type?: string }) => b.type === 'tool_result')
    .map((b: { content?: unknown }) =>
      typeof b.content === 'string' ? b.content : ((b.content as { text?: string }[] | undefined) ?? []).map(part => part.text ?? '').join('')
    )
}

function eventFile(): string {
  const repository = { id: 1, name: 'octo-repo', full_name: 'octo-org/octo-repo', owner: { login: 'octo-org', id: 2, type: 'Organization' } }
  const payload = {
    action: 'synchronize',
    number: PR_NUMBER,
    pull_request: {
      number: PR_NUMBER,
      head: { ref: 'feature-7', sha: HEAD_SHA, repo: repository },
      base: { ref: 'main', sha: 'b'.repeat(40), repo: repository }
    },
    repository
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-event-')), 'event.json')
  writeFileSync(file, JSON.stringify(payload))
  return file
}

const cliEnv = cliEnvRecorder()

function reviewRun(inputs: Record<string, string> = {}, dir?: string) {
  return runAction({
    dir,
    inputs: {
      'anthropic-api-key': API_KEY,
      model: 'claude-sonnet-4-5',
      prompt: 'Review this pull request.',
      'review-comments': 'true',
      'claude-path': 'claude-recording-env',
      ...inputs
    },
    prepare: cliEnv.install,
    env: {
      ANTHROPIC_BASE_URL: model?.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      GITHUB_API_URL: github?.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(),
      GITHUB_REF: `refs/pull/${PR_NUMBER}/merge`
    }
  })
}

test('three tool calls give one review at the head commit with the two valid comments; a re-run on that commit adds none', async () => {
  model = await reviewModel()
  github = await startGitHubApi({ files: FILES })
  const run = await reviewRun({ 'comment-on-pr': 'true' })
  expect(visibleLog(run)).not.toMatch(/::(warning|error)::/)
  expect(run.exitCode).toBe(0)

  // The model was offered the tool directly, not behind ToolSearch, and told what it is for.
  const first = model.requests.find(r => r.main)?.body
  expect(first.tools.map((t: { name: string }) => t.name)).toContain(TOOL)
  expect(JSON.stringify(first.system)).toContain(`go through the ${TOOL} tool`)

  // The out-of-diff call came back as an error the model saw, naming the commentable lines.
  // Four turns: three tool calls, then the answer. The request after the third call carries its error.
  const seen = toolResults(model)
  expect(seen.mains).toBe(4)
  expect(seen.errors).toEqual([false, false, true])
  expect(seen.last?.is_error).toBe(true)
  expect(JSON.stringify(seen.last?.content)).toContain(OUTSIDE_ERROR)

  expect(github.reviews).toHaveLength(1)
  const [review] = github.reviews
  expect(review).toMatchObject({ commit_id: HEAD_SHA, event: 'COMMENT' })
  expect(review.comments).toEqual([
    { path: 'src/index.ts', line: 4, side: 'RIGHT', body: IN_DIFF.body },
    { path: 'src/index.ts', start_line: 22, line: 23, side: 'RIGHT', start_side: 'RIGHT', body: SUGGESTION.body }
  ])
  expect(JSON.stringify(github.reviews)).not.toContain(OUTSIDE.body)
  const comment = github.comments.find(c => c.body.startsWith('<!-- claude-cloud-action'))
  expect(review.body).toContain(`(${comment?.html_url})`)
  expect(run.outputs['review-url']).toBe(review.html_url)
  expect(run.outputs['review-comments']).toBe('2')

  // The CLI (and so the MCP server it starts) never had the GitHub token.
  const recorded = readFileSync(cliEnv.file, 'utf8')
  expect(recorded).toContain('ANTHROPIC_BASE_URL=')
  expect(recorded).not.toContain(FAKE_GITHUB_TOKEN)

  // Same commit, same findings: nothing is posted again.
  await model.close()
  model = await reviewModel()
  const again = await reviewRun({ 'comment-on-pr': 'true' })
  expect(again.exitCode).toBe(0)
  expect(github.reviews).toHaveLength(1)
  expect(github.reviewComments).toHaveLength(2)
  expect(again.outputs['review-comments']).toBe('0')
  expect(again.outputs['review-url']).toBeUndefined()
  expect(visibleLog(again)).toContain('Every line comment is already on this commit')
})

test('a 502 after GitHub made the sticky comment, the review and the check run: each is found, not sent again', async () => {
  model = await reviewModel()
  github = await startGitHubApi({ files: FILES })
  // Each create takes effect, then a gateway answers 502 (the comment is made first, then the review, then the verdict's check run).
  github.failAfterEffect(502, 3, /^POST .*\/(reviews|issues\/\d+\/comments|check-runs)$/)
  const run = await reviewRun({ 'comment-on-pr': 'true' })
  expect(run.exitCode).toBe(0)

  const sticky = github.comments.filter(c => c.body.startsWith('<!-- claude-cloud-action'))
  expect(sticky).toHaveLength(1)
  expect(github.reviews).toHaveLength(1)
  expect(github.reviewComments).toHaveLength(2)
  expect(github.checkRuns).toHaveLength(1)
  const posts = github.requests.filter(r => r.method === 'POST').map(r => r.path.replace(/^\/repos\/octo-org\/octo-repo\//, ''))
  expect(posts).toEqual(['issues/7/comments', 'pulls/7/reviews', 'check-runs'])
  expect(run.outputs['comment-url']).toBe(sticky[0].html_url)
  expect(run.outputs['review-url']).toBe(github.reviews[0].html_url)
  expect(run.outputs['review-comments']).toBe('2')
  expect(visibleLog(run)).toContain('GitHub answered HTTP 502 to creating the PR comment, but had made it; it is not sent again.')
  expect(visibleLog(run)).toContain('GitHub answered HTTP 502 to creating the review, but had made it; it is not sent again.')
  expect(visibleLog(run)).toContain('GitHub answered HTTP 502 to creating the check run, but had made it; it is not sent again.')
})

test('a 502 before GitHub made the review: it is looked for, not found, and sent again', async () => {
  model = await reviewModel()
  github = await startGitHubApi({ files: FILES })
  github.failWith(502, 1, {}, /^POST .*\/reviews$/)
  const run = await reviewRun()
  expect(run.exitCode).toBe(0)
  expect(github.reviews).toHaveLength(1)
  expect(github.requests.filter(r => r.method === 'POST' && r.path.endsWith('/reviews'))).toHaveLength(2)
  expect(visibleLog(run)).toContain('GitHub answered HTTP 502 to creating the review, and made nothing; sending it again.')
})

test('a 403 on the review is a warning, the step stays green, and the comments are in the job summary', async () => {
  model = await reviewModel()
  github = await startGitHubApi({ files: FILES })
  github.failWith(403, 1, {}, /^POST .*\/reviews$/)
  const run = await reviewRun()
  expect(run.exitCode).toBe(0)
  expect(run.outputs.conclusion).toBe('success')
  expect(visibleLog(run)).toMatch(
    /::warning::Could not post the review on pull request #7: HTTP 403, Resource not accessible by integration\..*Its 2 line comments are in the job summary\./
  )
  expect(github.reviews).toHaveLength(0)
  // Added below the run's own summary, which stays.
  expect(run.summary).toContain('## ✓ Claude Code succeeded')
  expect(run.summary).toContain('### Review comments not posted')
  expect(run.summary).toContain('**`src/index.ts` line 4**')
  expect(run.summary).toContain(IN_DIFF.body)
  expect(run.summary).toContain('**`src/index.ts` lines 22-23**')
  expect(run.summary).toContain('```suggestion\n  const [x, y] = argv.slice(2)\n```')
  expect(run.outputs['review-comments']).toBe('0')
})

test('past max-review-comments the comments go into the review body; without comment-on-pr it carries the headline', async () => {
  model = await reviewModel()
  github = await startGitHubApi({ files: FILES })
  const run = await reviewRun({ 'max-review-comments': '1' })
  expect(run.exitCode).toBe(0)
  expect(github.reviews).toHaveLength(1)
  const [review] = github.reviews
  expect(review.comments).toEqual([{ path: 'src/index.ts', line: 4, side: 'RIGHT', body: IN_DIFF.body }])
  expect(review.body).toContain('### ✓ Claude Code succeeded')
  expect(review.body).toContain('#### 1 more (past max-review-comments)')
  expect(review.body).toContain(`**\`src/index.ts\` lines 22-23**\n\n${SUGGESTION.body}`)
  expect(run.outputs['review-comments']).toBe('1')
  expect(github.comments).toHaveLength(0)
})

test('past max-review-comments the tool tells the model where each finding went, and refuses one the review body cannot hold', async () => {
  // Three findings on the diff's lines: the first takes the one line comment, the second (40,000
  // characters) the review body, and the third (as long) no longer fits there.
  const long = (tag: string) => `${tag}: ${'this needs a closer look. '.repeat(1600)}`
  const turns = [
    { toolUse: { name: TOOL, input: IN_DIFF } },
    { toolUse: { name: TOOL, input: { ...SUGGESTION, body: long('Second finding') } } },
    { toolUse: { name: TOOL, input: { path: 'src/index.ts', line: 5, body: long('Third finding') } } }
  ]
  model = await startModel({ turns, text: 'Three findings; the third is here: line 5 needs a closer look.' })
  github = await startGitHubApi({ files: FILES })
  const run = await reviewRun({ 'max-review-comments': '1' })
  expect(run.exitCode).toBe(0)

  // The system prompt names the limit; each tool result says where its finding went.
  expect(JSON.stringify(model.requests.find(r => r.main)?.body.system)).toContain('At most 1 of them go on their lines (max-review-comments)')
  const results = toolResultTexts(model)
  expect(results).toEqual([
    expect.stringContaining('That is the last of the 1 line comments max-review-comments allows'),
    expect.stringMatching(/^Recorded a finding on src\/index\.ts lines 22-23 \(RIGHT\), but not as a line comment: .* listed in the review body/),
    // (The CLI may append a system reminder of its own.)
    expect.stringMatching(
      /^Not recorded: the review already has its 1 line comments \(max-review-comments\) and its body has no room for more findings\. Put this finding, and any further ones, in your final answer instead\./
    )
  ])
  expect(toolResults(model).errors).toEqual([false, false, true])

  // Everything recorded was posted: one on its line, one whole in the body; the refused one is not claimed anywhere.
  expect(github.reviews).toHaveLength(1)
  const [review] = github.reviews
  expect(review.comments).toEqual([{ path: 'src/index.ts', line: 4, side: 'RIGHT', body: IN_DIFF.body }])
  expect(review.body).toContain('#### 1 more (past max-review-comments)')
  expect(review.body).toContain(long('Second finding').trim())
  expect(review.body).not.toContain('Third finding')
  expect(review.body).not.toContain('The whole result is in the job summary')
  expect(run.summary).not.toContain('did not fit the review body')
})

test('on Bedrock, keyless, the same review is posted', async () => {
  world = await startBedrockWorld({ turns: REVIEW_TURNS })
  github = await startGitHubApi({ files: FILES })
  const run = await runAction({
    inputs: { prompt: 'Review this pull request.', ...world.inputs, 'review-comments': 'true' },
    env: {
      ...world.env,
      GITHUB_API_URL: github.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(),
      GITHUB_REF: `refs/pull/${PR_NUMBER}/merge`
    }
  })
  expect(run.exitCode).toBe(0)
  expect(world.model.requests.some(r => r.provider === 'bedrock' && r.main)).toBe(true)
  expect(github.reviews).toHaveLength(1)
  expect(github.reviews[0].comments.map((c: { line: number }) => c.line)).toEqual([4, 23])
  expect(run.outputs['review-comments']).toBe('2')
})
