// @ts-check
// A small git history for the code-host stand-ins (github-api.js, gitlab-api.js): commits with
// parents and the files they change, branches, ancestry, merge bases, and the diff between any two
// commits as git prints it. A commit gives each changed file's whole content (null: deleted) or a
// patch against its parent's; contents make every diff computable, a patch on a file whose content
// was never given is passed on as it is where one commit alone changed the file between the two
// ends, and anything else throws (the stand-in does not make up a diff it cannot know).
import { createHash } from 'node:crypto'

/** Content of a file that came from a patch on a file nobody gave. */
const UNKNOWN = Symbol('unknown content')
const EPOCH = Date.parse('2026-01-05T09:00:00Z')

/**
 * @typedef {{ content: string | null } | { patch: string, oldPath?: string }} Change
 *   content null: the file is deleted; patch: hunks against the parent's file (oldPath: renamed from it)
 * @typedef {{ name: string, email: string }} Person
 * @typedef {{ sha: string, parents: string[], message: string, author: Person, date: string, changes: Map<string, Change> }} Commit
 * @typedef {{ sha?: string, parent?: string | null, parents?: string[], files?: Record<string, string | null>,
 *   patches?: Record<string, string>, renamedFrom?: Record<string, string>, message?: string, author?: Person }} CommitSpec
 *   parent: the parent (none or null: a root commit); files: whole contents (null deletes); patches: hunks
 *   (from the first hunk header) against the parent's file; renamedFrom: new path → old path of a patched file
 * @typedef {{ oldPath: string, newPath: string, status: 'added' | 'modified' | 'removed' | 'renamed',
 *   patch: string, additions: number, deletions: number, oldBlob: string | null, newBlob: string | null }} FileDiff
 *   patch: the hunks, each line ending in a newline, '' when only the name changed
 * @typedef {{ position: number, kind: ' ' | '+' | '-', oldLine: number | null, newLine: number | null, text: string, hunk: number }} PatchLine
 */

/** The lines of a text, each with its newline (the last may have none). @param {string} text */
const splitLines = text => text.match(/[^\n]*\n|[^\n]+$/g) ?? []

/** Git's blob id of a content. @param {string} content */
export const blobSha = content =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(content)}\0`)
    .update(content)
    .digest('hex')

/**
 * Every line of a patch (hunk headers excluded) with its GitHub `position` (1 is the line under the
 * first hunk header; later headers count too), its kind and its old and new line numbers.
 * @param {string} patch
 * @returns {PatchLine[]}
 */
export function patchLines(patch) {
  /** @type {PatchLine[]} */
  const lines = []
  let oldLine = 0
  let newLine = 0
  let position = 0
  let hunk = -1
  for (const line of patch.replace(/\n$/, '').split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line)
    if (header) {
      if (hunk >= 0) position++
      hunk++
      oldLine = Number(header[1])
      newLine = Number(header[2])
      continue
    }
    if (hunk < 0) continue
    position++
    if (line.startsWith('\\')) continue
    const kind = line[0] === '+' ? '+' : line[0] === '-' ? '-' : ' '
    const text = line.slice(1)
    if (kind === '+') lines.push({ position, kind, oldLine: null, newLine: newLine++, text, hunk })
    else if (kind === '-') lines.push({ position, kind, oldLine: oldLine++, newLine: null, text, hunk })
    else lines.push({ position, kind, oldLine: oldLine++, newLine: newLine++, text, hunk })
  }
  return lines
}

/** @param {number} start @param {number} count */
const range = (start, count) => (count === 1 ? `${start}` : `${start},${count}`)

/**
 * The unified diff hunks between two contents (three lines of context), as git prints them.
 * @param {string} before @param {string} after
 * @returns {{ patch: string, additions: number, deletions: number }}
 */
export function unifiedHunks(before, after, context = 3) {
  const a = splitLines(before)
  const b = splitLines(after)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  /** @type {[' ' | '-' | '+', string][]} */
  const ops = a.slice(0, start).map(l => /** @type {[' ', string]} */ ([' ', l]))
  const n = endA - start
  const m = endB - start
  if (n * m > 4_000_000) {
    // Too big to align here: the whole middle is replaced, which is still a correct diff.
    for (let i = start; i < endA; i++) ops.push(['-', a[i]])
    for (let j = start; j < endB; j++) ops.push(['+', b[j]])
  } else {
    // Longest common subsequence of the middles, from the end, so the walk below goes forward.
    const lcs = new Uint32Array((n + 1) * (m + 1))
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] =
          a[start + i] === b[start + j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
      }
    }
    let i = 0
    let j = 0
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        ops.push([' ', a[start + i++]])
        j++
      }
      // On a tie the removal goes first, as git prints a changed line: -old, then +new.
      else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1])) ops.push(['-', a[start + i++]])
      else ops.push(['+', b[start + j++]])
    }
  }
  for (let i = endA; i < a.length; i++) ops.push([' ', a[i]])

  let patch = ''
  let additions = 0
  let deletions = 0
  const changed = ops.map(([op], i) => (op === ' ' ? -1 : i)).filter(i => i >= 0)
  let k = 0
  while (k < changed.length) {
    // One hunk: changes closer than 2 * context lines apart share it.
    let last = k
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * context + 1) last++
    const from = Math.max(0, changed[k] - context)
    const to = Math.min(ops.length, changed[last] + context + 1)
    const oldBefore = ops.slice(0, from).filter(([op]) => op !== '+').length
    const newBefore = ops.slice(0, from).filter(([op]) => op !== '-').length
    const body = ops.slice(from, to)
    const oldCount = body.filter(([op]) => op !== '+').length
    const newCount = body.filter(([op]) => op !== '-').length
    // Git's default function context: the last line above the hunk that starts with a letter, _ or $.
    const above = ops
      .slice(0, from)
      .filter(([op]) => op !== '+')
      .map(([, line]) => line)
      .reverse()
      .find(line => /^[A-Za-z_$]/.test(line))
    const heading = above ? ` ${above.replace(/\s+$/, '').slice(0, 80)}` : ''
    patch += `@@ -${range(oldCount ? oldBefore + 1 : oldBefore, oldCount)} +${range(newCount ? newBefore + 1 : newBefore, newCount)} @@${heading}\n`
    for (const [op, line] of body) {
      if (op === '+') additions++
      if (op === '-') deletions++
      patch += line.endsWith('\n') ? `${op}${line}` : `${op}${line}\n\\ No newline at end of file\n`
    }
    k = last + 1
  }
  return { patch, additions, deletions }
}

/**
 * The content a patch makes of `before`; undefined when its context or removed lines are not there.
 * @param {string} before @param {string} patch
 */
export function applyPatch(before, patch) {
  const source = splitLines(before)
  /** @type {string[]} */
  const out = []
  let at = 0
  const lines = patch.replace(/\n$/, '').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(lines[i])
    if (!header) continue
    const oldStart = Number(header[1]) - (header[2] === '0' ? 0 : 1)
    if (oldStart < at) return undefined
    out.push(...source.slice(at, oldStart))
    at = oldStart
    for (i++; i < lines.length && !lines[i].startsWith('@@'); i++) {
      const line = lines[i]
      const noNewline = lines[i + 1]?.startsWith('\\')
      const text = `${line.slice(1)}${noNewline ? '' : '\n'}`
      if (line.startsWith('\\')) continue
      if (line[0] === '+') {
        out.push(text)
      } else {
        if (source[at] !== text) return undefined
        if (line[0] !== '-') out.push(text)
        at++
      }
    }
    i--
  }
  out.push(...source.slice(at))
  return out.join('')
}

/** The patch the other way round. @param {string} patch */
function reversePatch(patch) {
  return (
    patch
      .replace(/\n$/, '')
      .split('\n')
      .map(line => {
        const header = /^@@ -(\S+) \+(\S+) @@(.*)$/.exec(line)
        if (header) return `@@ -${header[2]} +${header[1]} @@${header[3]}`
        return line[0] === '+' ? `-${line.slice(1)}` : line[0] === '-' ? `+${line.slice(1)}` : line
      })
      .join('\n') + '\n'
  )
}

/** @param {string} patch */
const countLines = patch => ({
  additions: patch.split('\n').filter(l => l.startsWith('+')).length,
  deletions: patch.split('\n').filter(l => l.startsWith('-')).length
})

/** @param {string | null} content */
const blobOf = content => (content === null ? null : blobSha(content))

export function createCommitGraph() {
  /** @type {Map<string, Commit>} */
  const commits = new Map()
  /** @type {Map<string, string>} */
  const branches = new Map()
  let made = 0

  /** @param {string | undefined} sha */
  const get = sha => (sha === undefined ? undefined : commits.get(sha))

  /** Every commit reachable from `sha`, itself included. @param {string} sha */
  const ancestors = sha => {
    /** @type {Set<string>} */
    const seen = new Set()
    const stack = [sha]
    while (stack.length) {
      const at = /** @type {string} */ (stack.pop())
      if (seen.has(at) || !commits.has(at)) continue
      seen.add(at)
      stack.push(...(commits.get(at)?.parents ?? []))
    }
    return seen
  }

  /** @param {string} sha @param {string} path @returns {string | null | typeof UNKNOWN} */
  const contentAt = (sha, path) => {
    let at = get(sha)
    while (at && !at.changes.has(path)) at = get(at.parents[0])
    if (!at) return null
    const change = /** @type {Change} */ (at.changes.get(path))
    if ('content' in change) return change.content
    const before = at.parents[0] ? contentAt(at.parents[0], path) : null
    if (before === UNKNOWN) return UNKNOWN
    return applyPatch(before ?? '', change.patch) ?? UNKNOWN
  }

  /** A stand-in blob id for a file only patches describe: the same wherever the same commit last changed it. @param {string} sha @param {string} path */
  const unknownBlob = (sha, path) => {
    let at = get(sha)
    while (at && !at.changes.has(path)) at = get(at.parents[0])
    return blobSha(`unknown ${at?.sha} ${path}`)
  }

  const graph = {
    /** Branch name → sha. */
    branches,
    /** @param {string} sha */
    get: sha => commits.get(sha),
    /** @param {string} sha */
    has: sha => commits.has(sha),
    /**
     * Adds a commit and returns its sha (given, or made from its parts like git's).
     * @param {CommitSpec} spec
     */
    commit(spec) {
      const parents = spec.parents ?? (spec.parent ? [spec.parent] : [])
      for (const p of parents) if (!commits.has(p)) throw new Error(`stand-in commit graph: unknown parent ${p}`)
      /** @type {Map<string, Change>} */
      const changes = new Map()
      for (const [path, content] of Object.entries(spec.files ?? {})) changes.set(path, { content })
      for (const [path, patch] of Object.entries(spec.patches ?? {})) {
        const before = parents[0] ? contentAt(parents[0], path) : null
        if (typeof before === 'string' && applyPatch(before, patch) === undefined)
          throw new Error(`stand-in commit graph: the patch of ${path} does not apply to its content in ${parents[0]}`)
        changes.set(path, spec.renamedFrom?.[path] ? { patch, oldPath: spec.renamedFrom[path] } : { patch })
      }
      const message = spec.message ?? `Commit ${made + 1}`
      const sha =
        spec.sha ??
        createHash('sha1')
          .update(JSON.stringify([parents, message, [...changes], made]))
          .digest('hex')
      if (commits.has(sha)) throw new Error(`stand-in commit graph: ${sha} exists`)
      commits.set(sha, {
        sha,
        parents,
        message,
        author: spec.author ?? { name: 'Octo Dev', email: 'dev@example.com' },
        date: new Date(EPOCH + made * 60_000).toISOString().replace('.000', ''),
        changes
      })
      made++
      return sha
    },
    /** Sets a branch. @param {string} name @param {string} sha */
    branch(name, sha) {
      if (!commits.has(sha)) throw new Error(`stand-in commit graph: unknown commit ${sha}`)
      branches.set(name, sha)
    },
    /** A branch name, a sha, or a unique prefix of one (4 characters at least) → the sha. @param {string} ref */
    resolve(ref) {
      if (branches.has(ref)) return branches.get(ref)
      if (commits.has(ref)) return ref
      if (!/^[0-9a-f]{4,39}$/.test(ref)) return undefined
      const found = [...commits.keys()].filter(sha => sha.startsWith(ref))
      return found.length === 1 ? found[0] : undefined
    },
    /** Whether `a` is `b` or one of its ancestors. @param {string} a @param {string} b */
    isAncestor: (a, b) => ancestors(b).has(a),
    /** The best common ancestor, or undefined when the histories are unrelated. @param {string} a @param {string} b */
    mergeBase(a, b) {
      const ofA = ancestors(a)
      const common = [...ancestors(b)].filter(sha => ofA.has(sha))
      return common.find(c => !common.some(o => o !== c && ancestors(o).has(c)))
    },
    /** The commits reachable from `to` and not from `from`, parents before children. @param {string | undefined} from @param {string} to */
    between(from, to) {
      const exclude = from ? ancestors(from) : new Set()
      /** @type {Commit[]} */
      const out = []
      /** @type {Set<string>} */
      const seen = new Set()
      /** @param {string} sha */
      const visit = sha => {
        if (seen.has(sha) || exclude.has(sha) || !commits.has(sha)) return
        seen.add(sha)
        const commit = /** @type {Commit} */ (commits.get(sha))
        commit.parents.forEach(visit)
        out.push(commit)
      }
      visit(to)
      return out
    },
    /** A file's content at a commit: null when absent, undefined when only a patch of it is known. @param {string} sha @param {string} path */
    fileAt(sha, path) {
      const content = contentAt(sha, path)
      return content === UNKNOWN ? undefined : content
    },
    /**
     * How the files differ from commit `from` (undefined: the empty tree) to commit `to`.
     * @param {string | undefined} from @param {string} to
     * @returns {FileDiff[]}
     */
    diff(from, to) {
      const there = graph.between(from, to)
      const back = from ? graph.between(to, from) : []
      const paths = [...new Set([...there, ...back].flatMap(c => [...c.changes.keys()]))].sort()
      /** @type {FileDiff[]} */
      const files = []
      for (const path of paths) {
        const before = from ? contentAt(from, path) : null
        const after = contentAt(to, path)
        if (typeof before !== 'symbol' && typeof after !== 'symbol') {
          if (before === after) continue
          const { patch, additions, deletions } = unifiedHunks(before ?? '', after ?? '')
          const status = before === null ? 'added' : after === null ? 'removed' : 'modified'
          files.push({ oldPath: path, newPath: path, status, patch, additions, deletions, oldBlob: blobOf(before), newBlob: blobOf(after) })
          continue
        }
        // Only a patch is known: right when one commit alone changed the file between the ends.
        const touching = [...there.map(c => ({ c, forward: true })), ...back.map(c => ({ c, forward: false }))].filter(({ c }) => c.changes.has(path))
        const change = touching.length === 1 ? touching[0].c.changes.get(path) : undefined
        if (!change || !('patch' in change))
          throw new Error(
            `stand-in commit graph: the diff of ${path} from ${from ?? 'the empty tree'} to ${to} needs the file's contents; give them (files) instead of patches`
          )
        const patch = touching[0].forward ? change.patch.replace(/\n?$/, '\n') : reversePatch(change.patch)
        const added = /^@@ -0,0 /.test(patch)
        const removed = /^@@ -\S+ \+0,0 @@/.test(patch)
        const renamedFrom = touching[0].forward ? change.oldPath : undefined
        files.push({
          oldPath: renamedFrom ?? path,
          newPath: path,
          status: added ? 'added' : removed ? 'removed' : renamedFrom ? 'renamed' : 'modified',
          patch,
          ...countLines(patch),
          oldBlob: added ? null : typeof before === 'string' ? blobSha(before) : unknownBlob(/** @type {string} */ (from), renamedFrom ?? path),
          newBlob: removed ? null : typeof after === 'string' ? blobSha(after) : unknownBlob(to, path)
        })
      }
      // A removed file and an added one with the same content: a rename, as git finds it.
      for (const gone of files.filter(f => f.status === 'removed' && f.oldBlob)) {
        const came = files.find(f => f.status === 'added' && f.newBlob === gone.oldBlob)
        if (!came) continue
        files.splice(files.indexOf(gone), 1)
        Object.assign(came, { oldPath: gone.oldPath, status: 'renamed', patch: '', additions: 0, deletions: 0, oldBlob: gone.oldBlob })
      }
      return files
    },
    /** The diff as `git diff from to` prints it. @param {string | undefined} from @param {string} to */
    unifiedDiff(from, to) {
      return graph
        .diff(from, to)
        .map(f => gitDiffText(f))
        .join('')
    }
  }
  return graph
}

/** One file's part of a `git diff`. @param {FileDiff} f */
export function gitDiffText(f) {
  const short = (/** @type {string | null} */ blob) => (blob ?? '0'.repeat(40)).slice(0, 7)
  let head = `diff --git a/${f.oldPath} b/${f.newPath}\n`
  if (f.status === 'added') head += 'new file mode 100644\n'
  if (f.status === 'removed') head += 'deleted file mode 100644\n'
  if (f.status === 'renamed') head += `similarity index ${f.patch ? 90 : 100}%\nrename from ${f.oldPath}\nrename to ${f.newPath}\n`
  if (!f.patch) return head
  head += `index ${short(f.oldBlob)}..${short(f.newBlob)}${f.status === 'modified' || f.status === 'renamed' ? ' 100644' : ''}\n`
  head += `--- ${f.status === 'added' ? '/dev/null' : `a/${f.oldPath}`}\n+++ ${f.status === 'removed' ? '/dev/null' : `b/${f.newPath}`}\n`
  return head + f.patch
}
