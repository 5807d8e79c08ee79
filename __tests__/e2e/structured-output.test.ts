// json-schema through the real CLI: it offers the model a StructuredOutput tool with that schema, and
// the tool call's input comes back as the result event's structured_output → the structured-output output.
import { startModel } from '../stand-ins/index.js'
import { runAction } from '../support/runner.js'

let model: Awaited<ReturnType<typeof startModel>>

afterEach(async () => {
  await model?.close()
})

const schema = {
  type: 'object',
  properties: { verdict: { type: 'string', enum: ['approve', 'request-changes'] }, issues: { type: 'array', items: { type: 'string' } } },
  required: ['verdict', 'issues']
}

test('json-schema: the model answers through the StructuredOutput tool, and the output and summary hold its JSON', async () => {
  const answer = { verdict: 'request-changes', issues: ['src/a.ts: unchecked null'] }
  // One ordinary tool turn first, so the structured answer is not simply the first reply.
  model = await startModel({ turns: [{ text: 'Let me look.', toolUse: { name: 'Bash', input: { command: 'ls' } } }], structuredOutput: answer })
  const run = await runAction({
    inputs: {
      prompt: 'Review the change.',
      'anthropic-api-key': 'sk-ant-structured-0000',
      model: 'claude-sonnet-4-5',
      'allowed-tools': 'Bash(ls:*)',
      'json-schema': JSON.stringify(schema)
    },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
  })

  expect(run.exitCode).toBe(0)
  const main = model.requests.filter(r => r.main)
  expect(main).toHaveLength(2)
  // The schema reached the model unchanged, as the tool's input schema.
  expect(main[0].body.tools.find((t: { name: string }) => t.name === 'StructuredOutput')?.input_schema).toEqual(schema)
  expect(run.outputs).toMatchObject({ conclusion: 'success', 'is-error': 'false', 'num-turns': '3' })
  expect(JSON.parse(run.outputs['structured-output'])).toEqual(answer)
  expect(run.summary).toContain(`### Structured output\n\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``)
  // The execution file keeps the CLI's own result event with the object.
  const result = run.executionLog
    .trim()
    .split('\n')
    .map(line => JSON.parse(line))
    .find(e => e.type === 'result')
  expect(result.structured_output).toEqual(answer)
})

test('json-schema: a model that answers in text instead fails the step, as a later fromJSON() would', async () => {
  model = await startModel({ text: 'Looks fine to me.' })
  const run = await runAction({
    inputs: { prompt: 'Review the change.', 'anthropic-api-key': 'sk-ant-structured-0000', model: 'claude-sonnet-4-5', 'json-schema': JSON.stringify(schema) },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
  })

  expect(run.exitCode).toBe(1)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', subtype: 'error_no_structured_output' })
  expect(run.outputs['structured-output']).toBeUndefined()
  expect(run.stdout).toContain('::error::json-schema was given, but Claude Code ended without structured output')
  // The text it gave instead is still there to read.
  expect(run.outputs.result).toContain('Looks fine to me.')
})
