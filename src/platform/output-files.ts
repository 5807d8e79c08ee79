// Outputs where a CI has no step outputs: files in output-dir. outputs.json holds every output
// under the action's names; outputs.env is a dotenv (GitLab's `artifacts: reports: dotenv`) of the
// ones a later job needs, as CLAUDE_<OUTPUT>, within GitLab's limits; summary.md the job summary;
// execution.jsonl the execution file, copied out of the private directory that goes at exit.
// Everything written is redacted. output-dir is in the checkout by default, which a PR author (or
// the agent, during the run) may fill with symbolic links: each file is written fresh beside its
// target and renamed over it, which replaces a link instead of writing through it, and a directory
// that is a link is refused.
import { constants, copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { redact } from './secrets.js'
import { writing } from '../lib/write-errors.js'
import { outputDirProblem } from './output-dir.js'

/**
 * The outputs.env variables, most needed first: at most 20, a self-managed GitLab's default limit
 * per report (past it GitLab refuses the whole report). The other outputs are in outputs.json only.
 */
export const DOTENV_OUTPUTS = [
  'conclusion',
  'is-error',
  'subtype',
  'cost-usd',
  'num-turns',
  'duration-ms',
  'input-tokens',
  'output-tokens',
  'cache-read-input-tokens',
  'cache-creation-input-tokens',
  'throttled',
  'session-id',
  'model',
  'provider',
  'region',
  'comment-url',
  'review-url',
  'review-comments',
  'result',
  'structured-output'
] as const

/** GitLab refuses a dotenv report over 5 KB (dotenv_size), which would lose every variable. */
const MAX_DOTENV_BYTES = 5 * 1024

export class OutputFiles {
  private readonly outputs: Record<string, string> = {}
  /** Outputs already said to be left out of outputs.env; each set() rewrites it. */
  private readonly leftOut = new Set<string>()
  private refusal: string | undefined

  /**
   * `dir` is asked for at each write: the input is read, and may be refused, after the platform
   * exists. `warn` says once why nothing is written when the directory is refused; `notice` logs an
   * output that the 5 KB limit keeps out of outputs.env.
   */
  constructor(
    private readonly dir: () => string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly warn: (message: string) => void,
    private readonly notice: (message: string) => void = warn
  ) {}

  set(outputs: Record<string, string>): void {
    for (const [name, value] of Object.entries(outputs)) {
      this.outputs[name] = name === 'execution-file' && value ? this.copyExecutionFile(value) : redact(value)
    }
    this.write('outputs.json', `${JSON.stringify(this.outputs, null, 2)}\n`)
    const { text, leftOut } = dotenv(this.outputs)
    this.write('outputs.env', text)
    for (const name of leftOut.filter(name => !this.leftOut.has(name))) {
      this.leftOut.add(name)
      this.notice(`outputs.env leaves out ${dotenvName(name)}: it would take the report past GitLab's 5 KB dotenv limit; it is in outputs.json.`)
    }
  }

  summary(markdown: string): void {
    this.write('summary.md', redact(markdown))
  }

  private copyExecutionFile(file: string): string {
    // Redacted as it was written (claude/execution-file.ts), and possibly huge: copied, not read.
    const dir = this.safeDir()
    if (!dir) return file
    const copy = path.join(dir, 'execution.jsonl')
    writing('the execution file', copy, () => replaceFile(copy, partial => copyFileSync(file, partial, constants.COPYFILE_EXCL)))
    return copy
  }

  private write(name: string, text: string): void {
    const dir = this.safeDir()
    if (!dir) return
    const file = path.join(dir, name)
    writing(name, file, () => replaceFile(file, partial => writeFileSync(partial, text, { mode: 0o644, flag: 'wx' })))
  }

  /** The directory, made when missing; undefined (after one warning) when it is refused. */
  private safeDir(): string | undefined {
    const given = this.dir()
    const problem = outputDirProblem(given, this.env)
    if (problem) {
      if (problem !== this.refusal) this.warn(`The outputs and the summary are not written: output-dir ${problem}`)
      this.refusal = problem
      return undefined
    }
    const dir = path.resolve(given)
    writing('the output directory', dir, () => mkdirSync(dir, { recursive: true }))
    return dir
  }
}

/** Writes `file` as a new file beside it (O_EXCL, so never through a link) and renames it over `file`, link or not. */
function replaceFile(file: string, create: (partial: string) => void): void {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.partial`)
  try {
    create(partial)
    renameSync(partial, file)
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

export function dotenvName(output: string): string {
  return `CLAUDE_${output.toUpperCase().replace(/-/g, '_')}`
}

/** A dotenv value as GitLab must read it: a `$` would expand a variable in later jobs, `$$` is a `$`. */
export function dotenvValue(value: string): string {
  return value.split('$').join('$$')
}

/**
 * The report, in DOTENV_OUTPUTS' order: single-line values only (a dotenv cannot hold a line break),
 * and none that would take it past 5 KB, which are returned as left out.
 */
export function dotenv(outputs: Record<string, string>): { text: string; leftOut: string[] } {
  let text = ''
  const leftOut: string[] = []
  for (const name of DOTENV_OUTPUTS) {
    const value = outputs[name]
    if (!value || /[\r\n]/.test(value)) continue
    const line = `${dotenvName(name)}=${dotenvValue(value)}\n`
    if (Buffer.byteLength(text + line) > MAX_DOTENV_BYTES) leftOut.push(name)
    else text += line
  }
  return { text, leftOut }
}
