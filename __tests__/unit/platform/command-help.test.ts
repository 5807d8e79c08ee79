// --help: every input of action.yml once, under its heading, in a command's words, with two example
// command lines that parse; --version: package.json's version.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ACTION_INPUTS } from '../../../src/generated/action-inputs.js'
import { commandDescription, HELP_GROUPS, helpText, versionText } from '../../../src/platform/command-help.js'
import { envName, parseCommandLine } from '../../../src/platform/command-inputs.js'
import { readActionYml, ROOT } from '../../support/runner.js'

const HEADINGS = ['Provider and auth', 'Claude Code', 'Reporting', 'GitLab', 'GitHub Actions only (no use in the command)']
const GITHUB_ONLY = ['export-env', 'export-credentials', 'allowed-users', 'allowed-bots', 'pull-request', 'github-token']

/** The help's sections: heading → the flags listed under it, in order. */
function sections(help: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  let heading = ''
  for (const line of help.split('\n')) {
    const head = /^(\S.*):$/.exec(line)
    if (head) out.set((heading = head[1]), [])
    const flag = /^ {2}--([a-z0-9-]+)/.exec(line)
    if (flag && out.has(heading)) out.get(heading)!.push(flag[1])
  }
  return out
}

test('--help lists every input of action.yml exactly once, under the five headings, in action.yml order within each', () => {
  const help = helpText()
  const found = sections(help)
  expect([...found.keys()]).toEqual(['Examples', ...HEADINGS])
  const listed = HEADINGS.flatMap(heading => found.get(heading) ?? [])
  const names = readActionYml().inputs.map(i => i.name)
  expect([...listed].sort()).toEqual([...names].sort())
  expect(new Set(listed).size).toBe(listed.length)
  for (const heading of HEADINGS) {
    const flags = found.get(heading) ?? []
    expect(flags.length).toBeGreaterThan(0)
    expect(flags).toEqual(names.filter(name => flags.includes(name)))
  }
  expect(found.get('GitHub Actions only (no use in the command)')).toEqual(GITHUB_ONLY)
  expect(found.get('GitLab')).toEqual(['gitlab-token'])
  expect(found.get('Provider and auth')).toEqual(expect.arrayContaining(['provider', 'role-to-assume', 'workload-identity-provider', 'id-token-env']))
  expect(found.get('Claude Code')).toEqual(expect.arrayContaining(['prompt', 'model', 'allowed-tools', 'claude-args']))
  expect(found.get('Reporting')).toEqual(expect.arrayContaining(['comment-on-pr', 'review-comments', 'output-dir']))
  // The groups name only real inputs, so none is listed twice or lost when action.yml changes.
  expect(HELP_GROUPS.flatMap(g => g.inputs).filter(name => !names.includes(name))).toEqual([])
})

test("each input shows its flag, its variable and its description in the command's words", () => {
  const help = helpText()
  for (const input of ACTION_INPUTS) {
    expect(help).toContain(`(env ${envName(input.name)}`)
    expect(help).toContain(commandDescription(input))
  }
  expect(help).toContain('--comment-on-pr[=true|false]')
  expect(help).toContain('--role-to-assume VALUE')
  expect(help).toContain('(env CLAUDE_CLOUD_ROLE_TO_ASSUME, then AWS_ROLE_TO_ASSUME)')
  expect(help).toContain('(env CLAUDE_CLOUD_GITLAB_TOKEN, then GITLAB_TOKEN, then GITLAB_ACCESS_TOKEN)')
  expect(help).toContain("IAM role ARN to assume with the job's OIDC token (id-token-env), for Bedrock.")
  // No GitHub words where the command runs, and no post step, which only GitHub has.
  expect(help).not.toMatch(/GitHub OIDC|post step|this workflow/)
  expect(help).not.toContain('${{')
})

test('the two examples are command lines that parse, with real flags only', () => {
  const help = helpText()
  const examples = help
    .slice(help.indexOf('Examples:'), help.indexOf('\n\n', help.indexOf('Examples:')))
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter(line => line.trim().startsWith('claude-cloud-action '))
  expect(examples).toHaveLength(2)
  for (const example of examples) {
    const argv = [...example.matchAll(/"([^"]*)"|(\S+)/g)].map(m => m[1] ?? m[2]).slice(1)
    const line = parseCommandLine(argv)
    expect(line.kind).toBe('run')
  }
})

test("--version prints package.json's version", () => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  expect(versionText()).toBe(`${version}\n`)
  expect(version).toMatch(/^\d+\.\d+\.\d+/)
})
