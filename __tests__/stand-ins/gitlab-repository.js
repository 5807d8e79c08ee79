// @ts-check
// The repository part of the GitLab stand-in (gitlab-api.js routes to it), over the commit graph
// (commit-graph.js): compare (from...to through the merge base, or straight from..to), merge_base, a
// commit, and external commit statuses. A status moves as GitLab's CreateCommitStatusService moves
// it: the job of that name and ref still pending or running takes the new state (pending → running →
// success, failed or canceled), else a new job starts and the older ones count as retried; a move the
// state machine has no transition for (pending twice, running twice) is GitLab's 400.
import { sendGitLabPage } from './gitlab-mr-review.js'
import { sendJson } from './http-util.js'

const STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped']
/** The state machine's event for each state and the states it moves from. */
const EVENTS = /** @type {Record<string, [string, string[]]>} */ ({
  pending: ['enqueue', ['created']],
  running: ['run', ['pending']],
  success: ['success', ['created', 'pending', 'running']],
  failed: ['drop', ['created', 'pending', 'running']],
  canceled: ['cancel', ['created', 'pending', 'running']],
  skipped: ['skip', ['created']]
})

/**
 * @typedef {ReturnType<import('./commit-graph.js').createCommitGraph>} Graph
 * @typedef {import('./commit-graph.js').FileDiff} FileDiff
 */

/** A graph diff as GitLab gives one. @param {FileDiff} f @param {boolean} [unidiff] */
export function gitLabDiff(f, unidiff = false) {
  const header =
    unidiff && f.patch ? `--- ${f.status === 'added' ? '/dev/null' : `a/${f.oldPath}`}\n+++ ${f.status === 'removed' ? '/dev/null' : `b/${f.newPath}`}\n` : ''
  return {
    diff: header + f.patch,
    new_path: f.newPath,
    old_path: f.oldPath,
    a_mode: f.status === 'added' ? '0' : '100644',
    b_mode: f.status === 'removed' ? '0' : '100644',
    new_file: f.status === 'added',
    renamed_file: f.status === 'renamed',
    deleted_file: f.status === 'removed'
  }
}

/** A commit as GitLab's API gives one. @param {import('./commit-graph.js').Commit} c @param {string} project */
export function gitLabCommit(c, project) {
  return {
    id: c.sha,
    short_id: c.sha.slice(0, 8),
    created_at: c.date,
    parent_ids: c.parents,
    title: c.message.split('\n')[0],
    message: c.message,
    author_name: c.author.name,
    author_email: c.author.email,
    authored_date: c.date,
    committer_name: c.author.name,
    committer_email: c.author.email,
    committed_date: c.date,
    trailers: {},
    extended_trailers: {},
    web_url: `https://gitlab.example/${project}/-/commit/${c.sha}`
  }
}

/** @param {{ git: Graph, user: { id: number, username: string }, nextId: () => number }} world */
export function createRepository({ git, user, nextId }) {
  /** Every commit status set, oldest first, with its `project`; `retried` when a newer job of its name took over. @type {any[]} */
  const statuses = []
  /** @type {Map<string, number>} */
  const pipelines = new Map()

  /** The branch a commit is on, as GitLab picks the ref for a status. @param {string} sha */
  const branchOf = sha => [...git.branches].find(([, tip]) => git.isAncestor(sha, tip))?.[0]

  /**
   * Answers the repository and status endpoints; false when the path is not one of them.
   * @param {string} method @param {URL} url @param {Record<string, any>} body @param {import('node:http').ServerResponse} res
   */
  const handle = (method, url, body, res) => {
    const m = /^\/api\/v4\/projects\/([^/]+)\/(repository\/compare|repository\/merge_base|repository\/commits\/([^/]+)(\/statuses)?|statuses\/([^/]+))$/.exec(
      url.pathname
    )
    if (!m) return false
    const project = decodeURIComponent(m[1])
    const q = url.searchParams
    if (method === 'GET' && m[2] === 'repository/compare') {
      const missing = ['from', 'to'].filter(p => !q.get(p))
      if (missing.length) return (sendJson(res, 400, { error: missing.map(p => `${p} is missing`).join(', ') }), true)
      const [from, to] = [git.resolve(String(q.get('from'))), git.resolve(String(q.get('to')))]
      if (!from || !to) return (sendJson(res, 404, { message: '404 Ref Not Found' }), true)
      const same = from === to
      const commits = same ? [] : git.between(from, to)
      // from...to diffs from the merge base; straight (from..to), or histories with none, from `from`.
      const base = q.get('straight') === 'true' ? from : (git.mergeBase(from, to) ?? from)
      const diffs = same ? [] : git.diff(base, to).map(f => gitLabDiff(f, q.get('unidiff') === 'true'))
      sendJson(res, 200, {
        commit: commits.length ? gitLabCommit(/** @type {any} */ (commits.at(-1)), project) : null,
        commits: commits.map(c => gitLabCommit(c, project)),
        diffs,
        compare_timeout: false,
        compare_same_ref: same,
        web_url: `https://gitlab.example/${project}/-/compare/${from}...${to}`
      })
    } else if (method === 'GET' && m[2] === 'repository/merge_base') {
      const refs = q.getAll('refs[]')
      if (refs.length < 2) return (sendJson(res, 400, { message: 'Provide at least 2 refs' }), true)
      const unknown = refs.filter(r => !git.resolve(r))
      if (unknown.length) return (sendJson(res, 400, { message: `Could not find ${unknown.length > 1 ? 'refs' : 'ref'}: ${unknown.join(', ')}` }), true)
      const shas = refs.map(r => /** @type {string} */ (git.resolve(r)))
      const found = shas.slice(1).reduce(/** @param {string | undefined} a */ (a, b) => (a ? git.mergeBase(a, b) : undefined), shas[0])
      const commit = found ? git.get(found) : undefined
      if (!commit) return (sendJson(res, 404, { message: '404 Merge Base Not Found' }), true)
      sendJson(res, 200, gitLabCommit(commit, project))
    } else if (method === 'GET' && m[3]) {
      const sha = git.resolve(decodeURIComponent(m[3]))
      if (!sha) return (sendJson(res, 404, { message: '404 Commit Not Found' }), true)
      if (!m[4]) return (sendJson(res, 200, gitLabCommit(/** @type {any} */ (git.get(sha)), project)), true)
      let mine = statuses.filter(s => s.project === project && s.sha === sha)
      if (q.get('all') !== 'true') mine = mine.filter(s => !s.retried)
      for (const field of ['ref', 'name']) if (q.get(field)) mine = mine.filter(s => s[field] === q.get(field))
      sendGitLabPage(res, url, mine.map(statusApi))
    } else if (method === 'POST' && m[5]) {
      const sha = git.resolve(decodeURIComponent(m[5]))
      if (!body.state) return (sendJson(res, 400, { error: 'state is missing' }), true)
      if (!STATES.includes(body.state)) return (sendJson(res, 400, { error: 'state does not have a valid value' }), true)
      if (!sha) return (sendJson(res, 404, { message: '404 Commit Not Found' }), true)
      const ref = body.ref ?? branchOf(sha)
      if (!ref) return (sendJson(res, 404, { message: '404 References for commit Not Found' }), true)
      const name = body.name ?? body.context ?? 'default'
      const key = `${project} ${sha} ${ref}`
      if (!pipelines.has(key)) pipelines.set(key, nextId())
      const now = new Date().toISOString()
      let job = statuses.find(
        s => s.project === project && s.sha === sha && s.ref === ref && s.name === name && (s.status === 'pending' || s.status === 'running')
      )
      const fresh = !job
      job ??= {
        id: nextId(),
        project,
        sha,
        ref,
        status: 'created',
        name,
        target_url: null,
        description: null,
        created_at: now,
        started_at: null,
        finished_at: null,
        allow_failure: false,
        coverage: null,
        author: { ...user, name: user.username, state: 'active', web_url: `https://gitlab.example/${user.username}` },
        pipeline_id: pipelines.get(key),
        retried: false
      }
      // `running` enqueues first (quietly, as GitLab's non-bang enqueue) and then runs.
      const from = body.state === 'running' && job.status === 'created' ? 'pending' : job.status
      const [event, froms] = EVENTS[body.state]
      if (!froms.includes(from))
        return (
          sendJson(res, 400, { message: `Cannot transition status via :${event} from :${from} (Reason(s): Status cannot transition via "${event}")` }),
          true
        )
      for (const field of ['target_url', 'description', 'coverage']) if (body[field] !== undefined) job[field] = body[field]
      job.status = body.state
      if (body.state === 'running') job.started_at ??= now
      if (!['pending', 'running'].includes(body.state)) job.finished_at = now
      if (fresh) {
        for (const older of statuses.filter(s => s.project === project && s.sha === sha && s.ref === ref && s.name === name)) older.retried = true
        statuses.push(job)
      }
      sendJson(res, 201, statusApi(job))
    } else {
      sendJson(res, 405, { message: '405 Method Not Allowed' })
    }
    return true
  }

  return { handle, statuses }
}

/** @param {any} status */
function statusApi(status) {
  const { project: _p, retried: _r, ...api } = status
  return api
}
