// @ts-check
// GitHub REST stand-in for the PR-comment and PR-context paths: point @actions/github's Octokit
// at it with GITHUB_API_URL (or getOctokit(token, { baseUrl: url })).
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { closeServer, listen, readBody, sendJson } from './http-util.js'

const DOCS = 'https://docs.github.com/rest'
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
const DEFAULT_FILES = [
  { filename: 'src/index.ts', status: 'modified', additions: 3, deletions: 1 },
  { filename: 'README.md', status: 'modified', additions: 1, deletions: 0 },
  { filename: 'docs/setup.md', status: 'added', additions: 20, deletions: 0 }
]

/**
 * @typedef {{ id: number, owner: string, repo: string, issue_number: number, body: string,
 *   user: { login: string, id: number, type: string }, html_url: string, created_at: string, updated_at: string }} Comment
 * @typedef {{ method: string, path: string, query: Record<string, string>, authorization: string | null, body: any }} GitHubRequest
 */

/**
 * @param {{ files?: { filename: string, status: string }[],
 *   comments?: { owner?: string, repo?: string, issue_number: number, body: string, user?: Comment['user'] }[],
 *   user?: Comment['user'] }} [options]
 *   files: what GET .../pulls/{n}/files lists; comments: comments that exist before the run;
 *   user: whom the token acts as, like a personal token (GET /user names it). Without it the token is
 *   GITHUB_TOKEN: GET /user is refused with 403 and comments are written by github-actions[bot].
 *   Either way, updating a comment someone else wrote is refused with 403.
 */
export async function startGitHubApi({ files = DEFAULT_FILES, comments: seed = [], user = undefined } = {}) {
  const identity = user ?? BOT
  /** @type {Comment[]} */
  const comments = []
  /** @type {GitHubRequest[]} */
  const requests = []
  let nextId = 1000
  /** @type {{ status: number, count: number, headers: Record<string, string>, match?: RegExp }} */
  let failure = { status: 0, count: 0, headers: {} }
  // PR diff and collaborator permissions (the trigger check): set with setDiff / setPermission.
  let diff = files.map((f) => `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n@@ -1 +1 @@\n-old\n+new\n`).join('')
  /** @type {Map<string, string>} */
  const permissions = new Map()

  /** @param {{ owner?: string, repo?: string, issue_number: number, body: string, user?: Comment['user'] }} c */
  const addComment = (c) => {
    const owner = c.owner ?? 'octo-org'
    const repo = c.repo ?? 'octo-repo'
    const id = nextId++
    const now = new Date().toISOString()
    /** @type {Comment} */
    const comment = {
      id, owner, repo, issue_number: c.issue_number, body: c.body, user: c.user ?? BOT,
      html_url: `https://github.com/${owner}/${repo}/pull/${c.issue_number}#issuecomment-${id}`, created_at: now, updated_at: now
    }
    comments.push(comment)
    return comment
  }
  seed.forEach(addComment)

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    const raw = await readBody(req)
    /** @type {any} */
    let body = null
    try {
      body = raw ? JSON.parse(raw) : null
    } catch {
      body = raw
    }
    const authorization = req.headers.authorization ?? null
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization, body })

    /** @type {Record<string, string>} */
    const rate = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600), 'x-github-request-id': randomUUID() }
    /** @param {number} status @param {unknown} payload @param {Record<string, string>} [extra] */
    const send = (status, payload, extra = {}) => sendJson(res, status, payload, { ...rate, ...extra })

    if (!/^(token|Bearer) \S+$/.test(authorization ?? '')) return send(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' })
    if (failure.count > 0 && (!failure.match || failure.match.test(`${req.method} ${url.pathname}`))) {
      failure.count--
      return send(failure.status, failureBody(failure.status, failure.headers), failure.headers)
    }

    if (url.pathname === '/user' && req.method === 'GET') {
      return user ? send(200, { ...user, html_url: `https://github.com/${user.login}` }) : send(403, integrationRefusal())
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname)
    const [owner, repo, rest] = m ? [m[1], m[2], m[3]] : ['', '', '']
    /** @type {RegExpExecArray | null} */
    let r
    if ((r = /^issues\/(\d+)\/comments$/.exec(rest)) && req.method === 'GET') {
      const issue = Number(r[1])
      const all = comments.filter((c) => c.owner === owner && c.repo === repo && c.issue_number === issue)
      return paginate(url, all.map(toApi), send)
    }
    if ((r = /^issues\/(\d+)\/comments$/.exec(rest)) && req.method === 'POST') {
      if (typeof body?.body !== 'string') return send(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: DOCS, status: '422' })
      return send(201, toApi(addComment({ owner, repo, issue_number: Number(r[1]), body: body.body, user: identity })))
    }
    if ((r = /^issues\/comments\/(\d+)$/.exec(rest)) && req.method === 'PATCH') {
      const id = Number(r[1])
      const comment = comments.find((c) => c.id === id && c.owner === owner && c.repo === repo)
      if (!comment) return send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      if (comment.user.login !== identity.login) return send(403, integrationRefusal())
      comment.body = String(body?.body ?? comment.body)
      comment.updated_at = new Date().toISOString()
      return send(200, toApi(comment))
    }
    if (/^pulls\/\d+$/.test(rest) && req.method === 'GET' && /\bdiff\b/.test(String(req.headers.accept))) {
      res.writeHead(200, { 'content-type': 'application/vnd.github.diff; charset=utf-8', ...rate })
      return void res.end(diff)
    }
    if ((r = /^collaborators\/([^/]+)\/permission$/.exec(rest)) && req.method === 'GET') {
      // GitHub answers a public repository's non-collaborators with `read`.
      const login = decodeURIComponent(r[1])
      // `permission` folds the finer roles: maintain reads as write, triage as read.
      const role = permissions.get(login) ?? 'read'
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role
      return send(200, { permission, role_name: role, user: { login, id: 77, type: login.endsWith('[bot]') ? 'Bot' : 'User' } })
    }
    if ((r = /^pulls\/(\d+)$/.exec(rest)) && req.method === 'GET') {
      const number = Number(r[1])
      return send(200, {
        number, state: 'open', title: `Pull request ${number}`, html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
        base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: `${owner}/${repo}` } },
        head: { ref: `feature-${number}`, sha: 'c'.repeat(40), repo: { full_name: `${owner}/${repo}` } },
        changed_files: files.length
      })
    }
    if ((r = /^pulls\/(\d+)\/files$/.exec(rest)) && req.method === 'GET') {
      return paginate(url, files.map((f, i) => ({ sha: `${i}`.padStart(40, '0'), changes: 0, patch: '', ...f })), send)
    }
    // Pull request reviews and their line comments (review-comments).
    if ((r = /^pulls\/(\d+)\/comments$/.exec(rest)) && req.method === 'GET') {
      return paginate(url, reviewComments.filter((c) => c.pull_number === Number(r?.[1])), send)
    }
    if ((r = /^pulls\/(\d+)\/reviews$/.exec(rest)) && req.method === 'POST') {
      return send(200, addReview(owner, repo, Number(r[1]), body ?? {}))
    }
    if ((r = /^pulls\/(\d+)\/reviews$/.exec(rest)) && req.method === 'GET') {
      return paginate(url, reviews.filter((v) => v.pull_number === Number(r?.[1])), send)
    }
    send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
  })

  /** @type {any[]} */
  const reviews = []
  /** @type {any[]} */
  const reviewComments = []
  /** @param {string} owner @param {string} repo @param {number} number @param {any} input */
  function addReview(owner, repo, number, input) {
    const id = nextId++
    const html_url = `https://github.com/${owner}/${repo}/pull/${number}#pullrequestreview-${id}`
    const review = { id, pull_number: number, user: identity, body: input.body ?? '', state: input.event === 'COMMENT' ? 'COMMENTED' : 'PENDING', commit_id: input.commit_id, event: input.event, comments: input.comments ?? [], html_url }
    reviews.push(review)
    for (const c of input.comments ?? []) {
      const cid = nextId++
      reviewComments.push({
        id: cid, pull_number: number, pull_request_review_id: id, user: identity, path: c.path, line: c.line, start_line: c.start_line ?? null,
        side: c.side ?? 'RIGHT', start_side: c.start_side ?? null, body: c.body, commit_id: input.commit_id, original_commit_id: input.commit_id,
        html_url: `https://github.com/${owner}/${repo}/pull/${number}#discussion_r${cid}`
      })
    }
    return review
  }

  const url = await listen(server)
  return {
    url,
    comments,
    requests,
    addComment,
    /** Reviews posted (POST .../pulls/{n}/reviews), each with its `comments` as sent. */
    reviews,
    /** Their line comments, as GET .../pulls/{n}/comments lists them; push to seed others'. */
    reviewComments,
    /**
     * Fail the next `count` authenticated requests with `status`. Extra headers
     * (e.g. { 'retry-after': '1' } or { 'x-ratelimit-remaining': '0' }) make it a rate-limit answer.
     * @param {number} status
     * @param {number} [count]
     * @param {Record<string, string>} [headers]
     * @param {RegExp} [match] fail only requests whose `METHOD /path` matches, e.g. /^POST .*\/comments$/
     */
    failWith(status, count = Infinity, headers = {}, match = undefined) {
      failure = { status, count, headers, match }
    },
    /** What GET .../pulls/{n} answers with `Accept: application/vnd.github.diff`. @param {string} text */
    setDiff(text) {
      diff = text
    },
    /** The user's permission (`admin`, `maintain`, `write`, `triage`, `read`, `none`); others have `read`. @param {string} login @param {string} permission */
    setPermission(login, permission) {
      permissions.set(login, permission)
    },
    close: () => closeServer(server)
  }
}

function integrationRefusal() {
  return { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' }
}

/** @param {Comment} c */
function toApi(c) {
  const { owner, repo, issue_number, ...rest } = c
  return {
    ...rest,
    node_id: `IC_standin${c.id}`,
    url: `https://api.github.com/repos/${owner}/${repo}/issues/comments/${c.id}`,
    issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/${issue_number}`,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER'
  }
}

/**
 * Serve one page and a Link header like GitHub's (next/last/prev/first).
 * @param {URL} url
 * @param {unknown[]} items
 * @param {(status: number, payload: unknown, extra?: Record<string, string>) => void} send
 */
function paginate(url, items, send) {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30)
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  /** @param {number} n */
  const link = (n) => {
    const u = new URL(url)
    u.searchParams.set('per_page', String(perPage))
    u.searchParams.set('page', String(n))
    return u.toString()
  }
  const rels = []
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`)
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
  send(200, items.slice((page - 1) * perPage, page * perPage), rels.length ? { link: rels.join(', ') } : {})
}

/**
 * GitHub's messages: rate limiting when retry-after or x-ratelimit-remaining: 0 is set.
 * @param {number} status
 * @param {Record<string, string>} headers
 */
function failureBody(status, headers) {
  const limited = headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0'
  let message = 'Server Error'
  if (status === 429 || (status === 403 && limited)) {
    message = headers['x-ratelimit-remaining'] === '0'
      ? 'API rate limit exceeded for installation ID 1.'
      : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
  } else if (status === 403) message = 'Resource not accessible by integration'
  else if (status === 404) message = 'Not Found'
  else if (status === 401) message = 'Bad credentials'
  else if (status === 422) message = 'Validation Failed'
  return { message, documentation_url: `${DOCS}/issues/comments#create-an-issue-comment`, status: String(status) }
}
