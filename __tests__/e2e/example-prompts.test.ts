// The commands the examples' prompts ask for run, as written, under the same example's
// allowed-tools with the real CLI: no shell variable for Claude Code to refuse, and the branch
// named through `${{ github.base_ref }}`, which the runner fills in (here: main). The checkout is a
// real git repository with origin/main and one PR commit, like actions/checkout with fetch-depth 0.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { exampleInputs } from '../support/example-workflow.js'
import { runAction } from '../support/runner.js'

const API_KEY = 'sk-ant-api03-e2e-examples-key-0123456789'
const REFUSED = /requires approval|haven't granted|requested permissions|can't be checked/

type Model = Awaited<ReturnType<typeof startModel>>
let model: Model | undefined
afterEach(async () => model?.close())

function checkout(dir: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir })
  git('init', '-q', '-b', 'main')
  writeFileSync(path.join(dir, 'app.ts'), 'export const app = 1\n')
  git('add', '.')
  git('commit', '-q', '-m', 'base commit')
  git('update-ref', 'refs/remotes/origin/main', 'HEAD')
  git('checkout', '-q', '-b', 'feature')
  writeFileSync(path.join(dir, 'app.ts'), 'export const app = 2\n')
  git('commit', '-q', '-am', 'pr-commit-subject-3e7a')
}

/** The backquoted commands of a prompt, with the expressions the runner would expand filled in. */
function promptCommands(prompt: string): string[] {
  return [...prompt.matchAll(/`((?:git|npm) [^`]+)`/g)].map(m => m[1].replace(/\$\{\{\s*github\.base_ref\s*\}\}/g, 'main'))
}

/** Runs each command as a Bash tool call under the example's allowed-tools; returns each tool result. */
async function runCommands(example: string, commands: string[]): Promise<{ content: string; isError: boolean }[]> {
  model = await startModel({ turns: [...commands.map(command => ({ toolUse: { name: 'Bash', input: { command } } })), { text: 'Done.' }] })
  const run = await runAction({
    prepare: checkout,
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', prompt: 'Run the commands.', 'allowed-tools': exampleInputs(example)['allowed-tools'] },
    // npm must never reach a registry from a test.
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true' }
  })
  expect(run.exitCode).toBe(0)
  const last = model.requests.filter(r => r.main).at(-1)
  const results = (last?.body.messages as { content: unknown }[])
    .flatMap(m => (Array.isArray(m.content) ? m.content : []))
    .filter((b: { type?: string }) => b.type === 'tool_result') as { content: unknown; is_error?: boolean }[]
  return results.map(r => ({ content: JSON.stringify(r.content), isError: r.is_error === true }))
}

test.each([
  ['pr-review-api-key.yml', 'git log --oneline origin/main..HEAD', /pr-commit-subject-3e7a/],
  ['pr-review-bedrock.yml', 'git log --oneline origin/main..HEAD', /pr-commit-subject-3e7a/],
  ['pr-review-anthropic-keyless.yml', 'git log --oneline origin/main..HEAD', /pr-commit-subject-3e7a/],
  // Its diff is the file the system prompt names; only the commits come from git.
  ['pr-review-foundry.yml', 'git log --oneline origin/main..HEAD', /pr-commit-subject-3e7a/],
  ['structured-output.yml', 'git diff origin/main...HEAD', /\+export const app = 2/]
])("%s: the prompt's git command runs under its allowed-tools", async (example, expected, output) => {
  const commands = promptCommands(exampleInputs(example).prompt)
  expect(commands).toEqual([expected])
  const [result] = await runCommands(example, commands)
  expect(result.content).not.toMatch(REFUSED)
  expect(result.isError).toBe(false)
  expect(result.content).toMatch(output)
})

test('scheduled-vertex.yml: the exact npm audit is allowed and `npm audit fix --force` is refused', async () => {
  const commands = promptCommands(exampleInputs('scheduled-vertex.yml').prompt)
  expect(commands).toContain('npm audit --package-lock-only --json')
  const [audit, fix] = await runCommands('scheduled-vertex.yml', ['npm audit --package-lock-only --json', 'npm audit fix --force'])
  // It ran (and failed on its own: there is no lockfile here), which is all the permission check decides.
  expect(audit.content).not.toMatch(REFUSED)
  expect(audit.content).toMatch(/ENOLOCK|lockfile/i)
  expect(fix.isError).toBe(true)
  expect(fix.content).toMatch(REFUSED)
})
