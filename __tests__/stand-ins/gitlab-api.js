// @ts-check
// GitLab REST v4 stand-in for the merge request note and review: point the command at it with
// CI_API_V4_URL (`${url}/api/v4`). Serves GET /user and a merge request's notes (list with Link
// pagination, create, edit), and needs the `PRIVATE-TOKEN` header @gitbeaker/rest sends. The review
// endpoints (the merge request, its diffs, versions, discussions, draft notes) are in
// gitlab-mr-review.js; compare, merge_base and commit statuses in gitlab-repository.js, over the
// commit graph of commit-graph.js. Notes are kept as sent; the quick actions GitLab would run on
// them (gitlab-quick-actions.js) are reported in `quickActions`, not run.
import { createServer } from 'node:http'
import { createCommitGraph } from './commit-graph.js'
import { createMergeRequestReviews, sendGitLabPage } from './gitlab-mr-review.js'
import { quickActionsIn } from './gitlab-quick-actions.js'
import { createRepository } from './gitlab-repository.js'
import { closeServer, listen, parseBody, readBody, replaceSuccess, sendJson } from './http-util.js'

/**
 * @typedef {{ id: number, username: string }} User
 * @typedef {import('./gitlab-mr-review.js').Position} Position
 * @typedef {{ id: number, body: string, system: boolean, author: User, noteable_iid: number, project: string, created_at: string, updated_at: string, type: string | null, position?: Position }} Note
 * @typedef {{ project?: string, iid: number, body: string, author?: User, type?: string, position?: Position }} SeedNote
 * @typedef {{ method: string, path: string, query: Record<string, string>, token: string | null, body: any, at: number }} GitLabRequest
 *   at: when it arrived, in milliseconds since the epoch (fractional, from the monotonic clock)
 * @typedef {{ via: 'note' | 'edit' | 'publish', project: string, iid: number, noteId: number, command: string, args: string, line: string }} QuickAction
 */

/**
 * @param {{ user?: User, notes?: SeedNote[], mergeRequests?: import('./gitlab-mr-review.js').MergeRequest[] }} [options]
 *   user: whom every token acts as (GET /user); notes: notes that exist before the run (by `author`, default that user;
 *   a diff note has type DiffNote and a position). Editing a note someone else wrote is refused with 403, as GitLab does.
 *   mergeRequests: those the review endpoints know, with diff_refs and diffs.
 */
export async function startGitLabApi({ user = { id: 4242, username: 'claude-bot' }, notes: seed = [], mergeRequests = [] } = {}) {
  /** @type {Note[]} */
  const notes = []
  /** @type {GitLabRequest[]} */
  const requests = []
  let nextId = 500
  /** @type {{ status: number, count: number, match?: RegExp }} */
  let failure = { status: 0, count: 0 }
  /** @type {{ status: number, count: number, match?: RegExp }} */
  let afterEffect = { status: 0, count: 0 }
  /** @type {{ count: number, retryAfterSeconds: number, limit: number, match?: RegExp }} */
  let throttle = { count: 0, retryAfterSeconds: 1, limit: 600 }
  /** The requests answered 429, with the Retry-After they were given (seconds). @type {(GitLabRequest & { retryAfter: number })[]} */
  const throttled = []
  /** @type {QuickAction[]} */
  const quickActions = []

  /** Reports what GitLab would run. @param {Note} note @param {QuickAction['via']} via */
  const runsQuickActions = (note, via) => {
    for (const action of quickActionsIn(note.body)) quickActions.push({ via, project: note.project, iid: note.noteable_iid, noteId: note.id, ...action })
  }
  /** @param {SeedNote} n @param {QuickAction['via'] | undefined} [via] how it was written (seeded notes: not at all) */
  const addNote = (n, via = undefined) => {
    const now = new Date().toISOString()
    /** @type {Note} */
    const note = {
      id: nextId++,
      body: n.body,
      system: false,
      author: n.author ?? user,
      noteable_iid: n.iid,
      project: n.project ?? '77',
      created_at: now,
      updated_at: now,
      type: n.type ?? null,
      ...(n.position ? { position: n.position } : {})
    }
    notes.push(note)
    if (via) runsQuickActions(note, via)
    return note
  }
  seed.forEach(n => addNote(n))
  const git = createCommitGraph()
  const reviews = createMergeRequestReviews({
    mergeRequests,
    user,
    nextId: () => nextId++,
    addNote: (n, via) => addNote(n, /** @type {QuickAction['via']} */ (via)),
    notesOf: (project, iid) => notes.filter(n => n.project === project && n.noteable_iid === iid),
    git
  })
  const repository = createRepository({ git, user, nextId: () => nextId++ })

  const server = createServer(async (req, res) => {
    const at = performance.timeOrigin + performance.now()
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    const raw = await readBody(req)
    const body = parseBody(raw, req.headers['content-type'])
    const token = /** @type {string | undefined} */ (req.headers['private-token']) ?? null
    /** @type {GitLabRequest} */
    const request = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), token, body, at }
    requests.push(request)
    const matches = (/** @type {RegExp | undefined} */ match) => !match || match.test(`${req.method} ${url.pathname}`)

    if (throttle.count > 0 && matches(throttle.match)) {
      // GitLab's Rack::Attack answer: plain text, Retry-After and the RateLimit-* headers.
      throttle.count--
      const { retryAfterSeconds, limit } = throttle
      throttled.push({ ...request, retryAfter: retryAfterSeconds })
      res.writeHead(429, {
        'content-type': 'text/plain',
        'Retry-After': String(retryAfterSeconds),
        'RateLimit-Name': 'throttle_authenticated_api',
        'RateLimit-Limit': String(limit),
        'RateLimit-Observed': String(limit + throttled.length),
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + retryAfterSeconds)
      })
      return void res.end('Retry later\n')
    }
    if (!token) return sendJson(res, 401, { message: '401 Unauthorized' })
    if (failure.count > 0 && matches(failure.match)) {
      failure.count--
      return sendJson(res, failure.status, { message: `${failure.status} ${failure.status === 403 ? 'Forbidden' : 'Error'}` })
    }
    if (afterEffect.count > 0 && matches(afterEffect.match)) {
      const { status } = afterEffect
      replaceSuccess(res, () => {
        afterEffect.count--
        sendJson(res, status, { message: `${status} Error` })
      })
    }
    try {
      answer(req.method ?? 'GET', url, body, res)
    } catch (error) {
      // A stand-in that cannot answer truthfully (e.g. a diff it has only patches for) says so.
      sendJson(res, 500, { message: `500 stand-in: ${error instanceof Error ? error.message : error}` })
    }
  })

  /** @param {string} method @param {URL} url @param {Record<string, any>} body @param {import('node:http').ServerResponse} res */
  function answer(method, url, body, res) {
    if (method === 'GET' && url.pathname === '/api/v4/user') return sendJson(res, 200, user)
    const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes(?:\/(\d+))?$/.exec(url.pathname)
    if (!m) return reviews.handle(method, url, body, res) || repository.handle(method, url, body, res) || sendJson(res, 404, { message: '404 Not Found' })
    const project = decodeURIComponent(m[1])
    const iid = Number(m[2])
    const ofMr = notes.filter(n => n.project === project && n.noteable_iid === iid)
    if (method === 'GET' && !m[3]) return sendGitLabPage(res, url, url.searchParams.get('sort') === 'asc' ? ofMr : [...ofMr].reverse())
    if (method === 'POST' && !m[3]) return sendJson(res, 201, addNote({ project, iid, body: String(body.body ?? '') }, 'note'))
    if (method === 'PUT' && m[3]) {
      const note = ofMr.find(n => n.id === Number(m[3]))
      if (!note) return sendJson(res, 404, { message: '404 Not found' })
      if (note.author.id !== user.id) return sendJson(res, 403, { message: '403 Forbidden' })
      note.body = String(body.body ?? note.body)
      note.updated_at = new Date().toISOString()
      if (body.body !== undefined) runsQuickActions(note, 'edit')
      return sendJson(res, 200, note)
    }
    return sendJson(res, 405, { message: '405 Method Not Allowed' })
  }

  const url = await listen(server)
  return {
    url,
    apiUrl: `${url}/api/v4`,
    notes,
    requests,
    /** Draft notes not yet published (their `note` as sent), and each publish with the drafts it published. */
    drafts: reviews.drafts,
    publishes: reviews.publishes,
    /** The commit graph (commit-graph.js) behind compare, merge_base, statuses and the merge requests. */
    git,
    /** Pushes to a merge request (see gitlab-mr-review.js): setHead(iid, sha?, { parent, contents, patches, diffs, project }). */
    setHead: reviews.setHead,
    /** Commit statuses set (POST /projects/:id/statuses/:sha), oldest first, each with its `project` and `retried`. */
    statuses: repository.statuses,
    /** Quick actions GitLab would have run: { via: note | edit | publish, project, iid, noteId, command, args, line }. */
    quickActions,
    /** Whether any note written through the API would have run a quick action. */
    get quickActionsRun() {
      return quickActions.length > 0
    },
    /** Requests answered 429 by rateLimit, each with its `at` and the `retryAfter` (seconds) it was given. */
    throttled,
    /** The next `count` requests (matching `METHOD /path`, when given) get `status`. @param {number} status @param {number} [count] @param {RegExp} [match] */
    failWith(status, count = 1, match = undefined) {
      failure = { status, count, match }
    },
    /**
     * Like failWith, but the request takes effect first (the note is made, the drafts published) and
     * only a successful answer is then replaced by `status`. @param {number} status @param {number} [count] @param {RegExp} [match]
     */
    failAfterEffect(status, count = 1, match = undefined) {
      afterEffect = { status, count, match }
    },
    /**
     * The next `count` requests (matching `METHOD /path`, when given) get GitLab's 429: "Retry later",
     * Retry-After: `retryAfterSeconds`, and RateLimit-Name, -Limit (`limit`), -Observed, -Remaining: 0, -Reset.
     * @param {{ count?: number, retryAfterSeconds?: number, limit?: number, match?: RegExp }} [options]
     */
    rateLimit({ count = 1, retryAfterSeconds = 1, limit = 600, match = undefined } = {}) {
      throttle = { count, retryAfterSeconds, limit, match }
    },
    close: () => closeServer(server)
  }
}
