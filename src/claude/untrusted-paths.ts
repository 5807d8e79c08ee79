// Folders holding files nobody trusted wrote (a fork PR's checkout under `pull_request_target`).
// Claude Code loads CLAUDE.md, CLAUDE.local.md, .claude/CLAUDE.md and .claude/rules/*.md from the
// folders it works in and reads, and offers the skills it finds there; any of them could steer a
// run that holds the repository's secrets. Observed with the CLI 2.1.331: the `claudeMdExcludes`
// setting stops every such instruction file under a folder from loading, and --disable-slash-commands
// stops skills (there is no per-folder switch for those, so skills are off for the whole run).
// Folders above the working directory are excluded file by file: a folder's `/**` would take the
// checkout's own instruction files with it.
import { realpathSync } from 'node:fs'
import path from 'node:path'

/** The instruction files Claude Code loads from a folder above its working directory (2.1.331). */
const INSTRUCTION_FILES = ['CLAUDE.md', 'CLAUDE.local.md', '.claude/CLAUDE.md', '.claude/rules/**']

/** picomatch's special characters, escaped so a folder name is matched literally. */
const GLOB_SPECIAL = /[\\*?[\]{}()!+@|]/g

/**
 * The settings with the instruction files of every folder above the working directory (its real path
 * too) and of $HOME excluded. On a persistent runner an earlier job can plant them in `_work/`, `_work/<repo>/`
 * or $HOME; the checkout's own files, and $HOME's when the checkout is $HOME itself, still load.
 */
export function withFilesAboveExcluded(user: Record<string, unknown> | undefined, workingDirectory: string, home: string | undefined): Record<string, unknown> {
  const own = Array.isArray(user?.claudeMdExcludes) ? (user.claudeMdExcludes as unknown[]) : []
  const starts = [path.resolve(workingDirectory), realPath(workingDirectory)]
  const above = new Set<string>()
  for (const start of starts) {
    for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
      above.add(dir)
      if (dir === path.dirname(dir)) break
    }
  }
  if (home && !starts.includes(path.resolve(home))) above.add(path.resolve(home))
  const ours = [...above].flatMap(dir => {
    // Globs take '/' on every platform; the root `/` becomes '' here, so its files are `/CLAUDE.md`.
    const literal = dir.split(path.sep).join('/').replace(/\/+$/, '').replace(GLOB_SPECIAL, '\\$&')
    return INSTRUCTION_FILES.map(file => `${literal}/${file}`)
  })
  return { ...user, claudeMdExcludes: [...own, ...ours] }
}

function realPath(dir: string): string {
  try {
    return realpathSync(dir)
  } catch {
    return path.resolve(dir)
  }
}

/** The settings the CLI needs on top of the user's: their claudeMdExcludes kept, ours added. */
export function withUntrustedPaths(user: Record<string, unknown> | undefined, paths: string[] | undefined): Record<string, unknown> | undefined {
  if (!paths?.length) return user
  const own = Array.isArray(user?.claudeMdExcludes) ? (user.claudeMdExcludes as unknown[]) : []
  const ours = paths.flatMap(dir => {
    const literal = dir.replace(/\/+$/, '').replace(GLOB_SPECIAL, '\\$&')
    return [literal, `${literal}/**`]
  })
  return { ...user, claudeMdExcludes: [...own, ...ours] }
}
