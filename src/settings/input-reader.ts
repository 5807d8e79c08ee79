// Reads one input at a time through the platform and collects every problem, so a user sees all of
// them in one run. The readers in this folder are the only code that reads inputs.
import { platform } from '../platform/platform.js'
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import * as rule from './rules.js'
import type { ProviderName } from './settings.js'

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n${problems.join('\n')}`)
    this.name = 'InputError'
  }
}

/** Collects problems while inputs are read, so a user sees all of them in one run. */
export class InputReader {
  readonly problems: string[] = []
  /** Inputs given only under their snake_case name: that is their one problem, the others it causes are not. */
  private readonly misnamed = new Set<string>()

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  text(name: string): string | undefined {
    const value = platform().input(name)
    if (value === '' && !this.misnamed.has(name) && platform().snakeCaseInput(name) !== '') {
      const snake = name.replace(/-/g, '_')
      this.problem(
        name,
        `the workflow sets ${snake}, which this action does not read: its inputs are kebab-case (claude-code-action's are snake_case). Rename ${snake} to ${name}.`
      )
      this.misnamed.add(name)
    }
    return value === '' ? undefined : value
  }

  problem(name: string, message: string): undefined {
    if (!this.misnamed.has(name)) this.problems.push(`Input '${name}': ${message}`)
    return undefined
  }

  integer(name: string, min: number, max?: number): number | undefined {
    const value = this.text(name)
    if (value === undefined) return undefined
    const parsed = rule.parseInteger(value, min, max)
    return typeof parsed === 'number' ? parsed : this.problem(name, `${parsed}; give a whole number${max ? ` from ${min} to ${max}` : ` of at least ${min}`}.`)
  }

  positiveNumber(name: string): number | undefined {
    const value = this.text(name)
    if (value === undefined) return undefined
    const parsed = rule.parsePositiveNumber(value)
    return typeof parsed === 'number' ? parsed : this.problem(name, `${parsed}; give a number above 0, e.g. 2.50.`)
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)
    if (value === undefined) return fallback
    const parsed = rule.parseBoolean(value)
    if (typeof parsed === 'boolean') return parsed
    this.problem(name, `${parsed}; use true or false.`)
    return fallback
  }

  matching(name: string, pattern: RegExp, example: string): string | undefined {
    const value = this.text(name)
    if (value === undefined || pattern.test(value)) return value
    return this.problem(name, `'${value}' is not valid; expected the form ${example}.`)
  }

  url(name: string, fallback: string): string
  url(name: string): string | undefined
  url(name: string, fallback?: string): string | undefined {
    const value = this.text(name)
    if (value === undefined) return fallback
    return rule.parseHttpUrl(value) ?? this.problem(name, `'${value}' is not an http(s) URL, e.g. https://sts.us-east-1.amazonaws.com.`) ?? fallback
  }

  /** Inputs that only make sense for one provider (or a few) are an error elsewhere, not silently ignored. */
  onlyFor(provider: ProviderName | ProviderName[], actual: ProviderName, names: string[]): void {
    const providers = typeof provider === 'string' ? [provider] : provider
    if (providers.includes(actual)) return
    const which =
      providers.length === 1
        ? `provider '${providers[0]}'`
        : `providers ${listOf(
            providers.map(p => `'${p}'`),
            'and'
          )}`
    for (const name of names) {
      if (this.text(name) !== undefined) {
        this.problem(name, `only applies to ${which}, but provider is '${actual}'; remove it or set provider: ${listOf(providers, 'or')}.`)
      }
    }
  }

  workspace(): string {
    return this.env.GITHUB_WORKSPACE || process.cwd()
  }

  /**
   * The regular file an input names, relative to `base` (default the workspace), or undefined with the
   * problem noted. A path inside the workspace must still be inside it once symlinks are resolved: a
   * committed symlink must not read ~/.aws/credentials. A path outside it (RUNNER_TEMP) is the workflow's own.
   */
  file(name: string, value: string, missing: (fullPath: string) => string, base = this.workspace()): string | undefined {
    if (value.includes('\0')) return this.problem(name, 'holds a NUL byte; give a plain path.')
    const fullPath = path.resolve(base, value)
    if (!existsSync(fullPath) || !statSync(fullPath).isFile()) return this.problem(name, missing(fullPath))
    const workspace = path.resolve(this.workspace())
    if (isInside(fullPath, workspace) && !isInside(realpathSync(fullPath), realpathSync(workspace))) {
      return this.problem(
        name,
        `${fullPath} resolves to a file outside the workspace (a symlink?); name a file in the repository, or give a path outside the workspace such as $RUNNER_TEMP/….`
      )
    }
    return fullPath
  }

  /** A file's text; NUL bytes (a binary file, /proc/self/environ) are a problem, and the text is never quoted. */
  fileText(name: string, fullPath: string): string | undefined {
    const text = readFileSync(fullPath, 'utf8')
    return text.includes('\0') ? this.problem(name, `${fullPath} holds NUL bytes; is it a text file?`) : text
  }

  /**
   * A JSON object given inline or as a file (resolved against `base`). A file that does not parse is
   * named, never quoted: JSON.parse's message shows the start of the text, which may be a secret.
   */
  jsonObjectOrFile(name: string, value: string, example: string, base?: string): Record<string, unknown> | undefined {
    if (value.trimStart().startsWith('{')) {
      const parsed = rule.parseJsonObject(value)
      return typeof parsed === 'string' ? this.problem(name, `${parsed}; ${example}.`) : parsed
    }
    const fullPath = this.file(name, value, fullPath => `is neither a JSON object nor a file (no file at ${fullPath}); ${example}.`, base)
    const text = fullPath === undefined ? undefined : this.fileText(name, fullPath)
    if (fullPath === undefined || text === undefined) return undefined
    const parsed = rule.parseJsonObject(text)
    if (typeof parsed !== 'string') return parsed
    return this.problem(name, `${fullPath} ${parsed.startsWith('it is JSON') ? 'holds JSON that is not an object' : 'is not valid JSON'}; ${example}.`)
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: string[], conjunction: string): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}
