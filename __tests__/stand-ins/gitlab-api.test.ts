// The GitLab API stand-in against the real client the command uses, @gitbeaker/rest.
import { Gitlab } from '@gitbeaker/rest'
import { startGitLabApi } from './index.js'

type GitLab = Awaited<ReturnType<typeof startGitLabApi>>
let gitlab: GitLab

afterEach(async () => {
  await gitlab?.close()
})

test('gitbeaker pages through the notes (Link headers), creates and edits one, and reads the user', async () => {
  const other = { id: 1, username: 'someone' }
  gitlab = await startGitLabApi({ notes: Array.from({ length: 30 }, (_, i) => ({ iid: 3, body: `n${i}`, author: other })) })
  const api = new Gitlab({ host: gitlab.url, token: 'glpat-stand-in-test-token' })

  const all = await api.MergeRequestNotes.all('77', 3, { sort: 'asc', orderBy: 'created_at', perPage: 20 })
  expect(all.map(n => n.body)).toEqual(Array.from({ length: 30 }, (_, i) => `n${i}`))
  const created = await api.MergeRequestNotes.create('77', 3, 'hello')
  const edited = await api.MergeRequestNotes.edit('77', 3, created.id, { body: 'hello again' })
  expect(edited.body).toBe('hello again')
  expect((await api.Users.showCurrentUser()).username).toBe('claude-bot')
  expect(gitlab.requests.every(r => r.token === 'glpat-stand-in-test-token')).toBe(true)
  await expect(api.MergeRequestNotes.edit('77', 3, all[0].id, { body: 'not mine' })).rejects.toMatchObject({ cause: { response: { status: 403 } } })
})

test('without a token every request is 401; failWith answers matching requests with the status', async () => {
  gitlab = await startGitLabApi()
  await expect(new Gitlab({ host: gitlab.url, token: '' }).Users.showCurrentUser()).rejects.toMatchObject({ cause: { response: { status: 401 } } })
  gitlab.failWith(503, 1, /^POST /)
  const api = new Gitlab({ host: gitlab.url, token: 'glpat-stand-in-test-token' })
  await expect(api.MergeRequestNotes.create('77', 3, 'x')).rejects.toMatchObject({ cause: { response: { status: 503 } } })
  expect((await api.MergeRequestNotes.create('77', 3, 'y')).body).toBe('y')
})

test('the review endpoints: the merge request, its diffs paged, draft notes checked against the diff, bulk_publish into discussions', async () => {
  const diffRefs = { base_sha: 'a'.repeat(40), start_sha: 'b'.repeat(40), head_sha: 'c'.repeat(40) }
  const diffs = Array.from({ length: 25 }, (_, i) => ({ old_path: `f${i}.ts`, new_path: `f${i}.ts`, diff: '@@ -1,2 +1,2 @@\n keep\n-old\n+new\n' }))
  gitlab = await startGitLabApi({ mergeRequests: [{ iid: 3, diffRefs, diffs }] })
  const api = new Gitlab({ host: gitlab.url, token: 'glpat-stand-in-test-token' })

  expect((await api.MergeRequests.show('77', 3)).diff_refs).toEqual(diffRefs)
  expect(await api.MergeRequests.allDiffs('77', 3, { perPage: 10 })).toHaveLength(25)
  const at = (lines: { oldLine?: number; newLine?: number }) =>
    ({
      positionType: 'text',
      baseSha: diffRefs.base_sha,
      startSha: diffRefs.start_sha,
      headSha: diffRefs.head_sha,
      oldPath: 'f0.ts',
      newPath: 'f0.ts',
      ...lines
    }) as never
  // Context line 1 needs both numbers; added line 2 only the new one.
  await expect(api.MergeRequestDraftNotes.create('77', 3, 'context', { position: at({ newLine: 1 }) })).rejects.toMatchObject({
    cause: { response: { status: 400 } }
  })
  await api.MergeRequestDraftNotes.create('77', 3, 'context', { position: at({ oldLine: 1, newLine: 1 }) })
  await api.MergeRequestDraftNotes.create('77', 3, 'added', { position: at({ newLine: 2 }) })
  await api.MergeRequestDraftNotes.create('77', 3, 'the body')
  expect(gitlab.drafts).toHaveLength(3)
  gitlab.failWith(403, 1, /bulk_publish$/)
  await expect(api.MergeRequestDraftNotes.publishBulk('77', 3)).rejects.toMatchObject({ cause: { response: { status: 403 } } })
  await api.MergeRequestDraftNotes.publishBulk('77', 3)
  expect(gitlab.drafts).toEqual([])
  expect(gitlab.publishes).toHaveLength(1)
  const discussions = await api.MergeRequestDiscussions.all('77', 3)
  const notes = discussions.flatMap(d => d.notes ?? [])
  expect(notes.map(n => [n.type, n.body])).toEqual([
    ['DiffNote', 'context'],
    ['DiffNote', 'added'],
    [null, 'the body']
  ])
  expect(notes[1]).toMatchObject({ author: { username: 'claude-bot' }, position: { new_line: 2, head_sha: diffRefs.head_sha } })
})

const TOKEN = 'glpat-stand-in-test-token'
const BASE = 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n'

test('compare answers as GitLab does, through the merge base or straight, after a push and a force-push', async () => {
  gitlab = await startGitLabApi({
    mergeRequests: [{ iid: 3, baseFiles: { 'src/a.ts': BASE }, headFiles: { 'src/a.ts': BASE.replace('line 2\n', 'line two\n') } }]
  })
  const api = new Gitlab({ host: gitlab.url, token: TOKEN })
  const mr = await api.MergeRequests.show('77', 3)
  expect(mr).toMatchObject({ source_branch: 'feature-3', target_branch: 'main', sha: mr.diff_refs.head_sha })
  const { base_sha: main, head_sha: first } = mr.diff_refs
  expect(mr.diff_refs.start_sha).toBe(main)
  expect((await api.MergeRequests.allDiffs('77', 3)).map(d => d.diff)).toEqual(['@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n'])

  const second = gitlab.setHead(3, undefined, {
    contents: { 'src/a.ts': BASE.replace('line 2\n', 'line two\n').replace('line 9\n', 'line nine\n'), 'new.md': 'hi\n' },
    message: 'Second\n\nWith a body.'
  })
  const push = await api.Repositories.compare('77', first, second)
  expect(push).toMatchObject({
    commit: { id: second, short_id: second.slice(0, 8), title: 'Second', message: 'Second\n\nWith a body.', parent_ids: [first] },
    compare_timeout: false,
    compare_same_ref: false
  })
  expect((push.commits ?? []).map(c => c.id)).toEqual([second])
  expect(push.diffs).toEqual([
    {
      old_path: 'new.md',
      new_path: 'new.md',
      a_mode: '0',
      b_mode: '100644',
      new_file: true,
      renamed_file: false,
      deleted_file: false,
      diff: '@@ -0,0 +1 @@\n+hi\n'
    },
    {
      old_path: 'src/a.ts',
      new_path: 'src/a.ts',
      a_mode: '100644',
      b_mode: '100644',
      new_file: false,
      renamed_file: false,
      deleted_file: false,
      diff: '@@ -6,5 +6,5 @@ line 5\n line 6\n line 7\n line 8\n-line 9\n+line nine\n line 10\n'
    }
  ])
  expect((await api.Repositories.compare('77', first, second, { unidiff: true } as never)).diffs?.[1].diff).toMatch(
    /^--- a\/src\/a.ts\n\+\+\+ b\/src\/a.ts\n@@ -6,5/
  )

  // A force-push: the third head is on main, not on the second.
  const third = gitlab.setHead(3, undefined, { parent: main, contents: { 'src/a.ts': BASE.replace('line 5\n', 'line five\n') } })
  const forced = await api.Repositories.compare('77', second, third)
  expect((forced.commits ?? []).map(c => c.id)).toEqual([third])
  expect((forced.diffs ?? []).map(d => d.diff)).toEqual(['@@ -2,7 +2,7 @@ line 1\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n'])
  const straight = await api.Repositories.compare('77', second, third, { straight: true })
  expect((straight.diffs ?? []).map(d => [d.new_path, d.deleted_file])).toEqual([
    ['new.md', true],
    ['src/a.ts', false]
  ])
  expect(straight.diffs?.[1].diff).toContain('-line two\n+line 2\n')
  expect((await api.Repositories.mergeBase('77', [second, third])).id).toBe(main)
  expect(await api.Repositories.compare('77', 'feature-3', third)).toMatchObject({ commit: null, commits: [], diffs: [], compare_same_ref: true })
  await expect(api.Repositories.compare('77', 'main', 'no-such-branch')).rejects.toMatchObject({ cause: { response: { status: 404 } } })

  // The merge request follows: diff_refs, diffs, one version a head, newest first.
  const now = await api.MergeRequests.show('77', 3)
  expect(now.diff_refs).toEqual({ base_sha: main, start_sha: main, head_sha: third })
  const versions = await api.MergeRequests.allDiffVersions('77', 3)
  expect(versions.map(v => v.head_commit_sha)).toEqual([third, second, first])
  const version = await api.MergeRequests.showDiffVersion('77', 3, versions[1].id)
  expect(version).toMatchObject({ head_commit_sha: second, base_commit_sha: main, real_size: '2' })
  expect((version.commits ?? []).map(c => c.id)).toEqual([second, first])
  // A draft on the old diff_refs is refused.
  const position = { positionType: 'text', baseSha: main, startSha: main, headSha: second, oldPath: 'src/a.ts', newPath: 'src/a.ts', newLine: 9 } as never
  await expect(api.MergeRequestDraftNotes.create('77', 3, 'stale', { position })).rejects.toMatchObject({ cause: { response: { status: 400 } } })
})

test('compare from the base of a merge request given by diff_refs and diffs gives those diffs back', async () => {
  const diffRefs = { base_sha: 'a'.repeat(40), start_sha: 'b'.repeat(40), head_sha: 'c'.repeat(40) }
  const diffs = [
    { old_path: 'src/x.ts', new_path: 'src/x.ts', diff: '@@ -10,2 +10,3 @@\n keep\n+added\n keep\n' },
    { old_path: 'old.md', new_path: 'new.md', renamed_file: true, diff: '@@ -1 +1 @@\n-old\n+new\n' }
  ]
  gitlab = await startGitLabApi({ mergeRequests: [{ iid: 4, diffRefs, diffs }] })
  const api = new Gitlab({ host: gitlab.url, token: TOKEN })
  const compare = await api.Repositories.compare('77', diffRefs.base_sha, diffRefs.head_sha)
  expect((compare.diffs ?? []).map(d => [d.old_path, d.new_path, d.renamed_file, d.diff])).toEqual([
    ['old.md', 'new.md', true, diffs[1].diff],
    ['src/x.ts', 'src/x.ts', false, diffs[0].diff]
  ])
  expect((await api.Repositories.mergeBase('77', ['main', 'feature-4'])).id).toBe(diffRefs.base_sha)
  // A push with patches compares from the old head; the diff from the base would need the file's contents.
  const next = gitlab.setHead(4, undefined, { patches: { 'src/x.ts': '@@ -11,2 +11,3 @@\n added\n+again\n keep\n' } })
  expect((await api.Repositories.compare('77', diffRefs.head_sha, next)).diffs?.map(d => d.diff)).toEqual(['@@ -11,2 +11,3 @@\n added\n+again\n keep\n'])
  await expect(api.Repositories.compare('77', diffRefs.base_sha, next)).rejects.toMatchObject({ cause: { response: { status: 500 } } })
  await expect(api.MergeRequests.allDiffs('77', 4)).rejects.toMatchObject({ cause: { response: { status: 500 } } })
})

test("commit statuses move through GitLab's states; a transition it has not is a 400", async () => {
  gitlab = await startGitLabApi({ mergeRequests: [{ iid: 3, baseFiles: { 'a.txt': 'a\n' }, headFiles: { 'a.txt': 'b\n' } }] })
  const api = new Gitlab({ host: gitlab.url, token: TOKEN })
  const sha = (await api.MergeRequests.show('77', 3)).sha as string
  const pending = await api.Commits.editStatus('77', sha, 'pending', {
    name: 'claude-review',
    description: 'Reviewing',
    targetUrl: 'https://example.com/job/1'
  })
  expect(pending).toMatchObject({
    sha,
    ref: 'feature-3',
    status: 'pending',
    name: 'claude-review',
    description: 'Reviewing',
    target_url: 'https://example.com/job/1',
    author: { username: 'claude-bot' }
  })
  await expect(api.Commits.editStatus('77', sha, 'pending', { name: 'claude-review' })).rejects.toMatchObject({ cause: { response: { status: 400 } } })
  const running = await api.Commits.editStatus('77', sha, 'running', { name: 'claude-review' })
  expect(running).toMatchObject({ id: pending.id, status: 'running', started_at: expect.any(String) })
  await expect(api.Commits.editStatus('77', sha, 'running', { name: 'claude-review' })).rejects.toMatchObject({ cause: { response: { status: 400 } } })
  expect(await api.Commits.editStatus('77', sha, 'success', { name: 'claude-review' })).toMatchObject({
    id: pending.id,
    status: 'success',
    finished_at: expect.any(String)
  })
  // Finished: the next state starts a new job, and the old one is retried.
  const again = await api.Commits.editStatus('77', sha, 'failed', { name: 'claude-review' })
  expect(again.id).not.toBe(pending.id)
  expect((await api.Commits.allStatuses('77', sha)).map(s => s.status)).toEqual(['failed'])
  expect((await api.Commits.allStatuses('77', sha, { all: true })).map(s => s.status)).toEqual(['success', 'failed'])
  await expect(api.Commits.editStatus('77', 'f'.repeat(40), 'success')).rejects.toMatchObject({ cause: { response: { status: 404 } } })
  await expect(api.Commits.editStatus('77', sha, 'done' as 'success')).rejects.toMatchObject({ cause: { response: { status: 400 } } })
  const error = await fetch(`${gitlab.apiUrl}/projects/77/statuses/${sha}`, {
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'running', name: 'other' })
  })
  expect(error.status).toBe(201)
  const twice = await fetch(`${gitlab.apiUrl}/projects/77/statuses/${sha}`, {
    method: 'POST',
    headers: { 'PRIVATE-TOKEN': TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'pending', name: 'other' })
  })
  expect(await twice.json()).toEqual({ message: 'Cannot transition status via :enqueue from :running (Reason(s): Status cannot transition via "enqueue")' })
  expect(gitlab.statuses.map(s => [s.name, s.status, s.retried])).toEqual([
    ['claude-review', 'success', true],
    ['claude-review', 'failed', false],
    ['other', 'running', false]
  ])
})

test('rateLimit answers 429 with Retry-After and RateLimit-* headers and records when each request came', async () => {
  gitlab = await startGitLabApi()
  gitlab.rateLimit({ count: 1, retryAfterSeconds: 1, match: /^POST .*\/notes$/ })
  const url = `${gitlab.apiUrl}/projects/77/merge_requests/3/notes`
  const post = () =>
    fetch(url, { method: 'POST', headers: { 'PRIVATE-TOKEN': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'hello' }) })
  const limited = await post()
  expect(limited.status).toBe(429)
  expect(limited.headers.get('content-type')).toBe('text/plain')
  expect(await limited.text()).toBe('Retry later\n')
  const retryAfter = Number(limited.headers.get('retry-after'))
  expect(retryAfter).toBe(1)
  expect(Object.fromEntries(['ratelimit-name', 'ratelimit-limit', 'ratelimit-remaining'].map(h => [h, limited.headers.get(h)]))).toEqual({
    'ratelimit-name': 'throttle_authenticated_api',
    'ratelimit-limit': '600',
    'ratelimit-remaining': '0'
  })
  expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
  expect(gitlab.notes).toEqual([])
  // A client that honours Retry-After: the stand-in's clock shows it waited that long.
  await new Promise(resolve => setTimeout(resolve, retryAfter * 1000 + 5))
  expect((await post()).status).toBe(201)
  const [first, second] = gitlab.requests
  expect(gitlab.throttled).toEqual([expect.objectContaining({ method: 'POST', at: first.at, retryAfter: 1 })])
  expect(second.at - first.at).toBeGreaterThanOrEqual(gitlab.throttled[0].retryAfter * 1000)
  expect(gitlab.notes.map(n => n.body)).toEqual(['hello'])

  // gitbeaker retries a 429 by itself.
  gitlab.rateLimit({ count: 2 })
  const note = await new Gitlab({ host: gitlab.url, token: TOKEN }).MergeRequestNotes.create('77', 3, 'after two 429s')
  expect(note.body).toBe('after two 429s')
  expect(gitlab.throttled).toHaveLength(3)
})

test('notes and drafts are kept as sent; the quick actions GitLab would run are reported', async () => {
  const diffRefs = { base_sha: 'a'.repeat(40), start_sha: 'a'.repeat(40), head_sha: 'c'.repeat(40) }
  gitlab = await startGitLabApi({
    mergeRequests: [{ iid: 3, diffRefs, diffs: [] }],
    notes: [{ iid: 3, body: '/approve', author: { id: 1, username: 'someone' } }]
  })
  const api = new Gitlab({ host: gitlab.url, token: TOKEN })
  const inert = 'Looks good.\n```\n/approve\n```\n> /merge\n /close\n`/label ~x`\n/approved by me\n>>>\n/unapprove\n>>>\n<details>\n/merge\n</details>'
  const kept = await api.MergeRequestNotes.create('77', 3, inert)
  expect(kept.body).toBe(inert)
  expect(gitlab.quickActionsRun).toBe(false)
  const note = await api.MergeRequestNotes.create('77', 3, 'LGTM\n/APPROVE\n/label ~"needs docs" ')
  expect(gitlab.quickActions).toEqual([
    { via: 'note', project: '77', iid: 3, noteId: note.id, command: 'approve', args: '', line: '/APPROVE' },
    { via: 'note', project: '77', iid: 3, noteId: note.id, command: 'label', args: '~"needs docs"', line: '/label ~"needs docs" ' }
  ])
  await api.MergeRequestNotes.edit('77', 3, kept.id, { body: `${inert}\n/merge` })
  expect(gitlab.quickActions.at(-1)).toMatchObject({ via: 'edit', noteId: kept.id, command: 'merge' })

  // Drafts run nothing until published.
  const draft = await api.MergeRequestDraftNotes.create('77', 3, 'First draft')
  const other = await api.MergeRequestDraftNotes.create('77', 3, 'Body\n/assign_reviewer @me')
  const updated = await fetch(`${gitlab.apiUrl}/projects/77/merge_requests/3/draft_notes/${draft.id}`, {
    method: 'PUT',
    headers: { 'PRIVATE-TOKEN': TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'Edited draft\n/close' })
  })
  expect(await updated.json()).toMatchObject({ id: draft.id, note: 'Edited draft\n/close' })
  expect(gitlab.quickActions).toHaveLength(3)
  await api.MergeRequestDraftNotes.publish('77', 3, draft.id)
  expect(gitlab.drafts.map(d => d.id)).toEqual([other.id])
  await api.MergeRequestDraftNotes.publishBulk('77', 3)
  expect(gitlab.quickActions.slice(3).map(a => [a.via, a.command, a.args])).toEqual([
    ['publish', 'close', ''],
    ['publish', 'assign_reviewer', '@me']
  ])
  expect(gitlab.publishes.map(p => p.notes.map(n => n.note))).toEqual([['Edited draft\n/close'], ['Body\n/assign_reviewer @me']])
  expect(gitlab.notes.slice(-2).map(n => n.body)).toEqual(['Edited draft\n/close', 'Body\n/assign_reviewer @me'])
})

test("failAfterEffect publishes the drafts and then answers 502; gitbeaker's retry publishes nothing more", async () => {
  gitlab = await startGitLabApi({
    mergeRequests: [{ iid: 3, diffRefs: { base_sha: 'a'.repeat(40), start_sha: 'a'.repeat(40), head_sha: 'c'.repeat(40) }, diffs: [] }]
  })
  const api = new Gitlab({ host: gitlab.url, token: TOKEN })
  await api.MergeRequestDraftNotes.create('77', 3, 'the body')
  gitlab.failAfterEffect(502, 1, /bulk_publish$/)
  await api.MergeRequestDraftNotes.publishBulk('77', 3)
  expect(gitlab.publishes.map(p => p.notes.length)).toEqual([1, 0])
  expect(gitlab.notes.map(n => n.body)).toEqual(['the body'])
  // A note: made, then 500 (gitbeaker does not retry that).
  gitlab.failAfterEffect(500, 1, /notes$/)
  await expect(api.MergeRequestNotes.create('77', 3, 'once')).rejects.toMatchObject({ cause: { response: { status: 500 } } })
  expect(gitlab.notes.map(n => n.body)).toEqual(['the body', 'once'])
})
