// The command's dotenv report: outputs.json holds every output; outputs.env, GitLab's dotenv report,
// holds the ones a later job needs within GitLab's limits (20 variables, 5 KB, no expansion).
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readActionYml } from '../../support/runner.js'
import { DOTENV_OUTPUTS, dotenv, dotenvValue, OutputFiles } from '../../../src/platform/output-files.js'
import { addSecret } from '../../../src/platform/secrets.js'

const parse = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter(Boolean)
      .map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
  )

/** Every output of action.yml, as a run that posted a note and a review on Bedrock with a schema would set them. */
function everyOutput(): Record<string, string> {
  return Object.fromEntries(readActionYml().outputs.map(name => [name, name === 'result' ? 'All good.' : `value of ${name}`]))
}

test('outputs.json holds every output, outputs.env the single-line ones as CLAUDE_<OUTPUT>, all redacted', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-out-'))
  const notices: string[] = []
  const files = new OutputFiles(
    () => dir,
    {},
    message => {
      throw new Error(message)
    },
    message => notices.push(message)
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
  expect(readFileSync(path.join(dir, 'outputs.env'), 'utf8')).toBe(
    `CLAUDE_CONCLUSION=success\nCLAUDE_COST_USD=0.0123\nCLAUDE_SESSION_ID=has *** in it\nCLAUDE_STRUCTURED_OUTPUT=${'x'.repeat(2000)}\n`
  )
  expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toBe('## done with ***')
  expect(notices).toEqual([])
})

test('outputs.env holds at most 20 variables, whatever the run set: the chosen ones, the rest only in outputs.json', () => {
  const all = everyOutput()
  expect(Object.keys(all).length).toBeGreaterThan(20)
  expect(DOTENV_OUTPUTS.length).toBeLessThanOrEqual(20)
  // Each chosen one is an output of action.yml, once.
  expect(new Set(DOTENV_OUTPUTS).size).toBe(DOTENV_OUTPUTS.length)
  for (const name of DOTENV_OUTPUTS) expect(Object.keys(all)).toContain(name)

  const { text, leftOut } = dotenv(all)
  const variables = parse(text)
  expect(Object.keys(variables)).toHaveLength(20)
  expect(leftOut).toEqual([])
  expect(variables).toMatchObject({ CLAUDE_CONCLUSION: 'value of conclusion', CLAUDE_RESULT: 'All good.', CLAUDE_COST_USD: 'value of cost-usd' })
  for (const kept of ['SESSION_ID', 'INPUT_TOKENS', 'OUTPUT_TOKENS', 'COMMENT_URL', 'REVIEW_URL', 'REGION']) expect(variables).toHaveProperty(`CLAUDE_${kept}`)
  for (const dropped of ['API_RETRIES', 'AWS_ACCOUNT_ID', 'EXECUTION_FILE']) expect(variables).not.toHaveProperty(`CLAUDE_${dropped}`)
})

test('a $ is written $$, so GitLab never expands a variable that Claude wrote', () => {
  expect(dotenvValue('costs $5, see $HOME and ${CI_JOB_TOKEN} or $$')).toBe('costs $$5, see $$HOME and $${CI_JOB_TOKEN} or $$$$')
  expect(dotenvValue('no dollar')).toBe('no dollar')
  const { text } = dotenv({ conclusion: 'success', result: 'Set $AWS_SECRET_ACCESS_KEY first.' })
  expect(text).toBe('CLAUDE_CONCLUSION=success\nCLAUDE_RESULT=Set $$AWS_SECRET_ACCESS_KEY first.\n')
})

test('a value that would take the report past 5 KB stays out of it, with one notice, and in outputs.json', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-out-'))
  const notices: string[] = []
  const files = new OutputFiles(
    () => dir,
    {},
    message => {
      throw new Error(message)
    },
    message => notices.push(message)
  )
  const result = 'r'.repeat(3000)
  const schema = `{"verdict":"${'s'.repeat(2500)}"}`
  files.set({ conclusion: 'success', 'cost-usd': '0.5', result, 'structured-output': schema })
  // A second write (the comment URL, later) keeps the report within the limit and says nothing twice.
  files.set({ 'comment-url': 'https://gitlab.com/g/p/-/merge_requests/1#note_2' })

  const env = readFileSync(path.join(dir, 'outputs.env'), 'utf8')
  expect(Buffer.byteLength(env)).toBeLessThanOrEqual(5 * 1024)
  expect(parse(env)).toEqual({
    CLAUDE_CONCLUSION: 'success',
    CLAUDE_COST_USD: '0.5',
    CLAUDE_COMMENT_URL: 'https://gitlab.com/g/p/-/merge_requests/1#note_2',
    CLAUDE_RESULT: result
  })
  expect(notices).toEqual(["outputs.env leaves out CLAUDE_STRUCTURED_OUTPUT: it would take the report past GitLab's 5 KB dotenv limit; it is in outputs.json."])
  expect(JSON.parse(readFileSync(path.join(dir, 'outputs.json'), 'utf8'))['structured-output']).toBe(schema)
  // $$ counts: the escaped value is what GitLab measures.
  const dollars = dotenv({ result: '$'.repeat(2600) })
  expect(dollars.leftOut).toEqual(['result'])
  expect(dollars.text).toBe('')
})
