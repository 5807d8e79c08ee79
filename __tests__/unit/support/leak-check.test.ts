// The leak check every e2e run goes through: export-credentials excuses only the places exported
// credentials legitimately live, and files left in HOME are searched too.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { assertNoLeaks, FAKE_GITHUB_TOKEN, type ActionRun } from '../../support/runner.js'

const SECRET = FAKE_GITHUB_TOKEN

/** A finished run with these files in RUNNER_TEMP before the post step and in HOME after it; `$RUNNER_TEMP` is replaced. */
function fakeRun({
  before = {},
  home = {},
  exportedEnv = {}
}: {
  before?: Record<string, string>
  home?: Record<string, string>
  exportedEnv?: Record<string, string>
}): ActionRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-leak-check-'))
  const runnerTemp = path.join(dir, 'runner-temp')
  const homeDir = path.join(dir, 'home')
  for (const [name, text] of Object.entries(home)) {
    mkdirSync(path.dirname(path.join(homeDir, name)), { recursive: true })
    writeFileSync(path.join(homeDir, name), text)
  }
  const resolve = (entries: Record<string, string>) => Object.entries(entries).map(([name, text]) => [name, text.replace('$RUNNER_TEMP', runnerTemp)])
  const filesBeforePost = Object.fromEntries(resolve(before).map(([name, text]) => [path.join(runnerTemp, name), text]))
  const resolved = Object.fromEntries(resolve(exportedEnv))
  return {
    exitCode: 0,
    stdout: '',
    stderr: '',
    durationMs: 0,
    outputs: {},
    filesBeforePost,
    executionLog: '',
    exportedEnv: resolved,
    state: {},
    summary: '',
    dir,
    runnerTemp,
    workspace: path.join(dir, 'workspace'),
    home: homeDir,
    post: undefined,
    env: {},
    node: { binary: process.execPath, args: [] }
  }
}

const exported = { inputs: { 'export-credentials': 'true' } }

test('with export-credentials, the exported credentials file and the token file it names are excused', () => {
  const run = fakeRun({
    exportedEnv: { GOOGLE_APPLICATION_CREDENTIALS: '$RUNNER_TEMP/p/gcp.json', SOME_TOKEN: SECRET },
    before: { 'p/gcp.json': '{"credential_source":{"file":"$RUNNER_TEMP/p/token.jwt"}}', 'p/token.jwt': SECRET, 'p/execution.jsonl': '{}' }
  })
  expect(() => assertNoLeaks(run, exported)).not.toThrow()
  expect(() => assertNoLeaks(run, {})).toThrow(/exported env: .*\n.*token\.jwt/)
})

test('with export-credentials, a credential in the execution file is still a leak', () => {
  const run = fakeRun({ exportedEnv: { SOME_TOKEN: SECRET }, before: { 'p/execution.jsonl': `{"text":"${SECRET}"}` } })
  expect(() => assertNoLeaks(run, exported)).toThrow(/before post: .*execution\.jsonl: ghs_st…/)
  expect(() => assertNoLeaks(run, exported)).not.toThrow(/exported env/)
})

test('a transcript left in HOME after the post step is a leak', () => {
  const run = fakeRun({ home: { '.claude/projects/-w/session.jsonl': `{"content":"${SECRET}"}` } })
  expect(() => assertNoLeaks(run, {})).toThrow(/home\/\.claude\/projects\/-w\/session\.jsonl: ghs_st…/)
})
