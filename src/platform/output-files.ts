// Outputs where a CI has no step outputs: files in output-dir. outputs.json holds every output
// under the action's names; outputs.env is a dotenv (GitLab's `artifacts: reports: dotenv`) of the
// single-line ones as CLAUDE_<OUTPUT>; summary.md the job summary; execution.jsonl the execution
// file, copied out of the private directory that goes at exit. Everything written is redacted.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { redact } from './secrets.js'
import { writing } from '../lib/write-errors.js'

/** GitLab refuses a dotenv report over 5 KB, which would lose every variable; long values stay in the JSON. */
const MAX_DOTENV_VALUE = 1024

export class OutputFiles {
  private readonly outputs: Record<string, string> = {}

  /** `dir` is asked for at each write: the input is read, and may be refused, after the platform exists. */
  constructor(private readonly dir: () => string) {}

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
    const copy = path.join(this.dir(), 'execution.jsonl')
    writing('the execution file', copy, () => {
      mkdirSync(this.dir(), { recursive: true })
      copyFileSync(file, copy)
    })
    return copy
  }

  private write(name: string, text: string): void {
    const file = path.join(this.dir(), name)
    writing(name, file, () => {
      mkdirSync(this.dir(), { recursive: true })
      writeFileSync(file, text, { mode: 0o644 })
    })
  }
}

export function dotenvName(output: string): string {
  return `CLAUDE_${output.toUpperCase().replace(/-/g, '_')}`
}

function dotenv(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .filter(([, value]) => value !== '' && !/[\r\n]/.test(value) && value.length <= MAX_DOTENV_VALUE)
    .map(([name, value]) => `${dotenvName(name)}=${value}\n`)
    .join('')
}
