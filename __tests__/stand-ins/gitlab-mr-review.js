// @ts-check
// The merge request review part of the GitLab stand-in (gitlab-api.js routes to it): the merge
// request with its diff_refs, its diffs (paged), its versions, its discussions, draft notes with text
// positions, and publishing them (one, or bulk_publish), which turns the user's drafts into diff
// notes and notes. A draft's position is checked as GitLab checks it: the diff_refs of the merge
// request, a path of its diffs, and a line the diff shows with the right numbers (an added line
// new_line only, a removed one old_line only, a context line both); anything else is a 400.
// Each merge request's commits are in the commit graph: given diffRefs and diffs get stand-in
// commits (the head's patches are the diffs, so compare from the base gives them back); given
// baseFiles and headFiles make real ones, and diff_refs and diffs come from them. setHead pushes.
import { gitLabCommit, gitLabDiff } from './gitlab-repository.js'
import { sendJson } from './http-util.js'

/**
 * @typedef {{ base_sha: string, start_sha: string, head_sha: string }} DiffRefs
 * @typedef {{ old_path: string, new_path: string, new_file?: boolean, renamed_file?: boolean, deleted_file?: boolean, diff: string, too_large?: boolean }} MergeRequestDiff
 * @typedef {{ iid: number, project?: string, diffRefs?: DiffRefs, diffs?: MergeRequestDiff[], sourceBranch?: string, targetBranch?: string,
 *   baseFiles?: Record<string, string>, headFiles?: Record<string, string | null> }} MergeRequest
 *   diffRefs and diffs as given, or made from baseFiles (the target branch's contents) and headFiles (what the head changes)
 * @typedef {{ id: number, head_commit_sha: string, base_commit_sha: string, start_commit_sha: string, created_at: string,
 *   merge_request_id: number, state: string, real_size: string, patch_id_sha: string, diffs: MergeRequestDiff[] | undefined }} Version
 *   diffs: as given, or undefined for the graph's
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
 *   addNote: (n: { project: string, iid: number, body: string, type?: string, position?: Position }, via: string) => unknown,
 *   notesOf: (project: string, iid: number) => { id: number }[], git: import('./gitlab-repository.js').Graph }} world
 */
export function createMergeRequestReviews({ mergeRequests, user, nextId, addNote, notesOf, git }) {
  /** @type {DraftNote[]} */
  const drafts = []
  /** Each publish (bulk_publish, or one draft's), with the drafts it published. @type {{ project: string, iid: number, notes: DraftNote[] }[]} */
  const publishes = []
  /** @type {WeakMap<MergeRequest, Version[]>} */
  const versions = new WeakMap()

  /** @param {string} project @param {number} iid */
  const find = (project, iid) => mergeRequests.find(mr => (mr.project ?? '77') === project && mr.iid === iid)
  /** @param {MergeRequest} mr */
  const refs = mr => /** @type {DiffRefs} */ (mr.diffRefs)
  /** The given diffs, or the graph's (computed when asked: a push of patches on unknown files may make them unknowable). @param {MergeRequest} mr */
  const diffsOf = mr => mr.diffs ?? git.diff(refs(mr).base_sha, refs(mr).head_sha).map(f => gitLabDiff(f))
  /** @param {MergeRequest} mr */
  const branches = mr => ({ source: mr.sourceBranch ?? `feature-${mr.iid}`, target: mr.targetBranch ?? 'main' })

  /** The diff refs of a head on the target branch. @param {MergeRequest} mr @param {string} head @returns {DiffRefs} */
  const refsFor = (mr, head) => {
    const start = git.branches.get(branches(mr).target) ?? head
    return { base_sha: git.mergeBase(start, head) ?? start, start_sha: start, head_sha: head }
  }

  /** @param {MergeRequest} mr */
  const addVersion = mr => {
    const { base_sha, start_sha, head_sha } = refs(mr)
    const list = versions.get(mr) ?? []
    list.unshift({
      id: nextId(),
      head_commit_sha: head_sha,
      base_commit_sha: base_sha,
      start_commit_sha: start_sha,
      created_at: new Date().toISOString(),
      merge_request_id: 9000 + mr.iid,
      state: 'collected',
      real_size: '',
      patch_id_sha: head_sha.split('').reverse().join(''),
      diffs: mr.diffs
    })
    versions.set(mr, list)
  }
  /** A version with its diffs (the given ones, or the graph's). @param {Version} v */
  const withDiffs = v => {
    const diffs = v.diffs ?? git.diff(v.base_commit_sha, v.head_commit_sha).map(f => gitLabDiff(f))
    return { ...v, diffs, real_size: String(diffs.length) }
  }

  // The commits behind each merge request.
  for (const mr of mergeRequests) {
    const { source, target } = branches(mr)
    if (!mr.diffRefs) {
      const start = git.branches.get(target) ?? git.commit({ files: mr.baseFiles ?? {}, message: 'Initial commit' })
      if (!git.branches.has(target)) git.branch(target, start)
      mr.diffRefs = refsFor(mr, git.commit({ parent: start, files: mr.headFiles ?? {}, message: `Work on !${mr.iid}` }))
    } else {
      const { base_sha, start_sha, head_sha } = mr.diffRefs
      if (!git.has(base_sha)) git.commit({ sha: base_sha, message: 'Initial commit' })
      if (!git.has(start_sha)) git.commit({ sha: start_sha, parent: base_sha, message: `Advance ${target}` })
      if (!git.has(head_sha)) {
        const given = diffsOf(mr).filter(d => /^@@ /.test(d.diff))
        git.commit({
          sha: head_sha,
          parent: base_sha,
          message: `Work on !${mr.iid}`,
          patches: Object.fromEntries(given.map(d => [d.new_path, d.diff])),
          renamedFrom: Object.fromEntries(given.filter(d => d.renamed_file).map(d => [d.new_path, d.old_path])),
          // A new file GitLab shows no diff of (binary): there, empty.
          files: Object.fromEntries(
            diffsOf(mr)
              .filter(d => d.new_file && !d.diff)
              .map(d => [d.new_path, ''])
          )
        })
      }
      if (!git.branches.has(target)) git.branch(target, start_sha)
    }
    git.branch(source, refs(mr).head_sha)
    addVersion(mr)
  }

  /**
   * Pushes to a merge request: its head becomes `sha` when the graph has it, else a new commit (`sha`,
   * or one made) on `parent` (default: the head; a commit off it is a force-push) with `contents`
   * (path → content, null deletes) and `patches`. diff_refs follow (start: the target branch, base:
   * the merge base); the diffs are `diffs` when given, else, when the push gave contents or patches,
   * the graph's (a 500 when it cannot know them), else the ones before. A new version is listed.
   * Returns the new head.
   * @param {number} iid
   * @param {string | undefined} sha
   * @param {{ project?: string, parent?: string, contents?: Record<string, string | null>, patches?: Record<string, string>, message?: string, diffs?: MergeRequestDiff[] }} [options]
   */
  const setHead = (iid, sha, { project = '77', parent, contents, patches, message, diffs } = {}) => {
    const mr = find(project, iid)
    if (!mr) throw new Error(`stand-in: no merge request !${iid} in project ${project}`)
    const changed = contents !== undefined || patches !== undefined
    const head = sha && git.has(sha) && !changed ? sha : git.commit({ sha, parent: parent ?? refs(mr).head_sha, files: contents, patches, message })
    mr.diffRefs = refsFor(mr, head)
    mr.diffs = diffs ?? (changed ? undefined : mr.diffs)
    git.branch(branches(mr).source, head)
    addVersion(mr)
    return head
  }

  /** Why GitLab would refuse this position, or undefined. @param {MergeRequest} mr @param {Position} p */
  const positionProblem = (mr, p) => {
    if (p.position_type !== 'text') return 'position_type must be text'
    const { base_sha, start_sha, head_sha } = refs(mr)
    if (p.base_sha !== base_sha || p.start_sha !== start_sha || p.head_sha !== head_sha) return 'the position is not on the latest diff_refs'
    const file = diffsOf(mr).find(d => d.new_path === p.new_path && d.old_path === p.old_path)
    if (!file) return `no diff with old_path ${p.old_path} and new_path ${p.new_path}`
    const wanted = [p.old_line ?? null, p.new_line ?? null]
    if (!diffLinePairs(file.diff).some(([o, n]) => o === wanted[0] && n === wanted[1]))
      return `line (old ${wanted[0]}, new ${wanted[1]}) is not a line of the diff`
    return undefined
  }

  /**
   * Answers the merge request review endpoints; false when the path is not one of them.
   * @param {string} method @param {URL} url @param {Record<string, any>} body @param {import('node:http').ServerResponse} res
   */
  const handle = (method, url, body, res) => {
    const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)(?:\/(diffs|discussions|draft_notes|versions)(?:\/(\d+|bulk_publish)(\/publish)?)?)?$/.exec(
      url.pathname
    )
    if (!m) return false
    const project = decodeURIComponent(m[1])
    const iid = Number(m[2])
    const [what, id, publishOne] = [m[3], m[4], m[5]]
    const mr = find(project, iid)
    if (!mr) return (sendJson(res, 404, { message: '404 Not found' }), true)
    const mine = drafts.filter(d => d.project === project && d.iid === iid)
    /** @param {DraftNote[]} published */
    const publish = published => {
      for (const d of published) {
        drafts.splice(drafts.indexOf(d), 1)
        addNote({ project, iid, body: d.note, ...(d.position ? { type: 'DiffNote', position: d.position } : {}) }, 'publish')
      }
      publishes.push({ project, iid, notes: published })
      res.writeHead(204).end()
    }
    if (method === 'GET' && !what) {
      const { source, target } = branches(mr)
      sendJson(res, 200, {
        id: 9000 + iid,
        iid,
        project_id: Number(project) || project,
        title: `Merge request !${iid}`,
        state: 'opened',
        source_branch: source,
        target_branch: target,
        author: { id: 583231, username: 'octo-dev' },
        sha: refs(mr).head_sha,
        diff_refs: refs(mr),
        web_url: `https://gitlab.example/mr/${iid}`
      })
    } else if (method === 'GET' && what === 'diffs') {
      sendGitLabPage(
        res,
        url,
        diffsOf(mr).map(d => ({ a_mode: '100644', b_mode: '100644', new_file: false, renamed_file: false, deleted_file: false, ...d }))
      )
    } else if (method === 'GET' && what === 'versions') {
      const list = versions.get(mr) ?? []
      const version = id ? list.find(v => v.id === Number(id)) : undefined
      if (id && !version) return (sendJson(res, 404, { message: '404 Not found' }), true)
      if (!version)
        return (
          sendGitLabPage(
            res,
            url,
            list.map(v => withDiffs(v)).map(({ diffs: _, ...v }) => v)
          ),
          true
        )
      const commits = git
        .between(version.base_commit_sha, version.head_commit_sha)
        .reverse()
        .map(c => gitLabCommit(c, project))
      const full = withDiffs(version)
      sendJson(res, 200, {
        ...full,
        commits,
        diffs: full.diffs.map(d => ({ a_mode: '100644', b_mode: '100644', new_file: false, renamed_file: false, deleted_file: false, ...d }))
      })
    } else if ((method === 'PUT' || method === 'GET') && what === 'draft_notes' && id && id !== 'bulk_publish') {
      const draft = mine.find(d => d.id === Number(id))
      if (!draft) return (sendJson(res, 404, { message: '404 Not found' }), true)
      if (method === 'GET') return (publishOne ? sendJson(res, 405, { message: '405 Method Not Allowed' }) : sendJson(res, 200, draft), true)
      if (publishOne) return (publish([draft]), true)
      if (body.note !== undefined) draft.note = String(body.note)
      sendJson(res, 200, draft)
    } else if (method === 'GET' && what === 'discussions') {
      sendGitLabPage(
        res,
        url,
        notesOf(project, iid).map(note => ({ id: `d${note.id}`, individual_note: /** @type {any} */ (note).type !== 'DiffNote', notes: [note] }))
      )
    } else if (method === 'GET' && what === 'draft_notes' && !id) {
      sendJson(res, 200, mine)
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
      publish(mine)
    } else {
      sendJson(res, 405, { message: '405 Method Not Allowed' })
    }
    return true
  }

  return { handle, drafts, publishes, setHead }
}
