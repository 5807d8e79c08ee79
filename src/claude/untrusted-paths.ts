// Folders holding files nobody trusted wrote (a fork PR's checkout under `pull_request_target`).
// Claude Code loads CLAUDE.md, CLAUDE.local.md, .claude/CLAUDE.md and .claude/rules/*.md from the
// folders it works in and reads, and offers the skills it finds there; any of them could steer a
// run that holds the repository's secrets. Observed with the CLI 2.1.331: the `claudeMdExcludes`
// setting stops every such instruction file under a folder from loading, and --disable-slash-commands
// stops skills (there is no per-folder switch for those, so skills are off for the whole run).

/** picomatch's special characters, escaped so a folder name is matched literally. */
const GLOB_SPECIAL = /[\\*?[\]{}()!+@|]/g

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
