// The GitLab pipelines we hand to users (examples/gitlab/, the ```yaml gitlab blocks of the docs and
// their shell lines that run the command) use only real inputs: every --flag and CLAUDE_CLOUD_<NAME>
// names one of action.yml.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ACTION_INPUTS } from '../../../src/generated/action-inputs.js'
import { envName } from '../../../src/platform/command-inputs.js'
import { ROOT } from '../../support/runner.js'

const dir = path.join(ROOT, 'examples', 'gitlab')
const examples = readdirSync(dir)
  .filter(f => f.endsWith('.gitlab-ci.yml'))
  .map(f => [`examples/gitlab/${f}`, readFileSync(path.join(dir, f), 'utf8')])
const blocks = ['README.md', 'docs/gitlab.md'].flatMap(file =>
  [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^```(ya?ml gitlab|sh)\n([\s\S]*?)^```/gm)]
    .filter(m => m[1] !== 'sh' || m[2].includes('claude-cloud-action'))
    .map((m, i) => [`${file} block ${i + 1}`, m[2]])
)

test('there are two GitLab examples, the MR review on Bedrock and the scheduled Vertex run', () => {
  expect(examples.map(([name]) => name).sort()).toEqual(['examples/gitlab/bedrock-mr-review.gitlab-ci.yml', 'examples/gitlab/vertex-scheduled.gitlab-ci.yml'])
})

/** The lines that install the command (npm install, git clone, …), whose flags are those tools' own. */
const INSTALL_LINE = /^\s*(?:- )?(?:npm|git|curl|wget|tar) /

test.each([...examples, ...blocks])('%s uses only inputs of action.yml', (name, text) => {
  const commandLines = text
    .split('\n')
    .filter(line => !INSTALL_LINE.test(line))
    .join('\n')
  const flags = [...commandLines.matchAll(/(?:^|\s)--([a-z][a-z0-9-]*)/g)].map(m => m[1]).filter(flag => !['yes', 'help', 'version'].includes(flag))
  const variables = [...text.matchAll(/\bCLAUDE_CLOUD_[A-Z0-9_]+/g)].map(m => m[0])
  if (name.startsWith('examples/')) expect(flags.length + variables.length).toBeGreaterThan(0)
  const names = ACTION_INPUTS.map(input => input.name)
  expect(flags.filter(flag => !names.includes(flag))).toEqual([])
  expect(variables.filter(variable => !names.map(envName).includes(variable))).toEqual([])
})

test('the examples keep secrets out of flags: no key or token is passed on the command line', () => {
  for (const [, text] of examples) expect(text).not.toMatch(/--(anthropic-api-key|bedrock-api-key|gitlab-token|github-token)\b/)
})
