// What the review e2e tests share, on GitHub (review-comments.test.ts) and GitLab (gitlab-review.test.ts):
// one changed file's patch, the model stand-in scripted to call the review tool three times (a line
// in the diff, a suggestion on a range, a line outside it) and then finish, a wrapper around the
// real CLI that records the environment it is started with, and a reader of the model's tool results.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startModel } from '../stand-ins/index.js'
import { TOOL_CACHE } from './runner.js'
import { findBinary } from '../../src/claude/install.js'

export const TOOL = 'mcp__action_review__add_comment'
export const REAL_CLI = findBinary(path.join(TOOL_CACHE, 'claude-code', '2.1.331', 'x64')) as string

/** src/index.ts's patch. RIGHT: lines 1-6 and 22-25 of the new file; LEFT: 1-4 and 20-22 of the old one. */
export const PATCH = [
  '@@ -1,4 +1,6 @@',
  ' import { run } from "./main.js"',
  '-run()',
  '+const options = parse(process.argv)',
  '+if (options.verbose) console.log(options)',
  '+run(options)',
  ' ',
  ' export {}',
  '@@ -20,3 +22,4 @@ function parse(argv) {',
  '   const x = argv[2]',
  '+  const y = argv[3]',
  '   return { x }',
  ' }'
].join('\n')

/** Line 4 is an added line. */
export const IN_DIFF = { path: 'src/index.ts', line: 4, body: 'This logs the whole options object, secrets included.' }
/** Lines 22 (context) and 23 (added). */
export const SUGGESTION = {
  path: 'src/index.ts',
  start_line: 22,
  line: 23,
  body: 'Read both arguments at once:\n\n```suggestion\n  const [x, y] = argv.slice(2)\n```'
}
export const OUTSIDE = { path: 'src/index.ts', line: 14, body: 'Unrelated nit.' }
/** The tool error the out-of-diff call gets. */
export const OUTSIDE_ERROR = 'Line 14 (RIGHT) of src/index.ts is outside the diff. Commentable RIGHT lines of src/index.ts: 1-6, 22-25.'

const call = (input: Record<string, unknown>) => ({ toolUse: { name: TOOL, input } })
export const REVIEW_TURNS = [call(IN_DIFF), call(SUGGESTION), call(OUTSIDE)]

export const VERDICT_TOOL = 'mcp__action_review__set_verdict'
/** The turn that gives the review's verdict. */
export const verdictCall = (verdict: 'pass' | 'fail', summary: string) => ({ toolUse: { name: VERDICT_TOOL, input: { verdict, summary } } })
/** The turn that comments on a line. */
export const commentCall = call

/** The system prompt of a request, whichever shape (string or blocks) the CLI sent. */
export function systemPrompt(body: { system?: unknown }): string {
  const system = body.system
  if (typeof system === 'string') return system
  return Array.isArray(system) ? system.map(block => (block as { text?: string }).text ?? '').join('\n') : ''
}

/** A turn that reads the file the system prompt names with `pattern` (its first group). */
export const readNamed = (pattern: RegExp) => (request: { body: { system?: unknown } }) => {
  const file = pattern.exec(systemPrompt(request.body))?.[1]
  return file ? { toolUse: { name: 'Read', input: { file_path: file } } } : { text: 'The system prompt named no file.' }
}

/** Every tool result the model got back, as text, from its last main request. */
export function toolResultTexts(model: Model): string[] {
  const final = model.requests.filter(r => r.main).at(-1)?.body.messages ?? []
  return blocksOf(final)
    .filter(b => b.type === 'tool_result')
    .map(b => JSON.stringify(b.content))
}

export type Model = Awaited<ReturnType<typeof startModel>>

export function reviewModel(): Promise<Model> {
  return startModel({ turns: REVIEW_TURNS, text: 'Two findings, both on the lines.' })
}

/**
 * `install(workspace)` writes the wrapper `claude-recording-env` (give it as claude-path); `file`
 * holds the env it was last started with, outside the run's directories, since it holds the API key.
 */
export function cliEnvRecorder(): { install(workspace: string): void; file: string } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-cli-env-')), 'cli-env.txt')
  return {
    file,
    install(workspace) {
      const script = path.join(workspace, 'claude-recording-env')
      writeFileSync(script, `#!/bin/sh\nenv > "${file}"\nexec "${REAL_CLI}" "$@"\n`)
      chmodSync(script, 0o755)
    }
  }
}

type Block = { type?: string; is_error?: boolean; content?: unknown }
const blocksOf = (messages: { content: unknown }[]): Block[] => messages.flatMap(m => (Array.isArray(m.content) ? (m.content as Block[]) : []))

/**
 * The model's view of the three calls: four main requests (three tool calls, then the answer); the
 * last carries every tool result, and the newest of them is the third call's.
 */
export function toolResults(model: Model): { mains: number; errors: boolean[]; last: Block | undefined } {
  const mains = model.requests.filter(r => r.main)
  const final = mains.at(-1)?.body.messages ?? []
  const results = blocksOf(final).filter(b => b.type === 'tool_result')
  const newest = blocksOf([final.at(-1)]).filter(b => b.type === 'tool_result')
  return { mains: mains.length, errors: results.map(b => b.is_error === true), last: newest.length === 1 ? newest[0] : undefined }
}
