// Inputs that would reach the CLI as flags it was not given: tool-list entries that start with '-',
// and a --settings or --mcp-config in claude-args, which would replace the action's own. Also
// timeout-minutes past what a Node timer can hold, which would stop the CLI at once.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { buildArgv, mergeCliSettings, takeMergedFlags } from '../../../src/claude/argv.js'
import { freshWorkspace, problemsFor, settingsFor } from '../../support/input-support.js'

const KEY = { 'anthropic-api-key': 'k', prompt: 'hi' }
let workspace: string

beforeEach(() => {
  workspace = freshWorkspace()
})

test.each([
  ['allowed-tools', 'Read,--output-format=text', '--output-format=text'],
  ['disallowed-tools', 'WebFetch\n--resume=11111111-2222-4333-8444-555555555555', '--resume=11111111-2222-4333-8444-555555555555'],
  ['allowed-tools', 'Read, -p', '-p']
])('%s entries that start with "-" are input errors', (name, value, entry) => {
  expect(problemsFor({ ...KEY, [name]: value })).toEqual([
    `Input '${name}': '${entry}' is not a tool name; entries may not start with '-' (pass CLI flags through claude-args).`
  ])
})

test('timeout-minutes past the longest Node.js timer is an input error', () => {
  expect(problemsFor({ ...KEY, 'timeout-minutes': '40000' })).toEqual([
    "Input 'timeout-minutes': 40000 is more than 35791 minutes (about 24 days), the longest timer Node.js can set; give a smaller number, or leave it unset for no limit."
  ])
  expect(settingsFor({ ...KEY, 'timeout-minutes': '35791' }).cli.timeoutMinutes).toBe(35791)
})

test('--settings and --mcp-config are taken out of claude-args, in every spelling', () => {
  expect(
    takeMergedFlags(['--settings', '{"a":1}', '--add-dir', 'docs', '--mcp-config=x.json', '--mcp-config', 'y.json', '{"mcpServers":{}}', '--verbose'])
  ).toEqual({
    passed: ['--add-dir', 'docs', '--verbose'],
    settings: ['{"a":1}'],
    mcpConfigs: ['x.json', 'y.json', '{"mcpServers":{}}']
  })
})

test("claude-args --settings is merged under the action's settings, so the action's keys survive", () => {
  writeFileSync(path.join(workspace, 'more.json'), '{"model":"from-file","env":{"A":"1"}}')
  const settings = settingsFor({
    ...KEY,
    settings: '{"permissions":{"allow":["Read"]},"model":"from-input"}',
    'claude-args': `--settings '{"claudeMdExcludes":["nothing"]}' --settings more.json --add-dir docs`
  })
  expect(settings.cli.extraArgs).toEqual(['--add-dir', 'docs'])
  const argv = buildArgv(settings, mergeCliSettings(settings.cli.settings, { claudeMdExcludes: ['/pr/**'] }), { prompt: 'hi' })
  expect(argv.filter(arg => arg === '--settings')).toHaveLength(1)
  expect(JSON.parse(argv[argv.indexOf('--settings') + 1])).toEqual({
    permissions: { allow: ['Read'] },
    model: 'from-file',
    env: { A: '1' },
    claudeMdExcludes: ['/pr/**']
  })
})

test("claude-args --mcp-config servers become one config that the action's own servers extend and win", () => {
  writeFileSync(path.join(workspace, 'mcp.json'), '{"mcpServers":{"docs":{"type":"stdio","command":"docs-server"}}}')
  const settings = settingsFor({ ...KEY, 'claude-args': `--mcp-config mcp.json '{"mcpServers":{"review":{"command":"user-review"}}}'` })
  const argv = buildArgv(
    settings,
    undefined,
    { prompt: 'hi' },
    { mcpServers: { review: { type: 'stdio', command: 'action-review' } }, allowedTools: [], systemPrompt: [] }
  )
  expect(argv.filter(arg => arg === '--mcp-config')).toHaveLength(1)
  expect(JSON.parse(argv[argv.indexOf('--mcp-config') + 1])).toEqual({
    mcpServers: { docs: { type: 'stdio', command: 'docs-server' }, review: { type: 'stdio', command: 'action-review' } }
  })
})

test('a --settings or --mcp-config in claude-args that cannot be read is an input error', () => {
  expect(problemsFor({ ...KEY, 'claude-args': '--settings nowhere.json' })).toEqual([
    `Input 'claude-args': is neither a JSON object nor a file (no file at ${path.join(workspace, 'nowhere.json')}); --settings takes a JSON object or a path to a JSON file; or use the settings input.`
  ])
  expect(problemsFor({ ...KEY, 'claude-args': `--mcp-config '{"servers":{}}'` })).toEqual([
    'Input \'claude-args\': --mcp-config needs an object with "mcpServers": {"NAME": {...}}.'
  ])
})
