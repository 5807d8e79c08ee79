// action.yml is read by the runner's strict YAML parser: a plain scalar holding `: ` breaks the whole
// action. The tests' own line reader (readActionYml) is lenient, so check the file as YAML too.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import yaml from 'js-yaml'
import { readActionYml, ROOT } from '../../support/runner.js'

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post: string }
}

const metadata = yaml.safeLoad(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata

test('action.yml is valid YAML with the inputs and outputs the line reader sees', () => {
  const lines = readActionYml()
  expect(Object.keys(metadata.inputs)).toEqual(lines.inputs.map(i => i.name))
  expect(Object.keys(metadata.outputs)).toEqual(lines.outputs)
  for (const input of lines.inputs.filter(i => i.default !== undefined)) expect(String(metadata.inputs[input.name].default)).toBe(input.default)
  expect(metadata.runs).toMatchObject({ using: 'node24', main: 'dist/index.js', post: 'dist/index.js' })
})

test('every input and output has a description', () => {
  for (const [name, input] of Object.entries({ ...metadata.inputs, ...metadata.outputs }))
    expect(`${name}: ${typeof input.description}`).toBe(`${name}: string`)
})
