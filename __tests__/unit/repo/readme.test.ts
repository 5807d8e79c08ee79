// The README's input and output tables are the interface users read: they must match action.yml.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readActionYml, ROOT } from '../../support/runner.js'

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const action = readActionYml()

/** Rows of the first table after a heading: the first cell of each, without backticks, plus the row. */
function tableRows(heading: string): { name: string; cells: string[] }[] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  return section
    .split('\n')
    .filter(line => line.startsWith('| `'))
    .map(line => {
      const cells = line.split(' | ').map(cell => cell.replace(/^\| ?| ?\|$/g, '').trim())
      return { name: cells[0].replace(/`/g, ''), cells }
    })
}

test('the Inputs table lists exactly the inputs of action.yml, in order', () => {
  expect(tableRows('Inputs').map(r => r.name)).toEqual(action.inputs.map(i => i.name))
})

test('the Inputs table shows each default action.yml declares', () => {
  const rows = new Map(tableRows('Inputs').map(r => [r.name, r.cells[1]]))
  for (const input of action.inputs.filter(i => i.default !== undefined)) {
    expect(`${input.name}: ${rows.get(input.name)}`).toContain(`${input.name}: \`${input.default}\``)
  }
})

test('the Outputs table lists exactly the outputs of action.yml, in order', () => {
  expect(tableRows('Outputs').map(r => r.name)).toEqual(action.outputs)
})

test('action.yml runs the bundled action on node24, with a post step that always runs', () => {
  const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
  expect(yml).toMatch(/\nruns:\n {2}using: node24\n {2}main: dist\/index.js\n {2}post: dist\/index.js\n {2}post-if: always\(\)\n/)
})

test('the README gives a fresh clone its two commands', () => {
  expect(readme).toContain('npm ci && npm test')
  expect(readme).toContain('npm run demo')
})
