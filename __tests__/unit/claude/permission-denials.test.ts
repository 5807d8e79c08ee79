// What would allow each refused tool call: a prefix rule for a command (its subcommand kept for npm,
// git, …), the file tools (with --add-dir outside the working directory), a domain for WebFetch, and
// the permission mode a redirection into a file needs.
import { readPermissionDenials } from '../../../src/claude/permission-denials.js'

const WORKDIR = '/home/runner/work/repo/repo'
const denial = (tool_name: string, tool_input: Record<string, unknown>, tool_use_id = `toolu_${tool_name}_${JSON.stringify(tool_input).length}`) => ({
  tool_name,
  tool_use_id,
  tool_input
})

test.each([
  ['npm test', 'Bash(npm test:*)'],
  ['npm run lint -- --fix', 'Bash(npm run:*)'],
  ['pytest tests/unit -q', 'Bash(pytest:*)'],
  ['git push origin HEAD', 'Bash(git push:*)'],
  ['cd sub && npm test', 'Bash(npm test:*)'],
  ['git diff main && make build', 'Bash(make build:*)'],
  ['CI=1 npx jest --runInBand', 'Bash(npx jest:*)'],
  ['./scripts/check.sh --all', 'Bash(./scripts/check.sh:*)']
])('Bash %s → %s', (command, entry) => {
  expect(readPermissionDenials([denial('Bash', { command })], WORKDIR)).toEqual([{ tool: 'Bash', asked: command, allow: entry }])
})

test('a redirection into a file needs acceptEdits, whatever allowed-tools says; into /dev/null it does not', () => {
  const [redirect, discard] = readPermissionDenials(
    [denial('Bash', { command: 'echo hi > /etc/claude-x' }), denial('Bash', { command: 'make 2>/dev/null' })],
    WORKDIR
  )
  expect(redirect.allow).toBe(
    'claude-args: --permission-mode acceptEdits (it writes /etc/claude-x through a redirection; outside the working directory add --add-dir too)'
  )
  expect(discard.allow).toBe('Bash(make:*)')
})

test('file tools: the tool name, and --add-dir for a path outside the working directory', () => {
  expect(
    readPermissionDenials(
      [denial('Write', { file_path: 'notes/out.md', content: 'x' }), denial('Edit', { file_path: '/tmp/elsewhere/a.txt', old_string: 'a', new_string: 'b' })],
      WORKDIR
    )
  ).toEqual([
    { tool: 'Write', asked: 'notes/out.md', allow: 'Write' },
    { tool: 'Edit', asked: '/tmp/elsewhere/a.txt', allow: 'Edit, and claude-args: --add-dir /tmp/elsewhere (it is outside the working directory)' }
  ])
})

test('WebFetch gets its domain; another tool its name, and what it asked in one line', () => {
  expect(
    readPermissionDenials([denial('WebFetch', { url: 'https://docs.example.com/a?b=1', prompt: 'x' }), denial('mcp__db__query', { sql: 'select\n1' })], WORKDIR)
  ).toEqual([
    { tool: 'WebFetch', asked: 'https://docs.example.com/a?b=1', allow: 'WebFetch(domain:docs.example.com)' },
    { tool: 'mcp__db__query', asked: '{"sql":"select\\n1"}', allow: 'mcp__db__query' }
  ])
})

test('a tool call reported twice (a resumed session) counts once; entries of the wrong shape are skipped', () => {
  const once = denial('Bash', { command: 'npm test' }, 'toolu_1')
  expect(readPermissionDenials([once, { ...once }, null, 'Bash', { tool_input: {} }], WORKDIR)).toHaveLength(1)
})

test('a long command is cut to one line', () => {
  const [long] = readPermissionDenials([denial('Bash', { command: `npm test -- ${'x'.repeat(300)}\nsecond line` })], WORKDIR)
  expect(long.asked).toHaveLength(160)
  expect(long.asked.endsWith('…')).toBe(true)
})
