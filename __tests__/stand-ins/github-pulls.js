// @ts-check
// The pull request part of the GitHub stand-in (github-api.js routes to it): the pull request and its
// heads over time, its files and diff, a commit, compare, reviews and their line comments. History
// lives in a commit graph (commit-graph.js): `main` at b…b, the head c…c on it. A push moves the head
// (setHead); line comments then move with it as GitHub moves them: one whose line the new diff shows
// with the same text on the same side and number gets the new head as commit_id and its new position;
// another is outdated (position and line null, commit_id left on the last head it was current at).
// original_commit_id, original_line and original_position never change.
import { blobSha, createCommitGraph, patchLines } from './commit-graph.js'

export const BASE_SHA = 'b'.repeat(40)
export const HEAD_SHA = 'c'.repeat(40)
const DOCS = 'https://docs.github.com/rest'
const API = 'https://api.github.com'
const AUTHOR = { login: 'octo-dev', id: 583231, type: 'User' }

/**
 * @typedef {{ filename: string, status: string, additions?: number, deletions?: number, changes?: number, patch?: string, sha?: string | null, previous_filename?: string }} FileEntry
 * @typedef {{ sha: string, files?: FileEntry[], diff?: string, at: string }} Head
 *   files / diff: what the pull request shows at this head when given; otherwise computed from the graph
 * @typedef {{ login: string, id: number, type: string }} User
 * @typedef {import('./github-api.js').Route} Route
 */

/**
 * @param {{ files?: FileEntry[], baseFiles?: Record<string, string>, headFiles?: Record<string, string | null>,
 *   pullNumber?: number, identity: User, nextId: () => number }} options
 */
export function createPullRequests({ files, baseFiles = {}, headFiles, pullNumber, identity, nextId }) {
  const git = createCommitGraph()
  git.commit({ sha: BASE_SHA, files: baseFiles, message: 'Initial commit' })
  // Given files with patches: the head commit carries them, so compare from c…c knows them too.
  const patched = (headFiles ? [] : (files ?? [])).filter(f => /^@@ /.test(f.patch ?? ''))
  const patches = Object.fromEntries(patched.map(f => [f.filename, f.patch ?? '']))
  const renamedFrom = Object.fromEntries(patched.filter(f => f.previous_filename).map(f => [f.filename, f.previous_filename ?? '']))
  git.commit({ sha: HEAD_SHA, parent: BASE_SHA, files: headFiles ?? {}, patches, renamedFrom, message: 'Work on the feature' })
  git.branch('main', BASE_SHA)
  /** @type {Head[]} */
  const heads = [{ sha: HEAD_SHA, files, at: new Date().toISOString() }]
  const head = () => /** @type {Head} */ (heads.at(-1))
  /** @type {any[]} */
  const reviews = []
  /** @type {any[]} */
  const reviewComments = []

  /** A branch, sha or short sha; `feature-N` is the pull request's head. @param {string} ref */
  const resolve = ref => (/^feature-\d+$/.test(ref) && (pullNumber === undefined || ref === `feature-${pullNumber}`) ? head().sha : git.resolve(ref))
  /** @param {string} sha */
  const mergeBaseWithMain = sha => git.mergeBase(/** @type {string} */ (git.branches.get('main')), sha)

  /** What the pull request lists at a head: the given files, or the graph's diff from main. @param {string} sha @param {string} owner @param {string} repo */
  const filesAt = (sha, owner = 'octo-org', repo = 'octo-repo') => {
    const known = [...heads].reverse().find(h => h.sha === sha)
    if (known?.files) return known.files.map((f, i) => ({ sha: `${i}`.padStart(40, '0'), changes: 0, patch: '', ...f }))
    if (!git.has(sha)) return undefined
    return git.diff(mergeBaseWithMain(sha), sha).map(f => gitHubFile(owner, repo, sha, f))
  }
  /** @param {string} sha */
  const diffAt = sha => {
    const known = [...heads].reverse().find(h => h.sha === sha)
    if (known?.diff !== undefined) return known.diff
    if (known?.files) return known.files.map(syntheticDiff).join('')
    return git.unifiedDiff(mergeBaseWithMain(sha), sha)
  }

  /**
   * Where a comment's line is in a file's patch; undefined when the patch does not show it.
   * @param {FileEntry | undefined} file @param {string} side @param {number | null | undefined} line
   */
  const lineIn = (file, side, line) => {
    if (!file?.patch || typeof line !== 'number') return undefined
    return patchLines(file.patch).find(l => (side === 'LEFT' ? l.kind !== '+' && l.oldLine === line : l.kind !== '-' && l.newLine === line))
  }

  /** Moves a line comment to the head, or marks it outdated. @param {any} c @param {string} to */
  const move = (c, to) => {
    if (c.line === null || !c.commit_id || c.commit_id === to) return
    const before = filesAt(c.commit_id)?.find(f => f.filename === c.path)
    const after = filesAt(to)?.find(f => f.filename === c.path)
    const side = c.side ?? 'RIGHT'
    const ends = [
      [c.start_side ?? side, c.start_line],
      [side, c.line]
    ].filter(([, n]) => typeof n === 'number')
    const same = after && before && (before.patch ?? '') === (after.patch ?? '')
    const kept =
      same ||
      (after &&
        ends.every(([s, n]) => {
          const [was, is] = [lineIn(before, s, n), lineIn(after, s, n)]
          return was && is && was.text === is.text && was.kind === is.kind
        }))
    if (kept) {
      c.commit_id = to
      c.position = lineIn(after, side, c.line)?.position ?? c.position
    } else {
      Object.assign(c, { position: null, line: null, start_line: null })
    }
  }

  /**
   * Makes a line comment (not yet recorded), or says why GitHub would refuse it.
   * @param {string} owner @param {string} repo @param {number} number @param {any} input @param {string} commitId @param {number | null} reviewId
   * @returns {{ comment?: any, problem?: string }}
   */
  const lineComment = (owner, repo, number, input, commitId, reviewId) => {
    const file = filesAt(commitId, owner, repo)?.find(f => f.filename === input.path)
    if (!file) return { problem: 'Path could not be resolved' }
    let { line, side = 'RIGHT' } = input
    if (line === undefined && typeof input.position === 'number') {
      const at = file.patch ? patchLines(file.patch).find(l => l.position === input.position) : undefined
      if (!at) return { problem: 'Position could not be resolved' }
      ;[line, side] = at.kind === '-' ? [at.oldLine, 'LEFT'] : [at.newLine, 'RIGHT']
    }
    const startSide = input.start_line !== undefined ? (input.start_side ?? side) : null
    // Without the file's patch the stand-in cannot tell, so it takes the line.
    if (file.patch && !lineIn(file, side, line)) return { problem: 'Line could not be resolved' }
    if (file.patch && input.start_line !== undefined && !lineIn(file, startSide, input.start_line)) return { problem: 'Start line could not be resolved' }
    const at = lineIn(file, side, line)
    const hunk = at && file.patch ? hunkUpTo(file.patch, at.position) : ''
    const id = nextId()
    const now = new Date().toISOString()
    const html_url = `https://github.com/${owner}/${repo}/pull/${number}#discussion_r${id}`
    const self = `${API}/repos/${owner}/${repo}/pulls/comments/${id}`
    const pull = `${API}/repos/${owner}/${repo}/pulls/${number}`
    return {
      comment: {
        id,
        node_id: `PRRC_standin${id}`,
        url: self,
        pull_number: number,
        pull_request_review_id: reviewId,
        diff_hunk: hunk,
        path: input.path,
        position: at?.position ?? null,
        original_position: at?.position ?? null,
        commit_id: commitId,
        original_commit_id: commitId,
        ...(input.in_reply_to ? { in_reply_to_id: input.in_reply_to } : {}),
        user: identity,
        body: input.body,
        created_at: now,
        updated_at: now,
        html_url,
        pull_request_url: pull,
        author_association: authorAssociation(identity),
        _links: { self: { href: self }, html: { href: html_url }, pull_request: { href: pull } },
        start_line: input.start_line ?? null,
        original_start_line: input.start_line ?? null,
        start_side: startSide,
        line,
        original_line: line,
        side,
        subject_type: 'line'
      }
    }
  }

  /** @param {Route} r @param {number} number */
  const createReview = (r, number) => {
    const input = r.body ?? {}
    const commitId = input.commit_id ?? head().sha
    const where = `${DOCS}/pulls/reviews#create-a-review-for-a-pull-request`
    if (!filesAt(commitId))
      return r.send(422, { message: 'Unprocessable Entity', errors: [`No commit found for SHA: ${commitId}`], documentation_url: where, status: '422' })
    const id = nextId()
    const made = (input.comments ?? []).map((/** @type {any} */ c) => lineComment(r.owner, r.repo, number, c, commitId, id))
    const problem = made.find((/** @type {any} */ m) => m.problem)?.problem
    if (problem) return r.send(422, { message: 'Unprocessable Entity', errors: [problem], documentation_url: where, status: '422' })
    const review = recordReview(r, number, id, input, commitId)
    for (const { comment } of made) {
      reviewComments.push(comment)
      move(comment, head().sha)
    }
    r.send(200, reviewApi(review))
  }

  /** @param {Route} r @param {number} number @param {number} id @param {any} input @param {string} commitId */
  const recordReview = (r, number, id, input, commitId) => {
    const html_url = `https://github.com/${r.owner}/${r.repo}/pull/${number}#pullrequestreview-${id}`
    const states = /** @type {Record<string, string>} */ ({ COMMENT: 'COMMENTED', APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED' })
    const state = states[input.event] ?? 'PENDING'
    const pull = `${API}/repos/${r.owner}/${r.repo}/pulls/${number}`
    const review = {
      id,
      node_id: `PRR_standin${id}`,
      pull_number: number,
      user: identity,
      body: input.body ?? '',
      state,
      commit_id: commitId,
      event: input.event,
      comments: input.comments ?? [],
      html_url,
      pull_request_url: pull,
      author_association: authorAssociation(identity),
      _links: { html: { href: html_url }, pull_request: { href: pull } },
      ...(state === 'PENDING' ? {} : { submitted_at: new Date().toISOString() })
    }
    reviews.push(review)
    return review
  }

  /** @param {Route} r @param {number} number @param {any} input */
  const createComment = (r, number, input) => {
    const parent = input.in_reply_to ? reviewComments.find(c => c.id === Number(input.in_reply_to) && c.pull_number === number) : undefined
    if (input.in_reply_to && !parent) return r.send(404, { message: 'Not Found', documentation_url: `${DOCS}/pulls/comments`, status: '404' })
    if (typeof input.body !== 'string')
      return r.send(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: `${DOCS}/pulls/comments`, status: '422' })
    const spec = parent
      ? {
          path: parent.path,
          line: parent.original_line,
          side: parent.side,
          start_line: parent.original_start_line ?? undefined,
          start_side: parent.start_side ?? undefined,
          body: input.body,
          in_reply_to: parent.id
        }
      : input
    const commitId = parent ? parent.original_commit_id : (input.commit_id ?? head().sha)
    const reviewId = nextId()
    const { comment, problem } = lineComment(r.owner, r.repo, number, spec, commitId, reviewId)
    if (!comment) {
      return r.send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequestReviewComment', code: 'custom', field: 'pull_request_review_thread.line', message: problem }],
        documentation_url: `${DOCS}/pulls/comments#create-a-review-comment-for-a-pull-request`,
        status: '422'
      })
    }
    // A comment on its own comes in a review of its own, as on GitHub.
    recordReview(r, number, reviewId, { event: 'COMMENT', comments: [input] }, commitId)
    reviewComments.push(comment)
    move(comment, head().sha)
    r.send(201, commentApi(comment))
  }

  /** @param {string} owner @param {string} repo @param {number} number */
  const pullRequest = (owner, repo, number) => {
    const h = head()
    const shown = filesAt(h.sha, owner, repo) ?? []
    const repository = { id: 1296269, name: repo, full_name: `${owner}/${repo}`, owner: { login: owner, id: 2, type: 'Organization' } }
    const at = heads[0].at
    return {
      url: `${API}/repos/${owner}/${repo}/pulls/${number}`,
      id: 1_000_000 + number,
      node_id: `PR_standin${number}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
      diff_url: `https://github.com/${owner}/${repo}/pull/${number}.diff`,
      number,
      state: 'open',
      locked: false,
      title: `Pull request ${number}`,
      user: AUTHOR,
      body: '',
      draft: false,
      created_at: at,
      updated_at: h.at,
      closed_at: null,
      merged_at: null,
      merged: false,
      mergeable: true,
      merge_commit_sha: null,
      base: { label: `${owner}:main`, ref: 'main', sha: BASE_SHA, user: repository.owner, repo: repository },
      head: { label: `${owner}:feature-${number}`, ref: `feature-${number}`, sha: h.sha, user: repository.owner, repo: repository },
      author_association: 'MEMBER',
      comments: 0,
      review_comments: reviewComments.filter(c => c.pull_number === number).length,
      commits: git.has(h.sha) ? git.between(git.branches.get('main'), h.sha).length : 1,
      additions: shown.reduce((n, f) => n + (f.additions ?? 0), 0),
      deletions: shown.reduce((n, f) => n + (f.deletions ?? 0), 0),
      changed_files: shown.length
    }
  }

  /** @param {Route} r */
  const compare = r => {
    const m = /^compare\/(.+?)\.\.\.(.+)$/.exec(r.rest)
    const where = `${DOCS}/commits/commits#compare-two-commits`
    const [base, headRef] = m ? [decodeURIComponent(m[1]), decodeURIComponent(m[2])] : ['', '']
    const [from, to] = [resolve(base), resolve(headRef)]
    if (!from || !to) return r.send(404, { message: 'Not Found', documentation_url: where, status: '404' })
    const mergeBase = git.mergeBase(from, to)
    if (!mergeBase) return r.send(404, { message: `No common ancestor between ${base} and ${headRef}.`, documentation_url: where, status: '404' })
    if (/\bdiff\b/.test(r.accept)) return r.sendText(200, git.unifiedDiff(mergeBase, to), 'application/vnd.github.diff; charset=utf-8')
    const ahead = git.between(from, to)
    const behind = git.between(to, from)
    const status = from === to ? 'identical' : !behind.length ? 'ahead' : !ahead.length ? 'behind' : 'diverged'
    const paged = r.url.searchParams.has('page') || r.url.searchParams.has('per_page')
    const commit = (/** @type {string} */ sha) => commitApi(r.owner, r.repo, /** @type {any} */ (git.get(sha)))
    const files = git
      .diff(mergeBase, to)
      .slice(0, 300)
      .map(f => gitHubFile(r.owner, r.repo, to, f))
    const html = `https://github.com/${r.owner}/${r.repo}/compare/${base}...${headRef}`
    const whole = {
      url: `${API}/repos/${r.owner}/${r.repo}/compare/${base}...${headRef}`,
      html_url: html,
      permalink_url: `https://github.com/${r.owner}/${r.repo}/compare/${r.owner}:${from.slice(0, 7)}...${r.owner}:${to.slice(0, 7)}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: commit(from),
      merge_base_commit: commit(mergeBase),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length
    }
    const commits = ahead.map(c => commit(c.sha))
    if (!paged) return r.send(200, { ...whole, commits: commits.slice(0, 250), files })
    // Paged: the commits are, and the files come on the first page only, as GitHub does.
    r.page(commits, (items, page) => ({ ...whole, commits: items, files: page === 1 ? files : [] }))
  }

  /** @param {Route} r @returns {boolean} handled */
  const handle = r => {
    const { method, rest } = r
    /** @type {RegExpExecArray | null} */
    let m
    if ((m = /^commits\/([^/]+)$/.exec(rest)) && method === 'GET') {
      if (!r.allowed('contents', 'read')) return true
      const sha = resolve(decodeURIComponent(m[1]))
      const c = sha ? git.get(sha) : undefined
      if (!sha || !c)
        return (
          r.send(422, {
            message: `No commit found for SHA: ${decodeURIComponent(m[1])}`,
            documentation_url: `${DOCS}/commits/commits#get-a-commit`,
            status: '422'
          }),
          true
        )
      const changed = git.diff(c.parents[0], sha)
      const stats = { additions: changed.reduce((n, f) => n + f.additions, 0), deletions: changed.reduce((n, f) => n + f.deletions, 0) }
      return (
        r.send(200, {
          ...commitApi(r.owner, r.repo, c),
          stats: { ...stats, total: stats.additions + stats.deletions },
          files: changed.map(f => gitHubFile(r.owner, r.repo, sha, f))
        }),
        true
      )
    }
    if (/^compare\//.test(rest) && method === 'GET') return (r.allowed('contents', 'read') && compare(r), true)
    if (!(m = /^pulls\/(\d+)(\/.*)?$/.exec(rest))) return false
    const number = Number(m[1])
    const what = m[2] ?? ''
    if (pullNumber !== undefined && number !== pullNumber)
      return (r.send(404, { message: 'Not Found', documentation_url: `${DOCS}/pulls/pulls#get-a-pull-request`, status: '404' }), true)
    const write = method !== 'GET'
    if (!r.allowed('pull-requests', write ? 'write' : 'read')) return true
    if (what === '' && method === 'GET') {
      if (/\bdiff\b/.test(r.accept)) r.sendText(200, diffAt(head().sha), 'application/vnd.github.diff; charset=utf-8')
      else r.send(200, pullRequest(r.owner, r.repo, number))
    } else if (what === '/files' && method === 'GET') {
      r.page(filesAt(head().sha, r.owner, r.repo) ?? [])
    } else if (what === '/commits' && method === 'GET') {
      r.page(git.between(git.branches.get('main'), head().sha).map(c => commitApi(r.owner, r.repo, c)))
    } else if (what === '/comments' && method === 'GET') {
      r.page(reviewComments.filter(c => c.pull_number === number).map(commentApi))
    } else if (what === '/comments' && method === 'POST') {
      createComment(r, number, r.body ?? {})
    } else if ((m = /^\/comments\/(\d+)\/replies$/.exec(what)) && method === 'POST') {
      createComment(r, number, { ...(r.body ?? {}), in_reply_to: Number(m[1]) })
    } else if (what === '/reviews' && method === 'POST') {
      createReview(r, number)
    } else if (what === '/reviews' && method === 'GET') {
      r.page(reviews.filter(v => v.pull_number === number).map(reviewApi))
    } else if ((m = /^\/reviews\/(\d+)\/comments$/.exec(what)) && method === 'GET') {
      r.page(reviewComments.filter(c => c.pull_number === number && c.pull_request_review_id === Number(m?.[1])).map(commentApi))
    } else {
      r.send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
    }
    return true
  }

  return {
    git,
    heads,
    reviews,
    reviewComments,
    handle,
    resolve,
    head: () => head().sha,
    /** @param {string} text */
    setDiff(text) {
      head().diff = text
    },
    /**
     * Moves the pull request's head: to `sha` when the graph has it, else to a new commit (`sha`, or one
     * made) on `parent` (default: the head; another commit, e.g. BASE_SHA, makes it a force-push) with
     * `contents` (path → content, null deletes) and `patches`. The pull request then shows `files` and
     * `diff` when given; else, when the push gave contents or patches, the graph's diff from main; else
     * what it showed before. Line comments move or go outdated. Returns the new head.
     * @param {string | undefined} sha
     * @param {{ parent?: string, contents?: Record<string, string | null>, patches?: Record<string, string>, message?: string, files?: FileEntry[], diff?: string }} [options]
     */
    setHead(sha, { parent, contents, patches, message, files: shown, diff } = {}) {
      const before = head()
      const changed = contents !== undefined || patches !== undefined
      const to = sha && git.has(sha) && !changed ? sha : git.commit({ sha, parent: parent ?? before.sha, files: contents, patches, message })
      heads.push({
        sha: to,
        files: shown ?? (changed ? undefined : before.files),
        diff: diff ?? (shown || changed ? undefined : before.diff),
        at: new Date().toISOString()
      })
      for (const c of reviewComments) move(c, to)
      return to
    }
  }
}

/** The API's view of a recorded line comment. @param {any} c */
function commentApi(c) {
  const { pull_number: _, ...api } = c
  return api
}

/** The API's view of a recorded review. @param {any} v */
function reviewApi(v) {
  const { pull_number: _n, event: _e, comments: _c, ...api } = v
  return api
}

/** @param {User} user */
const authorAssociation = user => (user.type === 'Bot' ? 'NONE' : 'MEMBER')

/** A patch's hunk up to and including the line at `position` (a review comment's diff_hunk). @param {string} patch @param {number} position */
function hunkUpTo(patch, position) {
  const lines = patch.replace(/\n$/, '').split('\n')
  let start = 0
  for (let i = 0; i <= position && i < lines.length; i++) if (lines[i].startsWith('@@')) start = i
  return lines.slice(start, position + 1).join('\n')
}

/** The stand-in's diff of a listed file: its patch, or a one-line change. @param {FileEntry} f */
function syntheticDiff(f) {
  const hunks = f.patch && /^@@ /.test(f.patch) ? f.patch.replace(/\n?$/, '\n') : '@@ -1 +1 @@\n-old\n+new\n'
  return `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n${hunks}`
}

/** A graph diff as GitHub lists a file. @param {string} owner @param {string} repo @param {string} ref @param {import('./commit-graph.js').FileDiff} f */
function gitHubFile(owner, repo, ref, f) {
  const status = f.status
  return {
    sha: f.newBlob ?? f.oldBlob,
    filename: f.newPath,
    status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `https://github.com/${owner}/${repo}/blob/${ref}/${f.newPath}`,
    raw_url: `https://github.com/${owner}/${repo}/raw/${ref}/${f.newPath}`,
    contents_url: `${API}/repos/${owner}/${repo}/contents/${f.newPath}?ref=${ref}`,
    ...(f.patch ? { patch: f.patch.replace(/\n$/, '') } : {}),
    ...(status === 'renamed' ? { previous_filename: f.oldPath } : {})
  }
}

/** A commit as GitHub's commit and compare endpoints give it. @param {string} owner @param {string} repo @param {import('./commit-graph.js').Commit} c */
function commitApi(owner, repo, c) {
  const who = { ...c.author, date: c.date }
  return {
    sha: c.sha,
    node_id: `C_standin${c.sha.slice(0, 12)}`,
    commit: {
      author: who,
      committer: who,
      message: c.message,
      tree: { sha: blobSha(`tree ${c.sha}`), url: `${API}/repos/${owner}/${repo}/git/trees/${blobSha(`tree ${c.sha}`)}` },
      url: `${API}/repos/${owner}/${repo}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    },
    url: `${API}/repos/${owner}/${repo}/commits/${c.sha}`,
    html_url: `https://github.com/${owner}/${repo}/commit/${c.sha}`,
    comments_url: `${API}/repos/${owner}/${repo}/commits/${c.sha}/comments`,
    author: null,
    committer: null,
    parents: c.parents.map(p => ({ sha: p, url: `${API}/repos/${owner}/${repo}/commits/${p}`, html_url: `https://github.com/${owner}/${repo}/commit/${p}` }))
  }
}
