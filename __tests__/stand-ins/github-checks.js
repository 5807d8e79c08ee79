// @ts-check
// Check runs and commit statuses for the GitHub stand-in (github-api.js routes to them). Check runs
// take at most 50 annotations a request (422 past that, as GitHub answers); an update appends its
// annotations to the run's. Writing check runs needs a GitHub App's token (a personal token gets
// GitHub's 403 "You must authenticate via a GitHub App.") with checks: write; statuses need
// statuses: write. Both need the commit to exist (422 "No commit found for SHA: …").
const DOCS = 'https://docs.github.com/rest'
const API = 'https://api.github.com'
const STATUSES = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']
const CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out']
const LEVELS = ['notice', 'warning', 'failure']
const STATES = ['error', 'failure', 'pending', 'success']

/**
 * @typedef {import('./github-api.js').Route} Route
 * @typedef {{ path: string, start_line: number, end_line: number, start_column?: number, end_column?: number,
 *   annotation_level: string, message: string, title?: string, raw_details?: string }} Annotation
 */

/**
 * @param {{ nextId: () => number, identity: { login: string, id: number, type: string }, personalToken: boolean,
 *   resolve: (ref: string) => string | undefined, known: (sha: string) => boolean,
 *   pullRequestsAt: (sha: string, owner: string, repo: string) => unknown[] }} world
 */
export function createChecks({ nextId, identity, personalToken, resolve, known, pullRequestsAt }) {
  /** Check runs as created and updated; `annotations` holds every annotation they were given. @type {any[]} */
  const checkRuns = []
  /** Commit statuses, oldest first. @type {any[]} */
  const statuses = []
  const app =
    identity.type === 'Bot' && identity.login !== 'github-actions[bot]'
      ? { id: identity.id, slug: identity.login.replace(/\[bot\]$/, ''), name: identity.login.replace(/\[bot\]$/, '') }
      : { id: 15368, slug: 'github-actions', name: 'GitHub Actions' }
  /** @type {Map<string, number>} */
  const suites = new Map()

  /** @param {Route} r @param {string} message @param {string} where */
  const invalid = (r, message, where) => r.send(422, { message, documentation_url: `${DOCS}/checks/runs#${where}`, status: '422' })

  /** Why GitHub would refuse this output ('annotations': one is invalid), or undefined. @param {any} output */
  const outputProblem = output => {
    if (output === undefined) return undefined
    for (const field of ['title', 'summary']) if (typeof output[field] !== 'string') return `Invalid request.\n\n"${field}" wasn't supplied.`
    for (const field of ['summary', 'text']) {
      if (typeof output[field] === 'string' && output[field].length > 65535)
        return `Invalid request.\n\nOnly 65535 characters are allowed; ${output[field].length} were supplied.`
    }
    const annotations = output.annotations ?? []
    if (annotations.length > 50) return `Invalid request.\n\nNo more than 50 items are allowed; ${annotations.length} were supplied.`
    if (!annotations.every(annotationValid)) return 'annotations'
    return undefined
  }

  /** @param {Route} r @param {any} run @param {any} input */
  const apply = (r, run, input) => {
    const now = new Date().toISOString()
    for (const field of ['name', 'details_url', 'external_id']) if (typeof input[field] === 'string') run[field] = input[field]
    if (input.started_at) run.started_at = input.started_at
    if (input.status) run.status = input.status
    if (input.conclusion) {
      run.conclusion = input.conclusion
      run.status = 'completed'
    }
    if (run.status === 'completed') run.completed_at = input.completed_at ?? run.completed_at ?? now
    if (input.output) {
      run.annotations.push(
        ...(input.output.annotations ?? []).map((/** @type {Annotation} */ a) => ({
          path: a.path,
          blob_href: `https://github.com/${r.owner}/${r.repo}/blob/${run.head_sha}/${a.path}`,
          start_line: a.start_line,
          start_column: a.start_column ?? null,
          end_line: a.end_line,
          end_column: a.end_column ?? null,
          annotation_level: a.annotation_level,
          title: a.title ?? null,
          message: a.message,
          raw_details: a.raw_details ?? null
        }))
      )
      run.output = { ...run.output, title: input.output.title, summary: input.output.summary, text: input.output.text ?? run.output.text }
    }
    run.output.annotations_count = run.annotations.length
  }

  /** @param {Route} r @param {string} what 'create-a-check-run' | 'update-a-check-run' */
  const checkInput = (r, what) => {
    const input = r.body ?? {}
    if (what === 'create-a-check-run') {
      for (const field of ['name', 'head_sha'])
        if (typeof input[field] !== 'string') return (invalid(r, `Invalid request.\n\n"${field}" wasn't supplied.`, what), undefined)
    }
    if (input.status !== undefined && !STATUSES.includes(input.status))
      return (invalid(r, `Invalid request.\n\nFor 'properties/status', "${input.status}" is not a member of ${JSON.stringify(STATUSES)}.`, what), undefined)
    if (input.conclusion !== undefined && !CONCLUSIONS.includes(input.conclusion))
      return (
        invalid(r, `Invalid request.\n\nFor 'properties/conclusion', "${input.conclusion}" is not a member of ${JSON.stringify(CONCLUSIONS)}.`, what),
        undefined
      )
    const problem = outputProblem(input.output)
    if (problem === 'annotations') {
      r.send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'CheckRun', code: 'invalid', field: 'annotations' }],
        documentation_url: `${DOCS}/checks/runs#${what}`,
        status: '422'
      })
      return undefined
    }
    if (problem) return (invalid(r, problem, what), undefined)
    if (input.status === 'completed' && !input.conclusion) {
      r.send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'CheckRun', code: 'missing_field', field: 'conclusion' }],
        documentation_url: `${DOCS}/checks/runs#${what}`,
        status: '422'
      })
      return undefined
    }
    return input
  }

  /** @param {Route} r */
  const writable = r => {
    if (personalToken)
      return (
        r.send(403, { message: 'You must authenticate via a GitHub App.', documentation_url: `${DOCS}/checks/runs#create-a-check-run`, status: '403' }),
        false
      )
    return r.allowed('checks', 'write')
  }

  /** @param {Route} r @returns {boolean} handled */
  const handle = r => {
    const { method, rest, owner, repo } = r
    /** @type {RegExpExecArray | null} */
    let m
    if (rest === 'check-runs' && method === 'POST') {
      if (!writable(r)) return true
      const input = checkInput(r, 'create-a-check-run')
      if (!input) return true
      if (!known(input.head_sha)) return (invalid(r, `No commit found for SHA: ${input.head_sha}`, 'create-a-check-run'), true)
      const id = nextId()
      const url = `${API}/repos/${owner}/${repo}/check-runs/${id}`
      if (!suites.has(input.head_sha)) suites.set(input.head_sha, nextId())
      const run = {
        id,
        owner,
        repo,
        head_sha: input.head_sha,
        node_id: `CR_standin${id}`,
        external_id: '',
        url,
        html_url: `https://github.com/${owner}/${repo}/runs/${id}`,
        details_url: `https://github.com/${owner}/${repo}/runs/${id}`,
        status: 'queued',
        conclusion: null,
        started_at: new Date().toISOString(),
        completed_at: null,
        output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${url}/annotations` },
        name: input.name,
        check_suite: { id: suites.get(input.head_sha) },
        app: { ...app, node_id: `A_standin${app.id}`, owner: { login: 'github', id: 9919, type: 'Organization' } },
        pull_requests: pullRequestsAt(input.head_sha, owner, repo),
        annotations: /** @type {any[]} */ ([])
      }
      apply(r, run, input)
      checkRuns.push(run)
      r.send(201, runApi(run))
      return true
    }
    if ((m = /^check-runs\/(\d+)(\/annotations)?$/.exec(rest))) {
      const run = checkRuns.find(c => c.id === Number(m?.[1]) && c.owner === owner && c.repo === repo)
      if (method === 'PATCH' && !m[2]) {
        if (!writable(r)) return true
        if (!run) return (r.send(404, { message: 'Not Found', documentation_url: `${DOCS}/checks/runs#update-a-check-run`, status: '404' }), true)
        const input = checkInput(r, 'update-a-check-run')
        if (input) {
          apply(r, run, input)
          r.send(200, runApi(run))
        }
        return true
      }
      if (method !== 'GET') return false
      if (!r.allowed('checks', 'read')) return true
      if (!run) return (r.send(404, { message: 'Not Found', documentation_url: `${DOCS}/checks/runs`, status: '404' }), true)
      if (m[2]) r.page(run.annotations)
      else r.send(200, runApi(run))
      return true
    }
    if ((m = /^commits\/([^/]+)\/(check-runs|statuses|status)$/.exec(rest)) && method === 'GET') {
      const scope = m[2] === 'check-runs' ? 'checks' : 'statuses'
      if (!r.allowed(scope, 'read')) return true
      const sha = resolve(decodeURIComponent(m[1]))
      if (!sha)
        return (
          r.send(422, {
            message: `No commit found for SHA: ${decodeURIComponent(m[1])}`,
            documentation_url: `${DOCS}/checks/runs#list-check-runs-for-a-git-reference`,
            status: '422'
          }),
          true
        )
      if (m[2] === 'check-runs') {
        const q = r.url.searchParams
        let runs = checkRuns.filter(c => c.owner === owner && c.repo === repo && c.head_sha === sha)
        if (q.get('check_name')) runs = runs.filter(c => c.name === q.get('check_name'))
        if (q.get('status')) runs = runs.filter(c => c.status === q.get('status'))
        // filter=latest (the default): the newest run of each name.
        if (q.get('filter') !== 'all') runs = runs.filter(c => !runs.some(o => o.name === c.name && o.id > c.id))
        r.page([...runs].reverse().map(runApi), items => ({ total_count: runs.length, check_runs: items }))
      } else {
        const mine = statuses.filter(s => s.owner === owner && s.repo === repo && s.sha === sha).reverse()
        if (m[2] === 'statuses') return (r.page(mine.map(statusApi)), true)
        const latest = mine.filter((s, i) => mine.findIndex(o => o.context === s.context) === i)
        const state = latest.some(s => s.state === 'error' || s.state === 'failure')
          ? 'failure'
          : !latest.length || latest.some(s => s.state === 'pending')
            ? 'pending'
            : 'success'
        r.send(200, {
          state,
          statuses: latest.map(statusApi),
          sha,
          total_count: latest.length,
          repository: { name: repo, full_name: `${owner}/${repo}` },
          commit_url: `${API}/repos/${owner}/${repo}/commits/${sha}`,
          url: `${API}/repos/${owner}/${repo}/commits/${sha}/status`
        })
      }
      return true
    }
    if ((m = /^statuses\/([^/]+)$/.exec(rest)) && method === 'POST') {
      if (!r.allowed('statuses', 'write')) return true
      const input = r.body ?? {}
      const sha = decodeURIComponent(m[1])
      const where = `${DOCS}/commits/statuses#create-a-commit-status`
      if (!STATES.includes(input.state))
        return (
          r.send(422, {
            message: `Invalid request.\n\nFor 'properties/state', ${JSON.stringify(input.state ?? null)} is not a member of ${JSON.stringify(STATES)}.`,
            documentation_url: where,
            status: '422'
          }),
          true
        )
      if (!known(sha)) return (r.send(422, { message: `No commit found for SHA: ${sha}`, documentation_url: where, status: '422' }), true)
      if (typeof input.description === 'string' && input.description.length > 140) {
        return (
          r.send(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Status', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' }],
            documentation_url: where,
            status: '422'
          }),
          true
        )
      }
      const id = nextId()
      const now = new Date().toISOString()
      const status = {
        id,
        owner,
        repo,
        sha,
        url: `${API}/repos/${owner}/${repo}/statuses/${sha}`,
        avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
        node_id: `SC_standin${id}`,
        state: input.state,
        description: input.description ?? null,
        target_url: input.target_url ?? null,
        context: input.context ?? 'default',
        created_at: now,
        updated_at: now,
        creator: identity
      }
      statuses.push(status)
      r.send(201, statusApi(status))
      return true
    }
    return false
  }

  return { checkRuns, statuses, handle }
}

/** @param {any} a */
function annotationValid(a) {
  const lines = Number.isInteger(a?.start_line) && Number.isInteger(a?.end_line) && a.end_line >= a.start_line
  const columns = (a?.start_column === undefined && a?.end_column === undefined) || a.start_line === a.end_line
  return typeof a?.path === 'string' && lines && columns && LEVELS.includes(a.annotation_level) && typeof a.message === 'string'
}

/** @param {any} run */
function runApi(run) {
  const { owner: _o, repo: _r, annotations: _a, ...api } = run
  return api
}

/** @param {any} status */
function statusApi(status) {
  const { owner: _o, repo: _r, sha: _s, ...api } = status
  return api
}
