// The PR's diff reaches Claude: on a pull_request event the action writes the diff and the changed
// files beside each other and names them in one appended system-prompt line; the real CLI's Read
// tool (no allowed-tools needed) opens both. The model stand-in reads the system prompt it was sent.
import { startGitHubApi, startModel } from '../stand-ins/index.js'
import { eventFile, pullRequestPayload } from '../support/github-events.js'
import { TOOL } from '../support/review-script.js'
import { runAction } from '../support/runner.js'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

const API_KEY = 'sk-ant-api03-e2e-pr-diff-key-0123456789'
const DIFF = 'diff --git a/src/index.ts b/src/index.ts\n--- a/src/index.ts\n+++ b/src/index.ts\n@@ -1 +1 @@\n-old\n+diff-line-only-in-the-pr-7f3a\n'

type Model = Awaited<ReturnType<typeof startModel>>
type GitHub = Awaited<ReturnType<typeof startGitHubApi>>
let model: Model | undefined
let github: GitHub | undefined
afterEach(async () => {
  await model?.close()
  await github?.close()
})

/** The system prompt of a request, whichever shape (string or blocks) the CLI sent. */
function systemPrompt(body: { system?: unknown }): string {
  const system = body.system
  if (typeof system === 'string') return system
  return Array.isArray(system) ? system.map(block => (block as { text?: string }).text ?? '').join('\n') : ''
}

/** A turn that reads the file the system prompt names with `pattern`. */
const readNamed = (pattern: RegExp) => (request: { body: { system?: unknown } }) => {
  const file = pattern.exec(systemPrompt(request.body))?.[1]
  return file ? { toolUse: { name: 'Read', input: { file_path: file } } } : { text: 'The system prompt named no file.' }
}

test('on pull_request Claude Code is told where the diff and the file list are, and reads both', async () => {
  github = await startGitHubApi()
  github.setDiff(DIFF)
  model = await startModel({
    turns: [readNamed(/diff, base\.\.\.head, is in (\S+?pr\.diff)/), readNamed(/listed in (\S+?pr-changed-files\.txt)/), { text: 'Read the diff.' }]
  })
  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Review this pull request.', 'append-system-prompt': 'Be brief.' },
    env: {
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      GITHUB_API_URL: github.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(pullRequestPayload(7)),
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_BASE_REF: 'main',
      GITHUB_HEAD_REF: 'feature-7'
    }
  })
  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Read the diff.')

  const main = model.requests.filter(r => r.main)
  const system = systemPrompt(main[0].body)
  // The user's own text stays, and the one line follows it.
  expect(system).toContain('Be brief.')
  const line = system.split('\n').find(l => l.startsWith('This run is about pull request #7'))
  expect(line).toMatch(
    /^This run is about pull request #7 \(feature-7 into main\): its diff, base\.\.\.head, is in \S+\/pull-request\/pr\.diff; the changed files, one per line, are listed in \S+\/pull-request\/pr-changed-files\.txt\. Read them with the Read tool/
  )
  // Both files live in the private directory, not in the workspace.
  expect(line).toContain(run.runnerTemp)

  // The Read results that went back to the model hold the diff and the list.
  const sent = JSON.stringify(main.map(r => r.body.messages))
  expect(sent).toContain('diff-line-only-in-the-pr-7f3a')
  expect(sent).toContain('src/index.ts\\n')
  expect(sent).toContain('docs/setup.md')
  expect(sent).not.toMatch(/requested permissions|haven't granted/)
  // The diff came from the API with the diff media type.
  expect(github.requests.some(r => r.path === '/repos/octo-org/octo-repo/pulls/7')).toBe(true)
  expect(run.stdout).toMatch(/Pull request #7: main ← feature-7, diff of \d+ bytes from api, 3 changed files/)
})

test('a pull request of 1,050 files: Claude Code is told the list stops at 1,000, and the review tool does not call a file past them unchanged', async () => {
  const files = Array.from({ length: 1050 }, (_, i) => ({ filename: `src/f${i + 1}.ts`, status: 'modified', patch: '@@ -1 +1 @@\n-old\n+new' }))
  github = await startGitHubApi({ files })
  // Bigger than the 512 KiB bound, so the diff is cut and carries its note.
  github.setDiff(
    files.map(f => `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n${f.patch}\n${'+'.repeat(600)}\n`).join('')
  )
  const tool = 'mcp__action_review__add_comment'
  model = await startModel({ turns: [{ toolUse: { name: tool, input: { path: 'src/f1050.ts', line: 1, body: 'Past the list.' } } }, { text: 'Done.' }] })
  const payload = pullRequestPayload(7)
  ;(payload.pull_request as Record<string, unknown>).changed_files = 1050

  const run = await runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Review this pull request.', 'review-comments': 'true' },
    env: {
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      GITHUB_API_URL: github.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile(payload),
      GITHUB_REF: 'refs/pull/7/merge'
    }
  })
  expect(run.exitCode).toBe(0)

  const system = systemPrompt(model.requests.filter(r => r.main)[0].body)
  expect(system).toMatch(/the first 1000 of its 1050 changed files, one per line, are listed in \S+pr-changed-files\.txt \(the list stops there\)/)
  const [diffPath, diff] = Object.entries(run.filesBeforePost).find(([file]) => file.endsWith('/pr.diff')) ?? []
  expect(diffPath).toBeDefined()
  expect(diff).toMatch(/\n… diff cut here at 524288 of \d+ bytes; the changed-file list names only the first 1000 of 1050 changed files\.\n$/)
  const listed = Object.entries(run.filesBeforePost).find(([file]) => file.endsWith('/pr-changed-files.txt'))?.[1]
  expect(listed?.trim().split('\n')).toHaveLength(1000)

  // The review tool's answer for the 1,050th file, which the pull request changes.
  const results = JSON.stringify(model.requests.filter(r => r.main).at(-1)?.body.messages)
  expect(results).toContain(
    'src/f1050.ts is not among the first 1000 changed files, which are all the review tool takes (it changes more than 1000 files); if it is changed beyond them, put this finding in your final answer instead.'
  )
  expect(results).not.toContain('not changed in this pull request')
}, 180_000)

/** Prints the step's own peak RSS (VmHWM) as it exits, in KiB; as scripts/bench.js measures it. */
const PEAK_RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { readFileSync } from 'node:fs'; process.on('exit', () => process.stderr.write('\\npeak-rss-kib=' + /VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'))"
)}`

test('a 60 MB diff from the API is read as it arrives: the step never holds it, and the file is cut', async () => {
  github = await startGitHubApi()
  const stub = writeStub(printEvents(INIT_EVENT, resultEvent('done')))
  const step = () =>
    runAction({
      inputs: { 'anthropic-api-key': API_KEY, prompt: 'Review this pull request.', 'claude-path': stub },
      env: {
        GITHUB_API_URL: github?.url,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventFile(pullRequestPayload(7)),
        GITHUB_REF: 'refs/pull/7/merge'
      },
      nodeArgs: ['--import', PEAK_RSS_PROBE]
    })
  const peakMiB = (run: { stderr: string }) => Number(/peak-rss-kib=(\d+)/.exec(run.stderr)?.[1]) / 1024
  const header = 'diff --git a/big.txt b/big.txt\n--- a/big.txt\n+++ b/big.txt\n@@ -0,0 +1,600000 @@\n'
  const line = `+${'x'.repeat(98)}\n`
  github.setDiff(`${header}${line.repeat(1000)}`)
  const small = await step()
  github.setDiff(`${header}${line.repeat(600_000)}`)

  const run = await step()

  expect([small.exitCode, run.exitCode]).toEqual([0, 0])
  expect(run.outputs.result).toBe('done')
  // Held whole, the diff would add 60 MB as bytes and as much again as a string to the step's peak.
  expect(peakMiB(run) - peakMiB(small)).toBeLessThan(30)
  const diff = Object.entries(run.filesBeforePost).find(([file]) => file.endsWith('/pr.diff'))?.[1] ?? ''
  expect(Buffer.byteLength(diff)).toBeLessThan(530_000)
  expect(diff).toMatch(/\n… diff cut here at 524288 of 60000\d{3} bytes; the changed-file list names every file\.\n$/)
}, 120_000)

/** A pull_request_target run as a maintainer's label starts it: the write-access gate lets the labelling maintainer through. */
const prTarget = (github: GitHub, model: Model, inputs: Record<string, string> = {}) => {
  github.setPermission('maintainer', 'write')
  return runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Review this pull request.', ...inputs },
    env: {
      ANTHROPIC_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      GITHUB_API_URL: github.url,
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_EVENT_PATH: eventFile({ ...pullRequestPayload(7), action: 'labeled', sender: { login: 'maintainer', id: 4, type: 'User' } }),
      GITHUB_REF: 'refs/heads/main'
    }
  })
}

/** The text of every Read result the model got back. */
const readResults = (m: Model) => JSON.stringify(m.requests.filter(r => r.main).map(r => r.body.messages))

test("pull_request_target: a push after the event does not reach Claude; it reads the event's diff and the review goes on the event's commit", async () => {
  // The event (the label) was for c…c, which sets app to 2; the author pushed app = 3 after it.
  github = await startGitHubApi({
    baseFiles: { 'src/app.ts': 'export const app = 1\n' },
    headFiles: { 'src/app.ts': 'export const app = 2 // labelled-4c1d\n' }
  })
  const eventHead = github.head()
  const pushed = github.setHead(undefined, { contents: { 'src/app.ts': 'export const app = 3 // pushed-after-label-9b1e\n' } })
  model = await startModel({
    turns: [
      readNamed(/diff, base\.\.\.head, is in (\S+?pr\.diff)/),
      { toolUse: { name: TOOL, input: { path: 'src/app.ts', line: 1, body: 'app is 2 now.' } } },
      { text: 'Reviewed the labelled commit.' }
    ]
  })
  const run = await prTarget(github, model, { 'review-comments': 'true' })

  expect(run.exitCode).toBe(0)
  const sent = readResults(model)
  expect(sent).toContain('labelled-4c1d')
  expect(sent).not.toContain('pushed-after-label-9b1e')
  // The review is on the event's commit, with the comment on its line.
  expect(github.reviews).toHaveLength(1)
  expect(github.reviews[0].commit_id).toBe(eventHead)
  expect(github.reviews[0].comments.map((c: { body: string }) => c.body)).toEqual(['app is 2 now.'])
  expect(run.stdout).toContain(
    `::notice::The head of pull request #7 moved since this run's event, from ${eventHead.slice(0, 12)} to ${pushed.slice(0, 12)}: Claude Code gets the diff of ${eventHead.slice(0, 12)}`
  )
  expect(run.stdout).toMatch(/Pull request #7: main ← feature-7, diff of \d+ bytes from compare, 1 changed files/)
  // The diff was asked for by the event's commits.
  expect(github.requests.some(r => r.path === `/repos/octo-org/octo-repo/compare/${'b'.repeat(40)}...${eventHead}`)).toBe(true)
})

test("an answer to the diff request that is not a diff (JSON from a proxy) is not written as one: the files' patches stand in, with a warning", async () => {
  github = await startGitHubApi({
    files: [{ filename: 'src/index.ts', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-old\n+patch-line-from-the-files-3e8d' }]
  })
  github.answerDiffsWithJson()
  model = await startModel({ turns: [readNamed(/diff, base\.\.\.head, is in (\S+?pr\.diff)/), { text: 'Read it.' }] })
  const run = await prTarget(github, model)

  expect(run.exitCode).toBe(0)
  const sent = readResults(model)
  expect(sent).not.toContain('[object Object]')
  // The Read result numbers the lines.
  expect(sent).toContain(
    '1\\tdiff --git a/src/index.ts b/src/index.ts\\n2\\t--- a/src/index.ts\\n3\\t+++ b/src/index.ts\\n4\\t@@ -1 +1 @@\\n5\\t-old\\n6\\t+patch-line-from-the-files-3e8d'
  )
  expect(run.stdout).toContain(
    "::warning::GitHub's answer to the request for the diff of pull request #7 was not a diff but a JSON object (a proxy that drops the Accept header?); Claude Code gets the changed files' patches in its place."
  )
  expect(run.stdout).toMatch(/diff of \d+ bytes from patches, 1 changed files/)
})
