// A prompt-file past the 128 KiB an argv string can carry goes to the real CLI on stdin, written and
// then closed, and reaches the model whole; failover still resumes the session with it.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runAction } from '../support/runner.js'

const closers: { close(): Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(closers.splice(0).map(c => c.close()))
})

/** 2 MiB of distinct lines between two markers, so a cut or a reorder shows. */
function longPrompt(): string {
  const lines = [`BEGIN-LONG-PROMPT Summarise the numbered lines below in one word.`]
  for (let i = 0, length = 0; length < 2 * 1024 * 1024; i++) {
    lines.push(`line ${i}: ${'abcdefghij'.repeat(6)}`)
    length += lines[lines.length - 1].length + 1
  }
  lines.push('END-LONG-PROMPT')
  return lines.join('\n')
}

/** The text of the user turns a model call carried. */
function userText(body: { messages?: { role: string; content: string | { type: string; text?: string }[] }[] }): string {
  return (body.messages ?? [])
    .filter(m => m.role === 'user')
    .flatMap(m => (typeof m.content === 'string' ? [m.content] : m.content.map(part => part.text ?? '')))
    .join('\n')
}

test('a 2 MiB prompt-file reaches the model whole', async () => {
  const model = await startModel({ text: 'Numbers.' })
  closers.push(model)
  const prompt = longPrompt()
  const run = await runAction({
    inputs: { 'prompt-file': 'task.md', 'anthropic-api-key': 'sk-ant-long-0000000000', model: 'claude-sonnet-4-5' },
    env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' },
    prepare: workspace => writeFileSync(path.join(workspace, 'task.md'), prompt)
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs.result).toBe('Numbers.')
  const [main] = model.requests.filter(r => r.main)
  expect(userText(main.body)).toContain(prompt)
}, 180_000)

test('the gateway moves a 2 MiB request between regions whole, and failover resumes its session in the next region', async () => {
  const world: BedrockWorld = await startBedrockWorld({ text: 'Finished in the fallback region.' })
  closers.push(world)
  // Every region throttles the first attempt's calls, so the session itself moves; the resumed one is let in.
  world.model.respondWith(r => (r.main && !userText(r.body).includes('Continue the task from where it stopped.') ? { status: 429 } : undefined))
  const prompt = longPrompt()
  const run = await runAction({
    inputs: { 'prompt-file': 'task.md', ...world.inputs, 'fallback-regions': 'us-west-2' },
    env: world.env,
    prepare: workspace => writeFileSync(path.join(workspace, 'task.md'), prompt)
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', region: 'us-west-2' })
  const main = world.model.requests.filter(r => r.main)
  expect(userText(main[0].body)).toContain(prompt)
  // The gateway sent the same 2 MiB body to us-west-2 after us-east-1's 429.
  expect(main.slice(0, 2).map(r => r.region)).toEqual(['us-east-1', 'us-west-2'])
  expect(main[1].body).toEqual(main[0].body)
  const resumed = userText(main[main.length - 1].body)
  expect(main[main.length - 1].region).toBe('us-west-2')
  expect(resumed).toContain(prompt)
  expect(resumed).toContain('Continue the task from where it stopped.')
}, 180_000)
