// The layout's rules, checked on the source itself: no import circles (type-only and lazy imports
// count too), only the entries at src/ root, and no source file past 450 lines.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../../../src', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : []
  })
}

/** Every relative module a file names: static, type-only, re-exported or dynamically imported. */
export function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*(?:\/\*[^*]*\*\/\s*)?|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map(m => m[1])
  return specifiers.map(spec => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'))
}

/** One circle as a list of files, or undefined when the graph has none. */
export function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node]
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next)
      if (circle) return circle
    }
    stack.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    const circle = visit(node)
    if (circle) return circle
  }
  return undefined
}

const files = sourceFiles(SRC)
const graph = new Map(files.map(file => [file, importsOf(file, readFileSync(file, 'utf8')).filter(target => files.includes(target))]))

test('src/ has no import circle, counting type-only and lazy imports', () => {
  const circle = findCircle(graph)
  expect(circle?.map(file => path.relative(SRC, file)).join(' → ')).toBeUndefined()
})

test('the circle check finds a circle through a type-only or lazy import', () => {
  const a = path.join(SRC, 'a.ts')
  const b = path.join(SRC, 'b.ts')
  const c = path.join(SRC, 'c.ts')
  expect(importsOf(a, "import type { X } from './b.js'\nconst y = await import('./c.js')")).toEqual([b, c])
  expect(importsOf(a, 'const m = import(/* webpackExports: ["x"] */ \'./b.js\')')).toEqual([b])
  expect(
    findCircle(
      new Map([
        [a, [b]],
        [b, [c]],
        [c, [a]]
      ])
    )
  ).toEqual([a, b, c, a])
  expect(
    findCircle(
      new Map([
        [a, [b]],
        [b, [c]],
        [c, []]
      ])
    )
  ).toBeUndefined()
})

test('src/ root holds only the entries, at most three files', () => {
  const root = readdirSync(SRC).filter(name => statSync(path.join(SRC, name)).isFile())
  expect(root.length).toBeLessThanOrEqual(3)
  expect(root.sort()).toEqual(['command.ts', 'index.ts'])
})

test('no source file outside generated/ passes 450 lines', () => {
  const long = files
    .filter(file => !file.includes(`${path.sep}generated${path.sep}`))
    .map(file => [path.relative(SRC, file), readFileSync(file, 'utf8').split('\n').length] as const)
    .filter(([, lines]) => lines > 450)
  expect(long).toEqual([])
})
