// Outputs where a CI has no step outputs: files in output-dir. outputs.json holds every output
// under the action's names; outputs.env is a dotenv (GitLab's `artifacts: reports: dotenv`) of the
// single-line ones as CLAUDE_<OUTPUT>; summary.md the job summary; execution.jsonl the execution
// file, copied out of the private directory that goes at exit. Everything written is redacted.
// output-dir is in the checkout by default, which a PR author (or the agent, during the run) may
// fill with symbolic links: each file is written fresh beside its target and renamed over it, which
// replaces a link instead of writing through it, and a directory that is a link is refused.
import { constants, copyFileSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { redact } from './secrets.js'

/** output-dir's default (action.yml), relative to the working directory. */
export const DEFAULT_OUTPUT_DIR = 'claude-cloud-action-output'

/** GitLab refuses a dotenv report over 5 KB, which would lose every variable; long values stay in the JSON. */
const MAX_DOTENV_VALUE = 1024

export class OutputFiles {
  private readonly outputs: Record<string, string> = {}
  private refusal: string | undefined

  /**
   * `dir` is asked for at each write: the input is read, and may be refused, after the platform
   * exists. `warn` says once why nothing is written when the directory is refused.
   */
  constructor(
    private readonly dir: () => string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly warn: (message: string) => void
  ) {}

  set(outputs: Record<string, string>): void {
    for (const [name, value] of Object.entries(outputs)) {
      this.outputs[name] = name === 'execution-file' && value ? this.copyExecutionFile(value) : redact(value)
    }
    this.write('outputs.json', `${JSON.stringify(this.outputs, null, 2)}\n`)
    this.write('outputs.env', dotenv(this.outputs))
  }

  summary(markdown: string): void {
    this.write('summary.md', redact(markdown))
  }

  private copyExecutionFile(file: string): string {
    // Redacted as it was written (claude/execution-file.ts), and possibly huge: copied, not read.
    const dir = this.safeDir()
    if (!dir) return file
    const copy = path.join(dir, 'execution.jsonl')
    replaceFile(copy, partial => copyFileSync(file, partial, constants.COPYFILE_EXCL))
    return copy
  }

  private write(name: string, text: string): void {
    const dir = this.safeDir()
    if (dir) replaceFile(path.join(dir, name), partial => writeFileSync(partial, text, { mode: 0o644, flag: 'wx' }))
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
    mkdirSync(dir, { recursive: true })
    return dir
  }
}

/**
 * Why output-dir may not be written, or undefined. A link is refused wherever it points; a relative
 * path must stay inside the checkout (the working directory, or GitLab's CI_PROJECT_DIR) once its
 * links are followed, since the checkout is the PR author's; an absolute path is the user's choice.
 */
export function outputDirProblem(value: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = value || DEFAULT_OUTPUT_DIR
  const fullPath = path.resolve(given)
  const stat = lstatOrUndefined(fullPath)
  if (stat?.isSymbolicLink()) return `${fullPath} is a symbolic link; give a real directory (outputs are never written through a link).`
  if (stat && !stat.isDirectory()) return `${fullPath} is a file; give a directory (it is created when missing).`
  if (path.isAbsolute(given)) return undefined
  const real = realPathOfNearest(fullPath)
  const checkouts = [process.cwd(), env.CI_PROJECT_DIR].filter((dir): dir is string => !!dir).map(dir => realPathOfNearest(path.resolve(dir)))
  if (checkouts.some(checkout => isInside(real, checkout))) return undefined
  return `${fullPath} resolves to ${real}, outside the checkout (${checkouts.join(', ')}); give an absolute path to write outside it.`
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

function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file)
  } catch {
    return undefined
  }
}

/** The real path of `file`, or of its nearest existing ancestor with the rest appended (it may not exist yet). */
function realPathOfNearest(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    const parent = path.dirname(file)
    return parent === file ? file : path.join(realPathOfNearest(parent), path.basename(file))
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
}

export function dotenvName(output: string): string {
  return `CLAUDE_${output.toUpperCase().replace(/-/g, '_')}`
}

/** GitLab expands `$NAME` in a dotenv value for the jobs that read it; `$$` is its literal `$`. */
export function dotenvValue(value: string): string {
  return value.replace(/\$/g, '$$$$')
}

function dotenv(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => [name, dotenvValue(value)])
    .filter(([, value]) => value !== '' && !/[\r\n]/.test(value) && value.length <= MAX_DOTENV_VALUE)
    .map(([name, value]) => `${dotenvName(name)}=${value}\n`)
    .join('')
}
