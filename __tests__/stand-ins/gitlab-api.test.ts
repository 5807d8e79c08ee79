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
  const at = (lines: { oldLine?: number; newLine?: number }) => ({ positionType: 'text', baseSha: diffRefs.base_sha, startSha: diffRefs.start_sha, headSha: diffRefs.head_sha, oldPath: 'f0.ts', newPath: 'f0.ts', ...lines }) as never
  // Context line 1 needs both numbers; added line 2 only the new one.
  await expect(api.MergeRequestDraftNotes.create('77', 3, 'context', { position: at({ newLine: 1 }) })).rejects.toMatchObject({ cause: { response: { status: 400 } } })
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
  expect(notes.map(n => [n.type, n.body])).toEqual([['DiffNote', 'context'], ['DiffNote', 'added'], [null, 'the body']])
  expect(notes[1]).toMatchObject({ author: { username: 'claude-bot' }, position: { new_line: 2, head_sha: diffRefs.head_sha } })
})
