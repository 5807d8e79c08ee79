// @ts-check
// GitHub REST stand-in for the PR-comment, PR-context, review and checks paths: point @actions/github's
// Octokit at it with GITHUB_API_URL (or getOctokit(token, { baseUrl: url })). This file has the
// server, the token, faults and issue comments; the pull request, its history, compare and reviews
// are in github-pulls.js, check runs and commit statuses in github-checks.js.
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import { createChecks } from './github-checks.js'
import { BASE_SHA, HEAD_SHA, createPullRequests } from './github-pulls.js'
import { closeServer, listen, readBody, replaceSuccess, sendJson } from './http-util.js'

export { BASE_SHA, HEAD_SHA }

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
 * @typedef {'none' | 'read' | 'write'} Access
 * @typedef {{ method: string, rest: string, owner: string, repo: string, url: URL, body: any, accept: string,
 *   send: (status: number, payload: unknown, extra?: Record<string, string>) => void,
 *   sendText: (status: number, text: string, contentType: string) => void,
 *   page: (items: unknown[], wrap?: (items: unknown[], page: number) => unknown) => void,
 *   allowed: (scope: string, access: 'read' | 'write') => boolean }} Route
 *   One request under /repos/{owner}/{repo}/ as github-pulls.js and github-checks.js get it. `page` answers
 *   one page with GitHub's Link header (`wrap` makes the page's body, e.g. { total_count, check_runs });
 *   `allowed` answers 403 and is false when the token lacks the scope.
 */

/**
 * @param {{ files?: import('./github-pulls.js').FileEntry[],
 *   comments?: { owner?: string, repo?: string, issue_number: number, body: string, user?: Comment['user'] }[],
 *   user?: Comment['user'], pullNumber?: number, baseFiles?: Record<string, string>, headFiles?: Record<string, string | null>,
 *   permissions?: Record<string, Access> }} [options]
 *   files: what GET .../pulls/{n}/files lists (their patches also go into the head commit c…c);
 *   comments: comments that exist before the run;
 *   user: whom the token acts as (GET /user names it): a personal token's user, or with type Bot an app's.
 *   Without it the token is GITHUB_TOKEN: GET /user is refused with 403 and comments are written by
 *   github-actions[bot]. Either way, updating a comment someone else wrote is refused with 403.
 *   pullNumber: the only pull request there is (others are 404); without it every number is one.
 *   baseFiles: the contents of main (b…b); headFiles: the contents the head commit c…c changes (null
 *   deletes), which, without `files`, make the pull request's files and diff.
 *   permissions: the token's, by scope (checks, statuses, pull-requests, issues, contents); each is
 *   `write` unless given. Less than a request needs is GitHub's 403 "Resource not accessible by integration".
 */
export async function startGitHubApi({ files, comments: seed = [], user = undefined, pullNumber, baseFiles, headFiles, permissions: granted = {} } = {}) {
  const identity = user ?? BOT
  /** @type {Comment[]} */
  const comments = []
  /** @type {GitHubRequest[]} */
  const requests = []
  let nextId = 1000
  /** @type {{ status: number, count: number, headers: Record<string, string>, match?: RegExp }} */
  let failure = { status: 0, count: 0, headers: {} }
  /** @type {{ status: number, count: number, match?: RegExp }} */
  let afterEffect = { status: 0, count: 0 }
  // Diff requests answered with JSON, as by a proxy that drops the Accept header: set with answerDiffsWithJson.
  let diffsAsJson = 0
  // Collaborator permissions (the trigger check): set with setPermission.
  /** @type {Map<string, string>} */
  const permissions = new Map()
  /** @type {Record<string, Access>} */
  const token = { ...granted }
  const pulls = createPullRequests({
    files: files ?? (headFiles ? undefined : DEFAULT_FILES),
    baseFiles,
    headFiles,
    pullNumber,
    identity,
    nextId: () => nextId++
  })
  const checks = createChecks({
    nextId: () => nextId++,
    identity,
    personalToken: identity.type !== 'Bot',
    resolve: pulls.resolve,
    known: sha => pulls.git.has(sha),
    pullRequestsAt: (sha, owner, repo) =>
      sha === pulls.head() && pullNumber !== undefined
        ? [
            {
              url: `https://api.github.com/repos/${owner}/${repo}/pulls/${pullNumber}`,
              id: 1_000_000 + pullNumber,
              number: pullNumber,
              head: { ref: `feature-${pullNumber}`, sha },
              base: { ref: 'main', sha: BASE_SHA }
            }
          ]
        : []
  })

  /** @param {{ owner?: string, repo?: string, issue_number: number, body: string, user?: Comment['user'] }} c */
  const addComment = c => {
    const owner = c.owner ?? 'octo-org'
    const repo = c.repo ?? 'octo-repo'
    const id = nextId++
    const now = new Date().toISOString()
    /** @type {Comment} */
    const comment = {
      id,
      owner,
      repo,
      issue_number: c.issue_number,
      body: c.body,
      user: c.user ?? BOT,
      html_url: `https://github.com/${owner}/${repo}/pull/${c.issue_number}#issuecomment-${id}`,
      created_at: now,
      updated_at: now
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
    const rate = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-github-request-id': randomUUID()
    }
    /** @param {number} status @param {unknown} payload @param {Record<string, string>} [extra] */
    const send = (status, payload, extra = {}) => sendJson(res, status, payload, { ...rate, ...extra })

    if (!/^(token|Bearer) \S+$/.test(authorization ?? '')) return send(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' })
    if (failure.count > 0 && (!failure.match || failure.match.test(`${req.method} ${url.pathname}`))) {
      failure.count--
      return send(failure.status, failureBody(failure.status, failure.headers), failure.headers)
    }
    if (afterEffect.count > 0 && (!afterEffect.match || afterEffect.match.test(`${req.method} ${url.pathname}`))) {
      const { status } = afterEffect
      replaceSuccess(res, () => {
        afterEffect.count--
        send(status, failureBody(status, {}))
      })
    }
    /** @param {string} accept */
    const diffAccept = accept => {
      if (diffsAsJson <= 0 || !/\bdiff\b/.test(accept)) return accept
      diffsAsJson--
      return 'application/vnd.github+json'
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname)
    const [owner, repo, rest] = m ? [m[1], m[2], m[3]] : ['', '', '']
    /** @type {Route} */
    const route = {
      method: req.method ?? 'GET',
      rest,
      owner,
      repo,
      url,
      body,
      accept: diffAccept(String(req.headers.accept ?? '')),
      send,
      sendText(status, text, contentType) {
        res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...rate })
        res.end(text)
      },
      page: (items, wrap) => paginate(url, items, send, wrap),
      allowed(scope, access) {
        const has = token[scope] ?? 'write'
        if (has === 'write' || (access === 'read' && has === 'read')) return true
        send(403, integrationRefusal())
        return false
      }
    }
    try {
      answer(route)
    } catch (error) {
      // A stand-in that cannot answer truthfully (e.g. a diff it has only patches for) says so.
      send(500, { message: `stand-in: ${error instanceof Error ? error.message : error}`, documentation_url: DOCS, status: '500' })
    }
  })

  /** @param {Route} r */
  function answer(r) {
    const { method, rest, owner, repo, body, send } = r
    if (r.url.pathname === '/user' && method === 'GET') {
      return user ? send(200, { ...user, html_url: `https://github.com/${user.login}` }) : send(403, integrationRefusal())
    }
    if (!owner) return send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
    /** @type {RegExpExecArray | null} */
    let m
    // Comments on a pull request need issues or pull-requests access.
    const onIssues = (/** @type {'read' | 'write'} */ access) =>
      ['issues', 'pull-requests'].some(scope => (token[scope] ?? 'write') === 'write' || (access === 'read' && token[scope] === 'read')) ||
      (send(403, integrationRefusal()), false)
    if ((m = /^issues\/(\d+)\/comments$/.exec(rest)) && method === 'GET') {
      if (!onIssues('read')) return
      const issue = Number(m[1])
      return r.page(comments.filter(c => c.owner === owner && c.repo === repo && c.issue_number === issue).map(toApi))
    }
    if ((m = /^issues\/(\d+)\/comments$/.exec(rest)) && method === 'POST') {
      if (!onIssues('write')) return
      if (typeof body?.body !== 'string') return send(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: DOCS, status: '422' })
      return send(201, toApi(addComment({ owner, repo, issue_number: Number(m[1]), body: body.body, user: identity })))
    }
    if ((m = /^issues\/comments\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      if (!onIssues('write')) return
      const id = Number(m[1])
      const comment = comments.find(c => c.id === id && c.owner === owner && c.repo === repo)
      if (!comment) return send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      if (comment.user.login !== identity.login) return send(403, integrationRefusal())
      comment.body = String(body?.body ?? comment.body)
      comment.updated_at = new Date().toISOString()
      return send(200, toApi(comment))
    }
    if ((m = /^collaborators\/([^/]+)\/permission$/.exec(rest)) && method === 'GET') {
      // GitHub answers a public repository's non-collaborators with `read`.
      const login = decodeURIComponent(m[1])
      // `permission` folds the finer roles: maintain reads as write, triage as read.
      const role = permissions.get(login) ?? 'read'
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role
      return send(200, { permission, role_name: role, user: { login, id: 77, type: login.endsWith('[bot]') ? 'Bot' : 'User' } })
    }
    if (pulls.handle(r) || checks.handle(r)) return
    send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
  }

  const url = await listen(server)
  return {
    url,
    comments,
    requests,
    addComment,
    /**
     * Reviews posted (POST .../pulls/{n}/reviews; a lone line comment makes one too), each with its
     * `comments` as sent, `event`, `commit_id` (the head unless sent) and `user`.
     */
    reviews: pulls.reviews,
    /**
     * Their line comments as GET .../pulls/{n}/comments lists them (plus `pull_number`): commit_id,
     * original_commit_id, position, line, original_line, side, user, body, path, diff_hunk; push to seed others'.
     */
    reviewComments: pulls.reviewComments,
    /** The commit graph (commit-graph.js): `git.commit({ parent, files, patches })`, `git.branch(name, sha)`, … */
    git: pulls.git,
    /** Every head the pull request has had, oldest first: { sha, files?, diff?, at }. */
    heads: pulls.heads,
    /** The pull request's head sha now. */
    head: pulls.head,
    /** Moves the head (a push; a force-push with another `parent`); see github-pulls.js. Returns the new head. */
    setHead: pulls.setHead,
    /** Check runs created (with every `annotations` given) and commit statuses, in order. */
    checkRuns: checks.checkRuns,
    statuses: checks.statuses,
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
    /**
     * Answer the next `count` requests for the diff media type (pulls/{n}, compare) with the JSON a
     * plain request gets, as a proxy or gateway that drops the Accept header would.
     * @param {number} [count]
     */
    answerDiffsWithJson(count = Infinity) {
      diffsAsJson = count
    },
    /**
     * Like failWith, but the request takes effect first (the review, comment or check run is made) and
     * only then is answered with `status`, as when a gateway fails after GitHub did the write. Only
     * successful answers are replaced; a request the stand-in refuses is answered as usual and does not count.
     * @param {number} status
     * @param {number} [count]
     * @param {RegExp} [match] only requests whose `METHOD /path` matches
     */
    failAfterEffect(status, count = 1, match = undefined) {
      afterEffect = { status, count, match }
    },
    /** What GET .../pulls/{n} answers with `Accept: application/vnd.github.diff` at the current head. @param {string} text */
    setDiff: pulls.setDiff,
    /** The token's access by scope (checks, statuses, pull-requests, issues, contents: none, read or write). @param {Record<string, Access>} scopes */
    setTokenPermissions(scopes) {
      Object.assign(token, scopes)
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
 * @param {(items: unknown[], page: number) => unknown} [wrap] the page's body from its items (default: the items)
 */
function paginate(url, items, send, wrap = page => page) {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30)
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  /** @param {number} n */
  const link = n => {
    const u = new URL(url)
    u.searchParams.set('per_page', String(perPage))
    u.searchParams.set('page', String(n))
    return u.toString()
  }
  const rels = []
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`)
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
  send(200, wrap(items.slice((page - 1) * perPage, page * perPage), page), rels.length ? { link: rels.join(', ') } : {})
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
    message =
      headers['x-ratelimit-remaining'] === '0'
        ? 'API rate limit exceeded for installation ID 1.'
        : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
  } else if (status === 403) message = 'Resource not accessible by integration'
  else if (status === 404) message = 'Not Found'
  else if (status === 401) message = 'Bad credentials'
  else if (status === 422) message = 'Validation Failed'
  return { message, documentation_url: `${DOCS}/issues/comments#create-an-issue-comment`, status: String(status) }
}
