// The PR's diff reaches Claude: on a pull_request event the action writes the diff and the changed
// files beside each other and names them in one appended system-prompt line; the real CLI's Read
// tool (no allowed-tools needed) opens both. The model stand-in reads the system prompt it was sent.
import { startGitHubApi, startModel } from '../stand-ins/index.js'
import { eventFile, pullRequestPayload } from '../support/github-events.js'
import { runAction } from '../support/runner.js'

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
