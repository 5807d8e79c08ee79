// The command's inputs come from action.yml: the generated list is current, --help shows exactly
// those inputs, and flags, CLAUDE_CLOUD_<NAME> variables and defaults resolve as on GitHub.
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { actionInputsModule, GENERATED, readActionInputs } from '../../../scripts/action-inputs.js'
import { ACTION_INPUTS } from '../../../src/generated/action-inputs.js'
import { commandInputs, CommandLineError, envName, helpText, parseCommandLine } from '../../../src/platform/command-inputs.js'
import { gitLabRunIdentity } from '../../../src/platform/gitlab.js'
import { OutputFiles } from '../../../src/platform/output-files.js'
import { addSecret } from '../../../src/platform/secrets.js'
import { readActionYml } from '../../support/runner.js'

test('src/generated/action-inputs.ts is what the build makes of action.yml now', () => {
  expect(readFileSync(GENERATED, 'utf8')).toBe(actionInputsModule())
})

test('the generated inputs have the names and defaults of action.yml, in order, each with a description', () => {
  const yml = readActionYml()
  expect(ACTION_INPUTS.map(i => i.name)).toEqual(yml.inputs.map(i => i.name))
  expect(ACTION_INPUTS.map(i => i.default)).toEqual(yml.inputs.map(i => i.default))
  for (const input of readActionInputs()) expect(input.description.length).toBeGreaterThan(10)
})

test('--help lists every input of action.yml once, in order, with its variable and description', () => {
  const help = helpText()
  const flags = [...help.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map(m => m[1])
  expect(flags).toEqual(readActionYml().inputs.map(i => i.name))
  for (const input of ACTION_INPUTS) {
    expect(help).toContain(`(env ${envName(input.name)}`)
    expect(help).toContain(input.description)
  }
  expect(help).toContain('--comment-on-pr[=true|false]')
  expect(help).toContain('--role-to-assume VALUE')
})

test('flags win over CLAUDE_CLOUD_<NAME>, which wins over action.yml defaults; a ${{ }} default is none', () => {
  const line = parseCommandLine(['--region', 'eu-west-1', '--prompt=a=b', '--comment-on-pr', '--export-env=false'])
  if (line.kind !== 'run') throw new Error('expected a run')
  const input = commandInputs(line.flags, { CLAUDE_CLOUD_REGION: 'us-east-1', CLAUDE_CLOUD_ROLE_SESSION_NAME: ' from-env ', CLAUDE_CLOUD_MODEL: 'm' })
  expect(input('region')).toBe('eu-west-1')
  expect(input('prompt')).toBe('a=b')
  expect(input('comment-on-pr')).toBe('true')
  expect(input('export-env')).toBe('false')
  expect(input('role-session-name')).toBe('from-env')
  expect(input('model')).toBe('m')
  expect(input('provider')).toBe('anthropic')
  expect(input('output-dir')).toBe('claude-cloud-action-output')
  expect(input('github-token')).toBe('')
  expect(input('tool-cache')).toBe('')
})

test('a boolean flag does not take the next argument; a value flag does', () => {
  const line = parseCommandLine(['--comment-on-pr', '--prompt', '--looks-like-a-flag'])
  if (line.kind !== 'run') throw new Error('expected a run')
  expect(Object.fromEntries(line.flags)).toEqual({ 'comment-on-pr': 'true', prompt: '--looks-like-a-flag' })
  expect(parseCommandLine(['-h'])).toEqual({ kind: 'help' })
  expect(() => parseCommandLine(['--Region', 'x'])).toThrow(CommandLineError)
})

test('outputs.json holds every output, outputs.env the single-line ones as CLAUDE_<OUTPUT>, all redacted', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-out-'))
  const files = new OutputFiles(
    () => dir,
    {},
    message => {
      throw new Error(message)
    }
  )
  addSecret('sk-unit-output-secret-0123')
  files.set({ conclusion: 'success', 'cost-usd': '0.0123', result: 'line one\nline two' })
  // A later call adds to what is there.
  files.set({ 'structured-output': 'x'.repeat(2000), 'session-id': 'has sk-unit-output-secret-0123 in it' })
  files.summary('## done with sk-unit-output-secret-0123')

  expect(JSON.parse(readFileSync(path.join(dir, 'outputs.json'), 'utf8'))).toEqual({
    conclusion: 'success',
    'cost-usd': '0.0123',
    result: 'line one\nline two',
    'structured-output': 'x'.repeat(2000),
    'session-id': 'has *** in it'
  })
  expect(readFileSync(path.join(dir, 'outputs.env'), 'utf8')).toBe('CLAUDE_CONCLUSION=success\nCLAUDE_COST_USD=0.0123\nCLAUDE_SESSION_ID=has *** in it\n')
  expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toBe('## done with ***')
})

test('a GitLab job is identified by its pipeline and job ids, with the audit attributes it has', () => {
  expect(
    gitLabRunIdentity({
      CI_PROJECT_PATH: 'g/p',
      CI_PIPELINE_ID: '9',
      CI_JOB_ID: '31',
      GITLAB_USER_LOGIN: 'dev',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '12'
    })
  ).toEqual({
    id: '9-31',
    attributes: {
      'gitlab.project_path': 'g/p',
      'gitlab.pipeline_id': '9',
      'gitlab.job_id': '31',
      'gitlab.user_login': 'dev',
      'gitlab.pipeline_source': 'merge_request_event',
      'gitlab.merge_request_iid': '12'
    }
  })
  expect(gitLabRunIdentity({})).toEqual({ id: '', attributes: {} })
})
