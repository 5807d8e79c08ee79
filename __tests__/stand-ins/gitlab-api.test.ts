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
