// The command's inputs come from action.yml: the generated list is current, and flags,
// CLAUDE_CLOUD_<NAME> variables and defaults resolve as on GitHub; the variables of Claude Code's
// GitLab guide come after them, only where their input applies.
import { readFileSync } from 'node:fs'
import { actionInputsModule, GENERATED, GENERATED_VERSION, packageVersionModule, readActionInputs } from '../../../scripts/action-inputs.js'
import { ACTION_INPUTS } from '../../../src/generated/action-inputs.js'
import { commandInputs, CommandLineError, guideVariablesRead, parseCommandLine } from '../../../src/platform/command-inputs.js'
import { gitLabRunIdentity } from '../../../src/platform/gitlab.js'
import { readActionYml } from '../../support/runner.js'

test('src/generated/action-inputs.ts and package-version.ts are what the build makes of action.yml and package.json now', () => {
  expect(readFileSync(GENERATED, 'utf8')).toBe(actionInputsModule())
  expect(readFileSync(GENERATED_VERSION, 'utf8')).toBe(packageVersionModule())
})

test('the generated inputs have the names and defaults of action.yml, in order, each with a description', () => {
  const yml = readActionYml()
  expect(ACTION_INPUTS.map(i => i.name)).toEqual(yml.inputs.map(i => i.name))
  expect(ACTION_INPUTS.map(i => i.default)).toEqual(yml.inputs.map(i => i.default))
  for (const input of readActionInputs()) expect(input.description.length).toBeGreaterThan(10)
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
  expect(parseCommandLine(['--prompt', 'x', '--version'])).toEqual({ kind: 'version' })
  expect(() => parseCommandLine(['--Region', 'x'])).toThrow(CommandLineError)
})

const flagsOf = (...argv: string[]): Map<string, string> => {
  const line = parseCommandLine(argv)
  if (line.kind !== 'run') throw new Error('expected a run')
  return line.flags
}

test("the GitLab guide's variables fill role-to-assume, workload-identity-provider and service-account after the flag and CLAUDE_CLOUD_<NAME>", () => {
  const guide = {
    AWS_ROLE_TO_ASSUME: ' arn:aws:iam::123456789012:role/from-guide ',
    GCP_WORKLOAD_IDENTITY_PROVIDER: 'projects/1/locations/global/workloadIdentityPools/p/providers/guide',
    GCP_SERVICE_ACCOUNT: 'guide@p.iam.gserviceaccount.com'
  }
  const bedrock = flagsOf('--provider', 'bedrock')
  expect(commandInputs(bedrock, guide)('role-to-assume')).toBe('arn:aws:iam::123456789012:role/from-guide')
  expect(guideVariablesRead(bedrock, guide)).toEqual([{ input: 'role-to-assume', variable: 'AWS_ROLE_TO_ASSUME' }])
  // The flag and CLAUDE_CLOUD_<NAME> come first; a blank one counts as none.
  expect(commandInputs(flagsOf('--provider=bedrock', '--role-to-assume', 'arn:flag'), guide)('role-to-assume')).toBe('arn:flag')
  expect(commandInputs(bedrock, { ...guide, CLAUDE_CLOUD_ROLE_TO_ASSUME: 'arn:env' })('role-to-assume')).toBe('arn:env')
  expect(guideVariablesRead(bedrock, { ...guide, CLAUDE_CLOUD_ROLE_TO_ASSUME: 'arn:env' })).toEqual([])
  expect(commandInputs(bedrock, { ...guide, CLAUDE_CLOUD_ROLE_TO_ASSUME: ' ' })('role-to-assume')).toBe('arn:aws:iam::123456789012:role/from-guide')
  // Only where the input applies: another provider's job, or a Bedrock API key, ignores the role.
  expect(commandInputs(flagsOf(), guide)('role-to-assume')).toBe('')
  expect(commandInputs(flagsOf('--provider=vertex'), guide)('role-to-assume')).toBe('')
  expect(commandInputs(bedrock, { ...guide, CLAUDE_CLOUD_BEDROCK_API_KEY: 'k' })('role-to-assume')).toBe('')

  const vertex = commandInputs(flagsOf('--provider', 'Vertex'), guide)
  expect(vertex('workload-identity-provider')).toBe(guide.GCP_WORKLOAD_IDENTITY_PROVIDER)
  expect(vertex('service-account')).toBe(guide.GCP_SERVICE_ACCOUNT)
  expect(vertex('role-to-assume')).toBe('')
  expect(guideVariablesRead(flagsOf('--provider', 'vertex'), guide).map(g => g.variable)).toEqual(['GCP_WORKLOAD_IDENTITY_PROVIDER', 'GCP_SERVICE_ACCOUNT'])
  // A service account means nothing without the federation (an input error otherwise).
  expect(commandInputs(flagsOf('--provider=vertex'), { GCP_SERVICE_ACCOUNT: guide.GCP_SERVICE_ACCOUNT })('service-account')).toBe('')
  expect(commandInputs(flagsOf('--provider=anthropic'), guide)('workload-identity-provider')).toBe('')
})

test('GITLAB_ACCESS_TOKEN is the note token after gitlab-token and GITLAB_TOKEN', () => {
  expect(commandInputs(flagsOf(), { GITLAB_ACCESS_TOKEN: 'glpat-guide' })('gitlab-token')).toBe('glpat-guide')
  expect(guideVariablesRead(flagsOf(), { GITLAB_ACCESS_TOKEN: 'glpat-guide' })).toEqual([{ input: 'gitlab-token', variable: 'GITLAB_ACCESS_TOKEN' }])
  // GITLAB_TOKEN is read by the settings when the input is empty, so the guide's name stays out of its way.
  expect(commandInputs(flagsOf(), { GITLAB_ACCESS_TOKEN: 'glpat-guide', GITLAB_TOKEN: 'glpat-main' })('gitlab-token')).toBe('')
  expect(commandInputs(flagsOf(), { GITLAB_ACCESS_TOKEN: 'glpat-guide', CLAUDE_CLOUD_GITLAB_TOKEN: 'glpat-input' })('gitlab-token')).toBe('glpat-input')
  expect(guideVariablesRead(flagsOf(), { GITLAB_ACCESS_TOKEN: 'glpat-guide', GITLAB_TOKEN: 'glpat-main' })).toEqual([])
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
