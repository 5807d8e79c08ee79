// Reads the `with:` inputs of the claude-cloud-action step in an example workflow, so a test runs
// exactly what a user would copy. A small reader for the examples' shape: plain `key: value`
// scalars (a trailing ` # comment` dropped) and `|` / `>-` block scalars.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './runner.js'

const indentOf = (line: string): number => line.length - line.trimStart().length

/** The inputs of the step that `uses: …/claude-cloud-action@…` in examples/<name>. */
export function exampleInputs(name: string, nth = 0): Record<string, string> {
  const lines = readFileSync(path.join(ROOT, 'examples', name), 'utf8').split('\n')
  const uses = lines.map((line, i) => (/^\s*(- )?uses: \S*claude-cloud-action@/.test(line) ? i : -1)).filter(i => i >= 0)[nth]
  if (uses === undefined) throw new Error(`examples/${name} has no claude-cloud-action step ${nth}`)
  const stepIndent = indentOf(lines[uses]) - (lines[uses].trimStart().startsWith('- ') ? -2 : 0)
  let at = uses + 1
  while (at < lines.length && !(indentOf(lines[at]) === stepIndent && lines[at].trim() === 'with:')) at++
  const inputs: Record<string, string> = {}
  const keyIndent = stepIndent + 2
  for (at++; at < lines.length; at++) {
    const line = lines[at]
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    if (indentOf(line) < keyIndent) break
    const m = /^\s*([a-z0-9-]+):\s*(.*)$/.exec(line)
    if (!m || indentOf(line) !== keyIndent) continue
    const [, key, rest] = m
    if (rest === '|' || rest === '>-' || rest === '>') {
      const body: string[] = []
      while (at + 1 < lines.length && (lines[at + 1].trim() === '' || indentOf(lines[at + 1]) > keyIndent)) body.push(lines[++at])
      const depth = Math.min(...body.filter(l => l.trim()).map(indentOf))
      const text = body
        .map(l => l.slice(depth))
        .join('\n')
        .replace(/\n+$/, '')
      inputs[key] = rest === '|' ? `${text}\n` : text.split('\n').join(' ')
    } else {
      inputs[key] = rest.replace(/\s+#.*$/, '').replace(/^'(.*)'$|^"(.*)"$/, '$1$2')
    }
  }
  return inputs
}
