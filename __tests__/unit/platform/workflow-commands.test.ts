// The workflow commands and file commands the action writes itself (src/platform/workflow-commands.ts),
// read back the way the runner reads them: escaped messages, heredoc values that no content can end
// early, and the legacy stdout commands where a runner has no command files.
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { githubActions } from '../../../src/platform/github-actions.js'
import { inert } from '../../../src/platform/platform.js'
import { breakLegacyCommands, formatCommand, issueFileCommand, keyValueMessage, tokenNotIn, writeStepSummary } from '../../../src/platform/workflow-commands.js'
import { runnerCommands } from '../../support/runner-commands.js'
import { fileCommands } from '../../support/runner.js'

const saved = { ...process.env }
let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-workflow-commands-'))
  for (const name of ['OUTPUT', 'ENV', 'STATE']) {
    process.env[`GITHUB_${name}`] = path.join(dir, name.toLowerCase())
    writeFileSync(path.join(dir, name.toLowerCase()), '')
  }
})

afterEach(() => {
  process.env = { ...saved }
  process.exitCode = undefined
  jest.restoreAllMocks()
})

/** What the step printed to stdout while `fn` ran. */
function printed(fn: () => void): string {
  let out = ''
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString()
    return true
  })
  try {
    fn()
  } finally {
    write.mockRestore()
  }
  return out
}

test('a message keeps to its one line, and a property value cannot end the property list', () => {
  expect(formatCommand('warning', 'line 1\r\nline 2 at 100%')).toBe('::warning::line 1%0D%0Aline 2 at 100%25')
  expect(formatCommand('error', 'boom', { file: 'a:b,c.ts', line: '3', title: '' })).toBe('::error file=a%3Ab%2Cc.ts,line=3::boom')
  // Nothing in a message makes a second command: the newline that would start one is escaped.
  expect(formatCommand('notice', 'done\n::add-mask::x').split('\n')).toHaveLength(1)
})

test('file commands hold multi-line values, and the runner reads back exactly what was set', () => {
  const values: [string, string][] = [
    ['result', 'first line\nsecond line\n\nlast'],
    ['empty', ''],
    ['symbols', '%0A :: <<EOF ghadelimiter_'],
    ['cost-usd', '0.0012']
  ]
  for (const [name, value] of values) issueFileCommand('OUTPUT', name, value)
  expect(fileCommands(readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8'))).toEqual(values)
})

test('a value that holds the first delimiter tried gets another one, so it cannot end itself and set more', () => {
  // The first two random draws make the token the value holds; the next ones make a fresh token.
  const draws = [0.25, 0.5, 0.75, 0.125]
  jest.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.375)
  const taken = `ghadelimiter_${(0.25).toString(36).slice(2, 12).padEnd(10, '0')}${(0.5).toString(36).slice(2, 12).padEnd(10, '0')}`
  const value = `harmless\n${taken}\nconclusion<<X\nsuccess\nX`
  const message = keyValueMessage('result', value)
  const delimiter = /^result<<(.+)$/m.exec(message)?.[1] ?? ''
  expect(delimiter).toMatch(/^ghadelimiter_[0-9a-z]{20}$/)
  expect(delimiter).not.toBe(taken)
  expect(value.includes(delimiter)).toBe(false)
  expect(fileCommands(message)).toEqual([['result', value]])
})

test('tokenNotIn never returns a token that occurs in the text', () => {
  const draws = [0.5, 0.5, 0.5, 0.5, 0.25, 0.75]
  jest.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.125)
  const half = (0.5).toString(36).slice(2, 12).padEnd(10, '0')
  const text = `::${half}${half}::`
  const token = tokenNotIn('', text)
  expect(text.includes(token)).toBe(false)
  expect(token).toBe(`${(0.25).toString(36).slice(2, 12).padEnd(10, '0')}${(0.75).toString(36).slice(2, 12).padEnd(10, '0')}`)
})

test('without command files (an old runner) the legacy stdout commands carry outputs, variables and state', () => {
  delete process.env.GITHUB_OUTPUT
  delete process.env.GITHUB_ENV
  delete process.env.GITHUB_STATE
  const out = printed(() => {
    issueFileCommand('OUTPUT', 'result', 'two\nlines')
    issueFileCommand('ENV', 'CLOUD_ML_REGION', 'us-east5')
    issueFileCommand('STATE', 'isPost', 'true')
  })
  expect(out).toBe('\n::set-output name=result::two%0Alines\n::set-env name=CLOUD_ML_REGION::us-east5\n::save-state name=isPost::true\n')
})

test('the step summary is replaced, not appended to; a runner without one is an error the caller reports', () => {
  const summary = path.join(dir, 'summary.md')
  writeFileSync(summary, 'forged by the agent\n')
  process.env.GITHUB_STEP_SUMMARY = summary
  writeStepSummary('## ✓ Claude Code succeeded')
  expect(readFileSync(summary, 'utf8')).toBe('## ✓ Claude Code succeeded\n')
  delete process.env.GITHUB_STEP_SUMMARY
  expect(() => writeStepSummary('x')).toThrow('GITHUB_STEP_SUMMARY is not set')
})

test('the GitHub platform reads inputs as the runner passes them and hands variables to this step and later ones', () => {
  const github = githubActions()
  process.env['INPUT_CLAUDE-PATH'] = '  /opt/claude  \n'
  process.env.INPUT_SOME_NAME = 'spaced'
  expect(github.input('claude-path')).toBe('/opt/claude')
  expect(github.input('some name')).toBe('spaced')
  expect(github.input('unset-input')).toBe('')

  github.exportVariable('ANTHROPIC_MODEL', 'claude-sonnet-4-5')
  expect(process.env.ANTHROPIC_MODEL).toBe('claude-sonnet-4-5')
  github.saveState('isPost', 'true')
  github.setOutputs({ conclusion: 'success', 'num-turns': '1' })
  const read = (name: string) => fileCommands(readFileSync(path.join(dir, name), 'utf8'))
  expect(read('env')).toEqual([['ANTHROPIC_MODEL', 'claude-sonnet-4-5']])
  expect(read('state')).toEqual([['isPost', 'true']])
  expect(read('output')).toEqual([
    ['conclusion', 'success'],
    ['num-turns', '1']
  ])
  process.env.STATE_isPost = 'true'
  expect(github.getState('isPost')).toBe('true')
})

test('the GitHub platform masks secrets, marks the step failed, and prints agent text with commands off', () => {
  const github = githubActions()
  const out = printed(() => {
    github.registerSecret('sk-ant-secret\nsecond')
    github.setFailed('Claude Code failed: 1 turn')
    github.log.verbatim('::add-mask::nothing\n::error::forged')
  })
  const lines = out.split('\n')
  expect(lines.slice(0, 2)).toEqual(['::add-mask::sk-ant-secret%0Asecond', '::error::Claude Code failed: 1 turn'])
  expect(process.exitCode).toBe(1)
  const token = /^::stop-commands::(.+)$/.exec(lines[2])?.[1] ?? ''
  expect(token).toMatch(/^[0-9a-z]{20}$/)
  expect(lines.slice(3)).toEqual(['::add-mask::nothing', '::error::forged', `::${token}::`, ''])
})

test('##[ is broken wherever it stands in a line, also with zero-width or control characters between its signs', () => {
  const forms = [
    'Turn 2: ##[error title=x]pwned',
    '→ Read /w/pr/##[add-mask]a',
    'x ##[set-env name=NODE_OPTIONS]--require ./x.js',
    'x ##[save-state name=isPost]true',
    '#\u200b#[error]zero width space',
    '##\u2060[error]word joiner',
    '#\u00ad#\u200d[error]soft hyphen and zero width joiner',
    '#\u0001#[error]a control character',
    '###[error]three',
    '##[ERROR]upper case'
  ]
  for (const text of forms) {
    expect(runnerCommands(text)).not.toEqual([])
    expect(runnerCommands(breakLegacyCommands(text))).toEqual([])
  }
  // stop-commands would silence the action's own commands that follow.
  expect(runnerCommands('##[stop-commands]t\n::warning::w')).toEqual([])
  expect(runnerCommands(`${breakLegacyCommands('##[stop-commands]t')}\n::warning::w`).map(c => c.command)).toEqual(['warning'])
  // What a reader sees: the same text, a backslash before the bracket.
  expect(breakLegacyCommands('Turn 2: ##[error title=x]pwned ##[add-mask]a')).toBe('Turn 2: ##\\[error title=x]pwned ##\\[add-mask]a')
  expect(breakLegacyCommands('# heading [link] #[1] ## [x]')).toBe('# heading [link] #[1] ## [x]')
  expect(inert('model ##[error]x\n::warning::y')).toBe('model ##\\[error]x\\n::warning::y')
})

test('the GitHub log breaks ##[ in plain lines and in agent text; its own commands stay whole', () => {
  const github = githubActions()
  const out = printed(() => {
    github.log.info('a value that skipped inert: ##[add-mask]a')
    github.log.verbatim('file text ##[set-output name=x]y\n::error::forged')
    github.log.warning('a warning about ##[error]x')
  })
  expect(out).toContain('a value that skipped inert: ##\\[add-mask]a\n')
  expect(out).toContain('file text ##\\[set-output name=x]y\n')
  // Only the action's own commands act: the verbatim block's stop-commands and the warning (whose `::` form the runner reads first).
  expect(runnerCommands(out).map(c => `${c.form}${c.command}`)).toEqual(['::warning'])
})
