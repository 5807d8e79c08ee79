// The bundled action on the Claude API, end to end: real CLI, loopback model endpoint.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { FAKE_GITHUB_TOKEN, findLeaks, listFiles, maskedValues, runAction, visibleLog } from '../support/runner.js'

const API_KEY = 'sk-ant-api03-e2e-test-key-0123456789'

type Model = Awaited<ReturnType<typeof startModel>>
let model: Model

afterEach(async () => {
  await model?.close()
})

function anthropicRun(inputs: Record<string, string>, env: Record<string, string | undefined> = {}) {
  return runAction({
    inputs: { 'anthropic-api-key': API_KEY, model: 'claude-sonnet-4-5', ...inputs },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', ...env }
  })
}

test('a prompt runs through the real CLI and every output is set', async () => {
  model = await startModel({ text: 'All tests pass.' })
  const run = await anthropicRun({ prompt: '- starts with a dash, still the prompt', 'max-turns': '3', 'append-system-prompt': 'Be brief.' })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({
    conclusion: 'success',
    result: 'All tests pass.',
    'is-error': 'false',
    subtype: 'success',
    'num-turns': '1',
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    'input-tokens': expect.stringMatching(/^[1-9]\d*$/),
    'output-tokens': expect.stringMatching(/^[1-9]\d*$/),
    'cache-read-input-tokens': '0',
    'cache-creation-input-tokens': '0'
  })
  expect(Number(run.outputs['cost-usd'])).toBeGreaterThan(0)
  expect(Number(run.outputs['duration-ms'])).toBeGreaterThanOrEqual(0)
  expect(run.outputs['session-id']).toMatch(/^[0-9a-f-]{36}$/)
  expect(run.outputs['execution-file'].startsWith(run.runnerTemp)).toBe(true)
  expect(run.outputs).not.toHaveProperty('region')
  // The global setup installed the CLI through the action; every later run is a tool-cache hit.
  expect(visibleLog(run)).toContain('Claude Code 2.1.331: found in the tool cache')

  // The CLI got the key, the model, the flags and the prompt as one argument.
  const main = model.requests.find(r => r.main)
  expect(main?.headers['x-api-key']).toBe(API_KEY)
  expect(main?.model).toBe('claude-sonnet-4-5')
  expect(JSON.stringify(main?.body.messages)).toContain('- starts with a dash, still the prompt')
  expect(JSON.stringify(main?.body.system)).toContain('Be brief.')

  // The execution file holds the raw stream: init first, result last; then one line per model call
  // the gateway forwarded, with its status, model, session and tokens.
  const events = run.executionLog
    .trim()
    .split('\n')
    .map(line => JSON.parse(line))
  const stream = events.filter(e => e.type !== 'gateway')
  expect(stream[0]).toMatchObject({ type: 'system', subtype: 'init' })
  expect(stream[stream.length - 1]).toMatchObject({ type: 'result', result: 'All tests pass.' })
  const calls = events.slice(stream.length)
  expect(calls.map(c => c.type)).toEqual(model.requests.map(() => 'gateway'))
  expect(calls.find(c => c.outputTokens > 0)).toMatchObject({
    upstream: 'anthropic',
    path: '/v1/messages',
    status: 200,
    model: 'claude-sonnet-4-5',
    sessionId: run.outputs['session-id']
  })

  // The summary has the result and the table.
  expect(run.summary).toContain('All tests pass.')
  expect(run.summary).toMatch(/\| Cost \| Turns \| Duration \| Model \| Provider \| Region \| Tokens \|/)
  expect(run.summary).toContain('| anthropic |')
})

test('non-secret Claude Code variables are exported for later steps, the key is not', async () => {
  model = await startModel()
  const run = await anthropicRun({ prompt: 'hi', 'small-fast-model': 'claude-haiku-4-5', 'max-output-tokens': '2048' })

  expect(run.exitCode).toBe(0)
  expect(run.exportedEnv).toEqual({
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    ANTHROPIC_MODEL: 'claude-sonnet-4-5',
    ANTHROPIC_SMALL_FAST_MODEL: 'claude-haiku-4-5',
    ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5',
    CLAUDE_CODE_MAX_OUTPUT_TOKENS: '2048'
  })
  expect(maskedValues(run)).toContain(API_KEY)
  expect(findLeaks(run, [API_KEY, FAKE_GITHUB_TOKEN])).toEqual([])
})

test('export-env false exports nothing; export-credentials exports the key and the post step blanks it', async () => {
  model = await startModel()
  const quiet = await anthropicRun({ prompt: 'hi', 'export-env': 'false' })
  expect(quiet.exitCode).toBe(0)
  expect(quiet.exportedEnv).toEqual({})

  const loud = await anthropicRun({ prompt: 'hi', 'export-credentials': 'true' })
  expect(loud.exitCode).toBe(0)
  expect(loud.exportedEnv.ANTHROPIC_API_KEY).toBe(API_KEY)
  expect(loud.post?.exitCode).toBe(0)
  expect(readFileSync(loud.env.GITHUB_ENV, 'utf8')).toMatch(/ANTHROPIC_API_KEY<<(.+)\n\n\1\n$/)
})

// A unique string only the tool's output holds (the command prints it from two halves).
const TOOL_OUTPUT = 'tool-x-result-4d2f'
const printsUnique = { toolUse: { name: 'Bash', input: { command: "printf 'tool%sresult-4d2f' -x-" } } }

test('by default each turn and tool result is one log line, and the tool output stays out of the log', async () => {
  model = await startModel({ turns: [printsUnique, { text: 'Done after the tool.' }] })
  const run = await anthropicRun({ prompt: 'Run printf.', 'allowed-tools': 'Bash(printf:*)' })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Done after the tool.')
  // It ran: the model got the output back, and the execution file has it.
  expect(JSON.stringify(model.requests.filter(r => r.main).map(r => r.body.messages))).toContain(TOOL_OUTPUT)
  expect(run.executionLog).toContain(TOOL_OUTPUT)
  const log = visibleLog(run)
  expect(log).not.toContain(TOOL_OUTPUT)
  expect(log).not.toContain('::group::')
  expect(log).toContain("Turn 1: → Bash printf 'tool%sresult-4d2f' -x-")
  expect(log).toMatch(/ {2}↳ Bash returned 1 line \(18 characters, in the execution file\)/)
  expect(log).toContain('Turn 2: Done after the tool.')
})

test('with show-full-output each line heads a collapsed group holding the full text and the tool output', async () => {
  model = await startModel({ turns: [printsUnique, { text: 'Done after the tool.' }] })
  const run = await anthropicRun({ prompt: 'Run printf.', 'allowed-tools': 'Bash(printf:*)', 'show-full-output': 'true' })

  expect(run.exitCode).toBe(0)
  expect(run.outputs['num-turns']).toBe('2')
  const log = visibleLog(run)
  // A group title is a workflow command's value, so its % is escaped.
  expect(log).toContain("::group::Turn 1: → Bash printf 'tool%25sresult-4d2f' -x-")
  expect(log).toContain(`::group::  ↳ Bash returned 1 line: ${TOOL_OUTPUT}`)
  expect(log).toContain('::group::Turn 2: Done after the tool.')
  // The agent's text is printed with workflow commands switched off.
  expect(log).toMatch(/::stop-commands::([0-9a-z]+)\nDone after the tool.\n::\1::/)
})

test.each([
  [401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, 'Invalid API key'],
  [500, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } }, 'API Error: 500']
])('a model-side %i fails the step with the API error text, and still sets the outputs', async (status, body, text) => {
  model = await startModel()
  model.respondWith(() => ({ status, body }))
  const run = await anthropicRun({ prompt: 'hi' })

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', subtype: 'error_api' })
  expect(run.outputs.result).toContain(text)
  expect(visibleLog(run)).toContain(`::error::${text}`)
  expect(run.summary).toContain('Claude Code failed')
  expect(findLeaks(run, [API_KEY])).toEqual([])
})

test("the CLI's config and unredacted transcript live in the run directory, which the post step removes; HOME stays clean", async () => {
  model = await startModel()
  const run = await anthropicRun({ prompt: 'hi' })
  expect(run.exitCode).toBe(0)
  const privateDir = path.dirname(run.outputs['execution-file'])
  const transcript = path.join(privateDir, 'claude-config', 'projects', run.workspace.replace(/[^A-Za-z0-9]/g, '-'), `${run.outputs['session-id']}.jsonl`)
  expect(Object.keys(run.filesBeforePost)).toEqual(expect.arrayContaining([transcript, path.join(privateDir, 'claude-config', '.claude.json')]))

  expect(run.post?.stdout).toContain(`Removed ${privateDir}`)
  expect(existsSync(privateDir)).toBe(false)
  expect(listFiles(run.runnerTemp)).toEqual([])
  expect(readdirSync(run.home).filter(name => name.startsWith('.claude'))).toEqual([])
  expect(listFiles(run.home)).toEqual([])
})

test('a CLAUDE_CONFIG_DIR the workflow set is used, and the log says the transcripts stay there', async () => {
  model = await startModel()
  const configDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-config-')), 'claude')
  const run = await anthropicRun({ prompt: 'hi' }, { CLAUDE_CONFIG_DIR: configDir })
  expect(run.exitCode).toBe(0)
  expect(visibleLog(run)).toContain(
    `Claude Code keeps its config and session transcripts in the job's CLAUDE_CONFIG_DIR (${configDir}); they stay there after the run`
  )
  expect(listFiles(configDir).some(file => file.endsWith(`${run.outputs['session-id']}.jsonl`))).toBe(true)
  expect(listFiles(run.home)).toEqual([])
})
