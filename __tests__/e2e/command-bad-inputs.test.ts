// Bad flags and inputs stop the command with exit code 2 and the action's own one-line message,
// before any request: the stand-ins must see nothing.
import { startModel, startOidc, startSts } from '../stand-ins/index.js'
import { runCommand } from '../support/command-runner.js'
import { runAction, visibleLog } from '../support/runner.js'

const ROLE = 'arn:aws:iam::123456789012:role/claude'

type Oidc = Awaited<ReturnType<typeof startOidc>>
type Sts = Awaited<ReturnType<typeof startSts>>
type Model = Awaited<ReturnType<typeof startModel>>
let oidc: Oidc
let sts: Sts
let model: Model

beforeAll(async () => {
  oidc = await startOidc({ issuer: 'https://gitlab.com', subject: 'project_path:octo-group/octo-project:ref_type:branch:ref:main' })
  sts = await startSts({ validToken: jwt => oidc.issued.includes(jwt) })
  model = await startModel({ text: 'never' })
})

afterAll(async () => {
  await Promise.all([oidc.close(), sts.close(), model.close()])
})

afterEach(() => {
  expect(sts.requests).toEqual([])
  expect(model.requests).toEqual([])
  expect(oidc.requests).toEqual([])
})

const env = () => ({ ANTHROPIC_BEDROCK_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', CLAUDE_ID_TOKEN: oidc.mint('sts.amazonaws.com') })
const bedrock = () => [
  '--provider',
  'bedrock',
  '--region',
  'us-east-1',
  '--role-to-assume',
  ROLE,
  '--sts-endpoint',
  sts.url,
  '--prompt',
  'x',
  '--id-token-env',
  'CLAUDE_ID_TOKEN'
]

/** The lines of a failed run that say what is wrong, without their prefix. */
function errors(text: string, prefix: string): string[] {
  return text
    .split('\n')
    .filter(line => line.startsWith(prefix))
    .map(line => line.slice(prefix.length))
}

// [flags, what the one line says]
const flagCases: [string[], RegExp][] = [
  [['--bogus', 'x'], /^--bogus is not an input of claude-cloud-action; see --help for the list\.$/],
  [['prompt'], /^'prompt' is not an option; every input is a flag/],
  [['--prompt'], /^--prompt needs a value, e.g. --prompt=VALUE\.$/],
  [['--prompt', 'a', '--prompt=b'], /^--prompt is given twice; give it once\.$/]
]

test.each(flagCases)('%j exits 2 with one line before anything runs', async (args, message) => {
  const run = await runCommand({ args, env: env() })
  expect(run.exitCode).toBe(2)
  expect(errors(run.stderr, 'Error: ')).toEqual([expect.stringMatching(message)])
  expect(run.stdout).toBe('')
})

// Flags the command shares with the action: the same input error, word for word.
const inputCases: [string, string][] = [
  ['role-duration-seconds', '300'],
  ['role-session-name', 'has space'],
  ['small-fast-model-region', 'west'],
  ['export-env=maybe', ''],
  ['max-budget-usd', 'cheap']
]

test.each(inputCases)('--%s %s: exit 2 with the same one-line error as the action', async (flag, value) => {
  const args = [...bedrock(), ...(value ? [`--${flag}`, value] : [`--${flag}`])]
  const run = await runCommand({ args, env: env() })
  const [name, inline] = flag.split('=')
  const action = await runAction({
    inputs: { provider: 'bedrock', region: 'us-east-1', 'role-to-assume': ROLE, 'sts-endpoint': sts.url, prompt: 'x', [name]: inline ?? value },
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken }
  })

  expect(run.exitCode).toBe(2)
  const [line, ...more] = errors(run.stderr, 'Error: ')
  expect(more).toEqual([])
  expect(line).toMatch(new RegExp(`^Input '${name}': `))
  expect(errors(visibleLog(action), '::error::')).toEqual([line])
})

test('a keyless provider without id-token-env or id-token-file exits 2, naming GitLab id_tokens', async () => {
  const run = await runCommand({ args: bedrock().slice(0, -2), env: env() })
  expect(run.exitCode).toBe(2)
  expect(errors(run.stderr, 'Error: ')).toEqual([expect.stringMatching(/^Input 'id-token-env': .*id_tokens/)])
})

test('id-token-env naming an unset variable exits 2', async () => {
  const run = await runCommand({ args: [...bedrock().slice(0, -1), 'NO_SUCH_TOKEN'], env: env() })
  expect(run.exitCode).toBe(2)
  expect(errors(run.stderr, 'Error: ')).toEqual([expect.stringMatching(/^Input 'id-token-env': the variable NO_SUCH_TOKEN is not set/)])
})

test('comment-on-pr on GitLab without a GitLab token exits 2, naming GITLAB_TOKEN', async () => {
  const run = await runCommand({ args: [...bedrock(), '--comment-on-pr'], env: { ...env(), GITLAB_TOKEN: undefined } })
  expect(run.exitCode).toBe(2)
  expect(errors(run.stderr, 'Error: ')).toEqual([expect.stringMatching(/^Input 'gitlab-token': .*GITLAB_TOKEN/)])
})
