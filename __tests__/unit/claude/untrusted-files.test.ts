// Files that inputs name (prompt-file, settings, claude-args' --settings): a committed symlink cannot
// read a file outside the workspace, NUL bytes are refused, and no message quotes a file's contents.
// A spawn that Node refuses does not echo the value either.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ExecutionFile } from '../../../src/claude/execution-file.js'
import { runClaude } from '../../../src/claude/run.js'
import { freshWorkspace, problemsFor, settingsFor } from '../../support/input-support.js'

const KEY = { 'anthropic-api-key': 'k' }
const SECRET = 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
let workspace: string
let outside: string

beforeEach(() => {
  workspace = freshWorkspace()
  outside = mkdtempSync(path.join(os.tmpdir(), 'cca-outside-'))
  writeFileSync(path.join(outside, 'credentials'), `[default]\n${SECRET}\n`)
})

test('a prompt-file symlink in the workspace that points outside it is refused, without reading it', () => {
  symlinkSync(path.join(outside, 'credentials'), path.join(workspace, 'task.md'))
  const problems = problemsFor({ ...KEY, 'prompt-file': 'task.md' })
  expect(problems).toEqual([
    `Input 'prompt-file': ${path.join(workspace, 'task.md')} resolves to a file outside the workspace (a symlink?); name a file in the repository, or give a path outside the workspace such as $RUNNER_TEMP/….`
  ])
  expect(problems.join('\n')).not.toContain('wJalrXUtnFEMI')
})

test('a settings symlink out of the workspace is refused', () => {
  mkdirSync(path.join(workspace, '.claude'))
  symlinkSync(path.join(outside, 'credentials'), path.join(workspace, '.claude', 'ci.json'))
  expect(problemsFor({ ...KEY, prompt: 'hi', settings: '.claude/ci.json' })[0]).toContain('resolves to a file outside the workspace')
})

test('a symlink that stays inside the workspace, and a path the workflow gives outside it, are read', () => {
  writeFileSync(path.join(workspace, 'real.md'), 'Review the diff.')
  symlinkSync(path.join(workspace, 'real.md'), path.join(workspace, 'task.md'))
  expect(settingsFor({ ...KEY, 'prompt-file': 'task.md' }).cli.prompt).toBe('Review the diff.')
  // e.g. a prompt an earlier step wrote to $RUNNER_TEMP
  writeFileSync(path.join(outside, 'prompt.md'), 'From an earlier step.')
  freshWorkspace()
  expect(settingsFor({ ...KEY, 'prompt-file': path.join(outside, 'prompt.md') }).cli.prompt).toBe('From an earlier step.')
})

test('NUL bytes in a path, a prompt or a prompt file are input errors', () => {
  writeFileSync(path.join(workspace, 'environ'), 'HOME=/root\0INPUT_ANTHROPIC-API-KEY=sk-ant-secret\0')
  expect(problemsFor({ ...KEY, 'prompt-file': 'environ' })).toEqual([
    `Input 'prompt-file': ${path.join(workspace, 'environ')} holds NUL bytes; is it a text file?`
  ])
  expect(problemsFor({ ...KEY, 'prompt-file': 'task\0.md' })).toEqual(["Input 'prompt-file': holds a NUL byte; give a plain path."])
  freshWorkspace()
  expect(problemsFor({ ...KEY, prompt: 'hi\0there' })).toEqual(["Input 'prompt': holds a NUL byte, which no process argument can carry; remove it."])
})

test('a settings file that is not JSON is named, never quoted', () => {
  writeFileSync(path.join(workspace, 'settings.json'), SECRET)
  const problems = problemsFor({ ...KEY, prompt: 'hi', settings: 'settings.json' })
  expect(problems).toEqual([`Input 'settings': ${path.join(workspace, 'settings.json')} is not valid JSON; give a JSON object or a path to a JSON file.`])
})

test('a spawn that Node refuses says why without echoing the value', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-spawn-'))
  const executionFile = new ExecutionFile(path.join(dir, 'execution.jsonl'))
  const outcome = await runClaude({ executable: '/bin/true', args: ['-p', `HOME=/root\0${SECRET}`], env: { PATH: '/bin' }, cwd: dir, executionFile })
  await executionFile.close()
  expect(outcome.spawnError?.message).toBe('an argument or environment variable cannot be passed to a process (it holds a NUL byte)')
  expect(outcome.spawnError?.message).not.toContain('wJalrXUtnFEMI')
})
