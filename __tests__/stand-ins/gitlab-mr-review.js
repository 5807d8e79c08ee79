// @ts-check
// The merge request review part of the GitLab stand-in (gitlab-api.js routes to it): the merge
// request with its diff_refs, its diffs (paged), its discussions, draft notes with text positions,
// and bulk_publish, which turns the user's drafts into diff notes and notes. A draft's position is
// checked as GitLab checks it: the diff_refs of the merge request, a path of its diffs, and a line
// the diff shows with the right numbers (an added line new_line only, a removed one old_line only,
// a context line both); anything else is a 400.
import { sendJson } from './http-util.js'

/**
 * @typedef {{ base_sha: string, start_sha: string, head_sha: string }} DiffRefs
 * @typedef {{ old_path: string, new_path: string, new_file?: boolean, renamed_file?: boolean, deleted_file?: boolean, diff: string, too_large?: boolean }} MergeRequestDiff
 * @typedef {{ iid: number, project?: string, diffRefs: DiffRefs, diffs: MergeRequestDiff[] }} MergeRequest
 * @typedef {{ position_type: string, base_sha: string, start_sha: string, head_sha: string, old_path: string, new_path: string, new_line?: number | null, old_line?: number | null }} Position
 * @typedef {{ id: number, author_id: number, note: string, position: Position | null, project: string, iid: number }} DraftNote
 */

/**
 * One page of `items` with GitLab's Link and x-* headers, as gitbeaker follows them.
 * @param {import('node:http').ServerResponse} res @param {URL} url @param {unknown[]} items
 */
export function sendGitLabPage(res, url, items) {
  const perPage = Number(url.searchParams.get('per_page') ?? 20)
  const page = Number(url.searchParams.get('page') ?? 1)
  /** @type {Record<string, string>} */
  const headers = { 'x-page': String(page), 'x-per-page': String(perPage), 'x-total': String(items.length) }
  if (page * perPage < items.length) {
    const next = new URL(url)
    next.searchParams.set('page', String(page + 1))
    headers.link = `<${next.href}>; rel="next"`
    headers['x-next-page'] = String(page + 1)
  }
  sendJson(res, 200, items.slice((page - 1) * perPage, page * perPage), headers)
}

/** The (old, new) line pairs a diff shows; null for the side a line is not on. @param {string} diff */
export function diffLinePairs(diff) {
  /** @type {[number | null, number | null][]} */
  const pairs = []
  let oldLine = 0
  let newLine = 0
  let inHunk = false
  for (const line of diff.replace(/\n$/, '').split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line)
    if (header) {
      oldLine = Number(header[1])
      newLine = Number(header[2])
      inHunk = true
    } else if (!inHunk || line.startsWith('\\')) {
      continue
    } else if (line.startsWith('+')) {
      pairs.push([null, newLine++])
    } else if (line.startsWith('-')) {
      pairs.push([oldLine++, null])
    } else {
      pairs.push([oldLine++, newLine++])
    }
  }
  return pairs
}

/**
 * @param {{ mergeRequests: MergeRequest[], user: { id: number, username: string }, nextId: () => number,
 *   addNote: (n: { project: string, iid: number, body: string, type?: string, position?: Position }) => unknown,
 *   notesOf: (project: string, iid: number) => { id: number }[] }} world
 */
export function createMergeRequestReviews({ mergeRequests, user, nextId, addNote, notesOf }) {
  /** @type {DraftNote[]} */
  const drafts = []
  /** Each bulk_publish, with the drafts it published. @type {{ project: string, iid: number, notes: DraftNote[] }[]} */
  const publishes = []

  /** @param {string} project @param {number} iid */
  const find = (project, iid) => mergeRequests.find(mr => (mr.project ?? '77') === project && mr.iid === iid)

  /** Why GitLab would refuse this position, or undefined. @param {MergeRequest} mr @param {Position} p */
  const positionProblem = (mr, p) => {
    if (p.position_type !== 'text') return 'position_type must be text'
    const { base_sha, start_sha, head_sha } = mr.diffRefs
    if (p.base_sha !== base_sha || p.start_sha !== start_sha || p.head_sha !== head_sha) return 'the position is not on the latest diff_refs'
    const file = mr.diffs.find(d => d.new_path === p.new_path && d.old_path === p.old_path)
    if (!file) return `no diff with old_path ${p.old_path} and new_path ${p.new_path}`
    const wanted = [p.old_line ?? null, p.new_line ?? null]
    if (!diffLinePairs(file.diff).some(([o, n]) => o === wanted[0] && n === wanted[1])) return `line (old ${wanted[0]}, new ${wanted[1]}) is not a line of the diff`
    return undefined
  }

  /**
   * Answers the merge request review endpoints; false when the path is not one of them.
   * @param {string} method @param {URL} url @param {Record<string, any>} body @param {import('node:http').ServerResponse} res
   */
  const handle = (method, url, body, res) => {
    const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)(?:\/(diffs|discussions|draft_notes)(?:\/(\d+|bulk_publish))?)?$/.exec(url.pathname)
    if (!m) return false
    const project = decodeURIComponent(m[1])
    const iid = Number(m[2])
    const [what, id] = [m[3], m[4]]
    const mr = find(project, iid)
    if (!mr) return (sendJson(res, 404, { message: '404 Not found' }), true)
    if (method === 'GET' && !what) {
      sendJson(res, 200, { id: 9000 + iid, iid, project_id: Number(project) || project, sha: mr.diffRefs.head_sha, diff_refs: mr.diffRefs, web_url: `https://gitlab.example/mr/${iid}` })
    } else if (method === 'GET' && what === 'diffs') {
      sendGitLabPage(res, url, mr.diffs.map(d => ({ a_mode: '100644', b_mode: '100644', new_file: false, renamed_file: false, deleted_file: false, ...d })))
    } else if (method === 'GET' && what === 'discussions') {
      sendGitLabPage(res, url, notesOf(project, iid).map(note => ({ id: `d${note.id}`, individual_note: /** @type {any} */ (note).type !== 'DiffNote', notes: [note] })))
    } else if (method === 'GET' && what === 'draft_notes' && !id) {
      sendJson(res, 200, drafts.filter(d => d.project === project && d.iid === iid))
    } else if (method === 'POST' && what === 'draft_notes' && !id) {
      const position = body.position ?? null
      const problem = position ? positionProblem(mr, position) : undefined
      if (problem) return (sendJson(res, 400, { message: `400 Bad request - Note {:line_code=>["${problem}"]}` }), true)
      /** @type {DraftNote} */
      const draft = { id: nextId(), author_id: user.id, note: String(body.note ?? ''), position, project, iid }
      drafts.push(draft)
      sendJson(res, 201, draft)
    } else if (method === 'DELETE' && what === 'draft_notes' && id && id !== 'bulk_publish') {
      const at = drafts.findIndex(d => d.id === Number(id) && d.project === project && d.iid === iid)
      if (at < 0) return (sendJson(res, 404, { message: '404 Not found' }), true)
      drafts.splice(at, 1)
      res.writeHead(204).end()
    } else if (method === 'POST' && what === 'draft_notes' && id === 'bulk_publish') {
      const mine = drafts.filter(d => d.project === project && d.iid === iid)
      for (const d of mine) {
        drafts.splice(drafts.indexOf(d), 1)
        addNote({ project, iid, body: d.note, ...(d.position ? { type: 'DiffNote', position: d.position } : {}) })
      }
      publishes.push({ project, iid, notes: mine })
      res.writeHead(204).end()
    } else {
      sendJson(res, 405, { message: '405 Method Not Allowed' })
    }
    return true
  }

  return { handle, drafts, publishes }
}
