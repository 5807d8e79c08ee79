// @ts-check
// GitLab REST v4 stand-in for the merge request note and review: point the command at it with
// CI_API_V4_URL (`${url}/api/v4`). Serves GET /user and a merge request's notes (list with Link
// pagination, create, edit), and needs the `PRIVATE-TOKEN` header @gitbeaker/rest sends. The review
// endpoints (the merge request, its diffs, discussions, draft notes) are in gitlab-mr-review.js.
import { createServer } from 'node:http'
import { createMergeRequestReviews, sendGitLabPage } from './gitlab-mr-review.js'
import { closeServer, listen, parseBody, readBody, sendJson } from './http-util.js'

/**
 * @typedef {{ id: number, username: string }} User
 * @typedef {import('./gitlab-mr-review.js').Position} Position
 * @typedef {{ id: number, body: string, system: boolean, author: User, noteable_iid: number, project: string, created_at: string, updated_at: string, type: string | null, position?: Position }} Note
 * @typedef {{ project?: string, iid: number, body: string, author?: User, type?: string, position?: Position }} SeedNote
 * @typedef {{ method: string, path: string, query: Record<string, string>, token: string | null, body: any }} GitLabRequest
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

  /** @param {SeedNote} n */
  const addNote = (n) => {
    const now = new Date().toISOString()
    /** @type {Note} */
    const note = { id: nextId++, body: n.body, system: false, author: n.author ?? user, noteable_iid: n.iid, project: n.project ?? '77', created_at: now, updated_at: now, type: n.type ?? null, ...(n.position ? { position: n.position } : {}) }
    notes.push(note)
    return note
  }
  seed.forEach(addNote)
  const reviews = createMergeRequestReviews({
    mergeRequests,
    user,
    nextId: () => nextId++,
    addNote,
    notesOf: (project, iid) => notes.filter(n => n.project === project && n.noteable_iid === iid)
  })

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    const raw = await readBody(req)
    const body = parseBody(raw, req.headers['content-type'])
    const token = /** @type {string | undefined} */ (req.headers['private-token']) ?? null
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), token, body })

    if (!token) return sendJson(res, 401, { message: '401 Unauthorized' })
    if (failure.count > 0 && (!failure.match || failure.match.test(`${req.method} ${url.pathname}`))) {
      failure.count--
      return sendJson(res, failure.status, { message: `${failure.status} ${failure.status === 403 ? 'Forbidden' : 'Error'}` })
    }
    if (req.method === 'GET' && url.pathname === '/api/v4/user') return sendJson(res, 200, user)

    const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes(?:\/(\d+))?$/.exec(url.pathname)
    if (!m) return reviews.handle(req.method ?? 'GET', url, body, res) || sendJson(res, 404, { message: '404 Not Found' })
    const project = decodeURIComponent(m[1])
    const iid = Number(m[2])
    const ofMr = notes.filter(n => n.project === project && n.noteable_iid === iid)
    if (req.method === 'GET' && !m[3]) return sendGitLabPage(res, url, url.searchParams.get('sort') === 'asc' ? ofMr : [...ofMr].reverse())
    if (req.method === 'POST' && !m[3]) return sendJson(res, 201, addNote({ project, iid, body: String(body.body ?? '') }))
    if (req.method === 'PUT' && m[3]) {
      const note = ofMr.find(n => n.id === Number(m[3]))
      if (!note) return sendJson(res, 404, { message: '404 Not found' })
      if (note.author.id !== user.id) return sendJson(res, 403, { message: '403 Forbidden' })
      note.body = String(body.body ?? note.body)
      note.updated_at = new Date().toISOString()
      return sendJson(res, 200, note)
    }
    return sendJson(res, 405, { message: '405 Method Not Allowed' })
  })

  const url = await listen(server)
  return {
    url,
    apiUrl: `${url}/api/v4`,
    notes,
    requests,
    /** Draft notes not yet published, and each bulk_publish with the drafts it published. */
    drafts: reviews.drafts,
    publishes: reviews.publishes,
    /** The next `count` requests (matching `METHOD /path`, when given) get `status`. @param {number} status @param {number} [count] @param {RegExp} [match] */
    failWith(status, count = 1, match = undefined) {
      failure = { status, count, match }
    },
    close: () => closeServer(server)
  }
}
