// Which events are pull requests, and the changed-file variables; the API calls are in the e2e test.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pullRequestContext } from '../../../../src/code-hosts/github/pr-context.js'
import { changedFilesEnv, MAX_CHANGED_FILES_ENV_BYTES } from '../../../../src/code-hosts/github/pr-files.js'
import { readPullRequestEvent } from '../../../../src/code-hosts/github/event.js'
import type { Settings } from '../../../../src/settings/settings.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'pr-context-'))

function env(eventName: string, payload: unknown, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const file = path.join(mkdtempSync(path.join(dir, 'event-')), 'event.json')
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload))
  return { GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'octo-org/octo-repo', ...extra }
}

const pullRequest = { number: 7, pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'feature/x' } } }

describe('readPullRequestEvent', () => {
  test.each(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])('%s carries number and refs', name => {
    expect(readPullRequestEvent(env(name, pullRequest))).toEqual({
      eventName: name,
      owner: 'octo-org',
      repo: 'octo-repo',
      number: 7,
      baseRef: 'main',
      headRef: 'feature/x'
    })
  })

  test("the event's commits come from the payload, when both are shas", () => {
    const [base, head] = ['b'.repeat(40), 'c'.repeat(40)]
    const withShas = { number: 7, pull_request: { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'x', sha: head } } }
    expect(readPullRequestEvent(env('pull_request_target', withShas))).toMatchObject({ baseSha: base, headSha: head })
    const odd = { number: 7, pull_request: { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'x', sha: 'not-a-sha' } } }
    expect(readPullRequestEvent(env('pull_request_target', odd))).not.toHaveProperty('headSha')
  })

  test('issue_comment on a pull request has the number but no refs', () => {
    const payload = { issue: { number: 12, pull_request: { url: 'https://api.github.com/repos/octo-org/octo-repo/pulls/12' } } }
    expect(readPullRequestEvent(env('issue_comment', payload))).toEqual({ eventName: 'issue_comment', owner: 'octo-org', repo: 'octo-repo', number: 12 })
  })

  test('issue_comment on an issue, push, schedule and broken payloads are not pull requests', () => {
    expect(readPullRequestEvent(env('issue_comment', { issue: { number: 12 } }))).toBeUndefined()
    expect(readPullRequestEvent(env('push', pullRequest))).toBeUndefined()
    expect(readPullRequestEvent(env('schedule', {}))).toBeUndefined()
    expect(readPullRequestEvent(env('pull_request', '{not json'))).toBeUndefined()
    expect(readPullRequestEvent(env('pull_request', { pull_request: {} }))).toBeUndefined()
    expect(readPullRequestEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'o/r' })).toBeUndefined()
  })

  test('the repository comes from the payload when GITHUB_REPOSITORY is missing', () => {
    const e = env('pull_request', { ...pullRequest, repository: { name: 'r', owner: { login: 'o' } } }, { GITHUB_REPOSITORY: '' })
    expect(readPullRequestEvent(e)).toMatchObject({ owner: 'o', repo: 'r', number: 7 })
  })
})

describe('pullRequestContext', () => {
  // The working directory is no git checkout, so there is no local diff either.
  const settings = { comment: { enabled: false, tag: '', token: '' }, cli: { workingDirectory: dir } } as unknown as Settings

  test('outside pull requests it is empty and touches nothing', async () => {
    expect(await pullRequestContext(settings, dir, env('push', {}))).toEqual({ env: {} })
  })

  test('without a token the payload still gives number and refs, and no file means no system-prompt line', async () => {
    expect(await pullRequestContext(settings, dir, env('pull_request', pullRequest))).toEqual({
      env: { GITHUB_PR_NUMBER: '7', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'feature/x' }
    })
  })
})

describe('changedFilesEnv', () => {
  test('small lists go whole into the variable and the file', () => {
    const out = changedFilesEnv(['a.ts', 'docs/b c.md'], dir)
    expect(out.GITHUB_PR_CHANGED_FILES).toBe('a.ts\ndocs/b c.md')
    expect(readFileSync(out.GITHUB_PR_CHANGED_FILES_PATH, 'utf8')).toBe('a.ts\ndocs/b c.md\n')
  })

  test('a long list is cut at a whole path in the variable; the file keeps all of it', () => {
    const files = Array.from({ length: 1000 }, (_, i) => `packages/some-package-${i}/src/a-rather-long-file-name-${i}.ts`)
    const out = changedFilesEnv(files, dir)
    expect(Buffer.byteLength(out.GITHUB_PR_CHANGED_FILES)).toBeLessThanOrEqual(MAX_CHANGED_FILES_ENV_BYTES)
    const listed = out.GITHUB_PR_CHANGED_FILES.split('\n')
    expect(listed.length).toBeLessThan(files.length)
    expect(listed).toEqual(files.slice(0, listed.length))
    expect(readFileSync(out.GITHUB_PR_CHANGED_FILES_PATH, 'utf8').trimEnd().split('\n')).toEqual(files)
  })

  test('no files: an empty variable and an empty file', () => {
    const out = changedFilesEnv([], dir)
    expect(out.GITHUB_PR_CHANGED_FILES).toBe('')
    expect(readFileSync(out.GITHUB_PR_CHANGED_FILES_PATH, 'utf8')).toBe('')
  })
})
