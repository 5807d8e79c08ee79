// Each stand-in exercised by the real client library the action uses.
// (The real Claude Code CLI is exercised against model.js by the e2e tests.)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { ExternalAccountClient } from 'google-auth-library'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { SignatureV4 } from '@smithy/signature-v4'
import type { SourceData } from '@smithy/types'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { BASE_SHA, HEAD_SHA, createCommitGraph, decodeJwt, startGitHubApi, startGoogle, startModel, startOidc, startSts } from './index.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()))
})
async function started<T extends { close: () => Promise<void> }>(p: Promise<T>): Promise<T> {
  const s = await p
  closers.push(s.close)
  return s
}
async function oidcToken(audience: string) {
  const oidc = await started(startOidc())
  const res = await fetch(`${oidc.url}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${oidc.requestToken}` }
  })
  return { oidc, jwt: ((await res.json()) as { value: string }).value }
}

describe('oidc', () => {
  it('issues a JWT for the requested audience and checks the request token', async () => {
    const { oidc, jwt } = await oidcToken('sts.amazonaws.com')
    expect(decodeJwt(jwt)).toMatchObject({ aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com' })
    expect(oidc.issued).toEqual([jwt])
    expect((await fetch(`${oidc.url}&audience=x`)).status).toBe(401)
  })
})

describe('aws-sts', () => {
  const assume = (url: string, token: string) =>
    new STSClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }).send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::123456789012:role/ci', RoleSessionName: 's1', WebIdentityToken: token })
    )

  it('answers AssumeRoleWithWebIdentity in a shape the SDK parses', async () => {
    const { oidc, jwt } = await oidcToken('sts.amazonaws.com')
    const sts = await started(startSts({ validToken: t => oidc.issued.includes(t) }))
    const out = await assume(sts.url, jwt)
    expect(out.Credentials?.AccessKeyId).toBe(sts.issued[0].accessKeyId)
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/ci/s1')
    const c = out.Credentials!
    const me = await new STSClient({
      region: 'us-east-1',
      endpoint: sts.url,
      maxAttempts: 1,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }
    }).send(new GetCallerIdentityCommand({}))
    expect(me.Arn).toBe(out.AssumedRoleUser?.Arn)
    await expect(assume(sts.url, 'not-issued')).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' })
  })

  it('surfaces scripted faults as SDK errors', async () => {
    const sts = await started(startSts())
    sts.script([{ status: 500 }, { code: 'Throttling', status: 400 }, { code: 'AccessDenied', status: 403 }, { code: 'ExpiredTokenException', status: 400 }])
    for (const name of ['InternalFailure', 'Throttling', 'AccessDenied', 'ExpiredTokenException']) {
      await expect(assume(sts.url, 'x.y.z')).rejects.toMatchObject({ name })
    }
  })
})

describe('google', () => {
  it('exchanges the OIDC token and impersonates the service account', async () => {
    const { oidc, jwt } = await oidcToken('google')
    const audience = '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh'
    const google = await started(startGoogle({ expectedAudience: audience, validSubjectToken: t => oidc.issued.includes(t) }))
    const dir = mkdtempSync(path.join(tmpdir(), 'standin-google-'))
    writeFileSync(path.join(dir, 'token'), jwt)
    const client = ExternalAccountClient.fromJSON({
      type: 'external_account',
      audience,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${google.stsUrl}/v1/token`,
      credential_source: { file: path.join(dir, 'token') },
      service_account_impersonation_url: `${google.iamUrl}/v1/projects/-/serviceAccounts/ci@p.iam.gserviceaccount.com:generateAccessToken`,
      scopes: ['https://www.googleapis.com/auth/cloud-platform']
    })
    const { token } = await client!.getAccessToken()
    expect(google.issued.serviceAccount).toEqual([token])
    expect(google.requests.map(r => r.email)).toEqual([null, 'ci@p.iam.gserviceaccount.com'])
  })
})

describe('github-api', () => {
  it('creates, lists (paginated) and updates comments through Octokit', async () => {
    const gh = await started(startGitHubApi({ comments: Array.from({ length: 5 }, (_, i) => ({ issue_number: 3, body: `c${i}` })) }))
    const octokit = getOctokit('ghs_test', { baseUrl: gh.url })
    const repo = { owner: 'octo-org', repo: 'octo-repo' }
    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: 3, body: 'hello' })
    expect(created.status).toBe(201)
    await octokit.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'edited' })
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: 3, per_page: 2 })
    expect(all.map(c => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'edited'])
    gh.failWith(403, 1)
    await expect(octokit.rest.pulls.listFiles({ ...repo, pull_number: 3 })).rejects.toMatchObject({ status: 403 })
    expect((await octokit.rest.pulls.listFiles({ ...repo, pull_number: 3 })).data.length).toBeGreaterThan(1)
  })
})

describe('commit-graph', () => {
  it('diffs contents as git diff does, and refuses a diff it only has patches for', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'standin-graph-'))
    const lines = (n: number, f = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => `${f(i + 1)}\n`).join('')
    const pairs: [string, string][] = [
      ['a\nb\nc\n', 'a\nB\nc\n'],
      [lines(15), lines(15).replace('line 3\n', 'line 3\nnew\n').replace('line 13\n', '') + 'tail\n'],
      [lines(20), lines(20, i => (i % 7 ? `line ${i}` : `changed ${i}`))],
      ['no newline', 'no newline at all'],
      ['a\nb\n', 'a\nb']
    ]
    const git = createCommitGraph()
    const root = git.commit({ files: {} })
    for (const [i, [before, after]] of pairs.entries()) {
      writeFileSync(path.join(dir, 'a'), before)
      writeFileSync(path.join(dir, 'b'), after)
      let printed = ''
      try {
        execFileSync('git', ['diff', '--no-index', '--no-color', '-U3', 'a', 'b'], { cwd: dir, encoding: 'utf8' })
      } catch (error) {
        printed = (error as { stdout: string }).stdout
      }
      const from = git.commit({ parent: root, files: { [`f${i}`]: before } })
      const to = git.commit({ parent: from, files: { [`f${i}`]: after } })
      expect(git.diff(from, to).map(f => f.patch)).toEqual([printed.slice(printed.indexOf('@@'))])
    }
    const patched = git.commit({ parent: root, patches: { 'u.ts': '@@ -10,2 +10,3 @@\n x\n+y\n z' } })
    const again = git.commit({ parent: patched, patches: { 'u.ts': '@@ -11,2 +11,3 @@\n y\n+w\n z' } })
    expect(git.unifiedDiff(patched, again)).toContain('@@ -11,2 +11,3 @@\n y\n+w\n z\n')
    expect(git.unifiedDiff(again, patched)).toContain('@@ -11,3 +11,2 @@\n y\n-w\n z\n')
    expect(() => git.diff(root, again)).toThrow(/needs the file's contents/)
    expect(() => git.commit({ parent: git.commit({ parent: root, files: { 'k.ts': 'k\n' } }), patches: { 'k.ts': '@@ -1 +1 @@\n-other\n+x' } })).toThrow(
      /does not apply/
    )
  })
})

describe('github-api: a pull request over several heads', () => {
  const repo = { owner: 'octo-org', repo: 'octo-repo' }
  const BASE = 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n'
  const A = BASE.replace('line 2\n', 'line two\n')
  async function pullRequest() {
    const gh = await started(startGitHubApi({ pullNumber: 7, baseFiles: { 'src/a.ts': BASE, 'docs/old.md': 'kept\n' }, headFiles: { 'src/a.ts': A } }))
    return { gh, octokit: getOctokit('ghs_test', { baseUrl: gh.url }) }
  }

  it('answers only the configured pull request, its files and diff computed from the commits', async () => {
    const { gh, octokit } = await pullRequest()
    const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: 7 })
    expect(pr).toMatchObject({
      number: 7,
      head: { sha: HEAD_SHA, ref: 'feature-7' },
      base: { sha: BASE_SHA, ref: 'main' },
      changed_files: 1,
      commits: 1,
      additions: 1,
      deletions: 1
    })
    await expect(octokit.rest.pulls.get({ ...repo, pull_number: 8 })).rejects.toMatchObject({ status: 404 })
    await expect(octokit.rest.pulls.listFiles({ ...repo, pull_number: 8 })).rejects.toMatchObject({ status: 404 })
    const { data: files } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 7 })
    expect(files).toEqual([
      expect.objectContaining({
        filename: 'src/a.ts',
        status: 'modified',
        additions: 1,
        deletions: 1,
        changes: 2,
        patch: '@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5'
      })
    ])
    const res = await fetch(`${gh.url}/repos/octo-org/octo-repo/pulls/7`, { headers: { authorization: 'token t', accept: 'application/vnd.github.diff' } })
    expect(res.headers.get('content-type')).toBe('application/vnd.github.diff; charset=utf-8')
    expect(await res.text()).toMatch(
      /^diff --git a\/src\/a.ts b\/src\/a.ts\nindex [0-9a-f]{7}\.\.[0-9a-f]{7} 100644\n--- a\/src\/a.ts\n\+\+\+ b\/src\/a.ts\n@@ -1,5 \+1,5 @@\n line 1\n-line 2\n\+line two\n/
    )
  })

  it('compares heads after a push (ahead), a force-push (diverged), back (behind) and to itself (identical)', async () => {
    const { gh, octokit } = await pullRequest()
    const B = gh.setHead(undefined, {
      contents: { 'src/a.ts': A.replace('line 9\n', 'line nine\n'), 'docs/old.md': null, 'docs/new.md': 'kept\n' },
      message: 'Second'
    })
    expect(gh.head()).toBe(B)
    const compare = (base: string, head: string, extra = {}) =>
      octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, ...extra })

    const { data: push } = await compare(HEAD_SHA, B)
    expect(push).toMatchObject({
      status: 'ahead',
      ahead_by: 1,
      behind_by: 0,
      total_commits: 1,
      base_commit: { sha: HEAD_SHA },
      merge_base_commit: { sha: HEAD_SHA }
    })
    expect(push.commits.map(c => [c.sha, c.commit.message, c.parents.map(p => p.sha)])).toEqual([[B, 'Second', [HEAD_SHA]]])
    expect(push.files?.map(f => [f.filename, f.status, f.previous_filename, f.patch])).toEqual([
      ['docs/new.md', 'renamed', 'docs/old.md', undefined],
      ['src/a.ts', 'modified', undefined, '@@ -6,5 +6,5 @@ line 5\n line 6\n line 7\n line 8\n-line 9\n+line nine\n line 10']
    ])
    const diff = await compare(HEAD_SHA, B, { mediaType: { format: 'diff' } })
    expect(diff.headers['content-type']).toBe('application/vnd.github.diff; charset=utf-8')
    expect(diff.data as unknown as string).toContain(
      'diff --git a/docs/old.md b/docs/new.md\nsimilarity index 100%\nrename from docs/old.md\nrename to docs/new.md\n'
    )
    expect(diff.data as unknown as string).toContain('@@ -6,5 +6,5 @@ line 5\n line 6\n line 7\n line 8\n-line 9\n+line nine\n line 10\n')

    // A force-push: C is on main, not on B.
    const C = gh.setHead(undefined, { parent: BASE_SHA, contents: { 'src/a.ts': BASE.replace('line 5\n', 'line five\n') } })
    const { data: forced } = await compare(B, C)
    expect(forced).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 2, merge_base_commit: { sha: BASE_SHA } })
    // Three dots: the files are C's changes since the merge base.
    expect(forced.files?.map(f => [f.filename, f.additions, f.deletions])).toEqual([['src/a.ts', 1, 1]])
    expect((await compare(B, HEAD_SHA)).data).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 1 })
    expect((await compare('main', 'main')).data).toMatchObject({ status: 'identical', ahead_by: 0, commits: [], files: [] })
    expect((await compare('main', 'feature-7')).data.merge_base_commit.sha).toBe(BASE_SHA)
    expect((await compare(B.slice(0, 7), C)).data.base_commit.sha).toBe(B)
    await expect(compare('main', 'f'.repeat(40))).rejects.toMatchObject({ status: 404 })
    expect(gh.heads.map(h => h.sha)).toEqual([HEAD_SHA, B, C])
    const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: 7 })
    expect(pr.head.sha).toBe(C)
  })

  it("pages a comparison's commits with Link headers and gives the files on the first page only", async () => {
    const { gh, octokit } = await pullRequest()
    const shas = [1, 2, 3].map(i => gh.setHead(undefined, { contents: { [`f${i}.txt`]: `${i}\n` } }))
    const first = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...${shas[2]}`, per_page: 2 })
    expect(first.headers.link).toMatch(/<[^>]+page=2[^>]*>; rel="next"/)
    expect(first.data.commits.map(c => c.sha)).toEqual([HEAD_SHA, shas[0]])
    expect(first.data.files?.map(f => f.filename)).toEqual(['f1.txt', 'f2.txt', 'f3.txt', 'src/a.ts'])
    const second = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...${shas[2]}`, per_page: 2, page: 2 })
    expect(second.data.commits.map(c => c.sha)).toEqual([shas[1], shas[2]])
    expect(second.data.files).toEqual([])
  })

  it('keeps review comments on their original commit and moves commit_id to a new head, or outdates them', async () => {
    const { gh, octokit } = await pullRequest()
    const { data: review } = await octokit.rest.pulls.createReview({
      ...repo,
      pull_number: 7,
      commit_id: HEAD_SHA,
      event: 'COMMENT',
      body: 'Two notes.',
      comments: [
        { path: 'src/a.ts', line: 2, side: 'RIGHT', body: 'on the changed line' },
        { path: 'src/a.ts', line: 4, body: 'on a context line' }
      ]
    })
    expect(review).toMatchObject({ commit_id: HEAD_SHA, state: 'COMMENTED', user: { login: 'github-actions[bot]', id: 41898282 } })
    const list = async () => (await octokit.rest.pulls.listReviewComments({ ...repo, pull_number: 7 })).data
    expect(await list()).toEqual([
      expect.objectContaining({
        path: 'src/a.ts',
        commit_id: HEAD_SHA,
        original_commit_id: HEAD_SHA,
        position: 3,
        line: 2,
        original_line: 2,
        side: 'RIGHT',
        body: 'on the changed line',
        user: expect.objectContaining({ login: 'github-actions[bot]', id: 41898282 }),
        pull_request_review_id: review.id,
        diff_hunk: '@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two'
      }),
      expect.objectContaining({ commit_id: HEAD_SHA, position: 5, line: 4, original_line: 4 })
    ])
    // GitHub refuses a line the diff does not show, and takes nothing of the review.
    await expect(
      octokit.rest.pulls.createReview({ ...repo, pull_number: 7, event: 'COMMENT', body: 'x', comments: [{ path: 'src/a.ts', line: 9, body: 'outside' }] })
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: ['Line could not be resolved'] } } })
    expect(gh.reviews).toHaveLength(1)

    // A push that leaves both lines as they were: both move to the new head.
    const B = gh.setHead(undefined, { contents: { 'README.md': 'hello\n' } })
    expect((await list()).map(c => [c.commit_id, c.original_commit_id, c.line, c.position])).toEqual([
      [B, HEAD_SHA, 2, 3],
      [B, HEAD_SHA, 4, 5]
    ])
    // A push that changes line 4: that comment is outdated and stays on B; the other moves on.
    const C = gh.setHead(undefined, { contents: { 'src/a.ts': A.replace('line 4\n', 'line four\n') } })
    expect((await list()).map(c => [c.commit_id, c.original_commit_id, c.line, c.original_line, c.position])).toEqual([
      [C, HEAD_SHA, 2, 2, 3],
      [B, HEAD_SHA, null, 4, null]
    ])
    // A force-push that drops the change: the first goes outdated too.
    gh.setHead(undefined, { parent: BASE_SHA, contents: { 'other.ts': 'x\n' } })
    expect((await list()).map(c => [c.commit_id, c.line])).toEqual([
      [C, null],
      [B, null]
    ])
  })

  it('answers a single line comment and a reply, each in a review of its own', async () => {
    const { gh, octokit } = await pullRequest()
    const { data: first } = await octokit.rest.pulls.createReviewComment({
      ...repo,
      pull_number: 7,
      commit_id: HEAD_SHA,
      path: 'src/a.ts',
      line: 1,
      body: 'first'
    })
    expect(first).toMatchObject({ line: 1, position: 1, side: 'RIGHT', commit_id: HEAD_SHA })
    const { data: reply } = await octokit.rest.pulls.createReplyForReviewComment({ ...repo, pull_number: 7, comment_id: first.id, body: 'reply' })
    expect(reply).toMatchObject({ in_reply_to_id: first.id, path: 'src/a.ts', line: 1 })
    await expect(
      octokit.rest.pulls.createReviewComment({ ...repo, pull_number: 7, commit_id: HEAD_SHA, path: 'nowhere.ts', line: 1, body: 'x' })
    ).rejects.toMatchObject({ status: 422 })
    expect(gh.reviews.map(r => r.state)).toEqual(['COMMENTED', 'COMMENTED'])
  })

  it('failAfterEffect makes the review and then answers 502, so a retrying client posts it twice', async () => {
    const { gh } = await pullRequest()
    const review = {
      ...repo,
      pull_number: 7,
      commit_id: HEAD_SHA,
      event: 'COMMENT' as const,
      body: 'once',
      comments: [{ path: 'src/a.ts', line: 2, body: 'note' }]
    }
    gh.failAfterEffect(502, 1, /^POST .*\/reviews$/)
    await expect(getOctokit('ghs_test', { baseUrl: gh.url }).rest.pulls.createReview(review)).rejects.toMatchObject({ status: 502 })
    expect(gh.reviews).toHaveLength(1)
    expect(gh.reviewComments).toHaveLength(1)
    // failWith answers before the effect: nothing is made.
    gh.failWith(502, 1, {}, /^POST .*\/reviews$/)
    await expect(getOctokit('ghs_test', { baseUrl: gh.url }).rest.pulls.createReview(review)).rejects.toMatchObject({ status: 502 })
    expect(gh.reviews).toHaveLength(1)
    gh.failAfterEffect(502, 1, /^POST .*\/reviews$/)
    const retrying = getOctokit('ghs_test', { baseUrl: gh.url, retry: { retryAfterBaseValue: 1 } }, retry)
    expect((await retrying.rest.pulls.createReview(review)).status).toBe(200)
    expect(gh.reviews.map(r => r.body)).toEqual(['once', 'once', 'once'])
    // A refused request is answered as it is and does not use the fault up.
    gh.failAfterEffect(502, 1)
    await expect(retrying.rest.pulls.get({ ...repo, pull_number: 8 })).rejects.toMatchObject({ status: 404 })
    await expect(getOctokit('ghs_test', { baseUrl: gh.url }).rest.issues.createComment({ ...repo, issue_number: 7, body: 'hi' })).rejects.toMatchObject({
      status: 502
    })
    expect(gh.comments.map(c => c.body)).toEqual(['hi'])
  })
})

describe('github-api: check runs and commit statuses', () => {
  const repo = { owner: 'octo-org', repo: 'octo-repo' }
  const annotation = (i: number) => ({ path: 'src/a.ts', start_line: i + 1, end_line: i + 1, annotation_level: 'warning' as const, message: `finding ${i}` })

  it('creates a run with up to 50 annotations, appends more on update, lists runs and annotations', async () => {
    const gh = await started(startGitHubApi({ pullNumber: 7 }))
    const octokit = getOctokit('ghs_test', { baseUrl: gh.url })
    const create = (n: number, name = 'Claude review') =>
      octokit.rest.checks.create({
        ...repo,
        name,
        head_sha: HEAD_SHA,
        status: 'in_progress',
        output: { title: 'Review', summary: 'Findings', annotations: Array.from({ length: n }, (_, i) => annotation(i)) }
      })
    await expect(create(51)).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.' } }
    })
    const { data: run } = await create(50)
    expect(run).toMatchObject({
      name: 'Claude review',
      head_sha: HEAD_SHA,
      status: 'in_progress',
      conclusion: null,
      output: { title: 'Review', annotations_count: 50 },
      app: { slug: 'github-actions' }
    })
    expect(run.pull_requests).toEqual([expect.objectContaining({ number: 7 })])
    await expect(
      octokit.rest.checks.update({
        ...repo,
        check_run_id: run.id,
        output: { title: 'Review', summary: 'x', annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) }
      })
    ).rejects.toMatchObject({ status: 422 })
    const { data: done } = await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      conclusion: 'neutral',
      output: { title: 'Review', summary: 'All findings', annotations: Array.from({ length: 30 }, (_, i) => annotation(50 + i)) }
    })
    expect(done).toMatchObject({
      status: 'completed',
      conclusion: 'neutral',
      completed_at: expect.any(String),
      output: { summary: 'All findings', annotations_count: 80 }
    })
    const annotations = await octokit.paginate(octokit.rest.checks.listAnnotations, { ...repo, check_run_id: run.id, per_page: 30 })
    expect(annotations.map(a => a.message)).toEqual(Array.from({ length: 80 }, (_, i) => `finding ${i}`))
    expect(annotations[0]).toMatchObject({
      path: 'src/a.ts',
      start_line: 1,
      end_line: 1,
      annotation_level: 'warning',
      blob_href: expect.stringContaining(HEAD_SHA)
    })

    await create(0, 'Other check')
    const { data: all } = await octokit.rest.checks.listForRef({ ...repo, ref: HEAD_SHA })
    expect(all.total_count).toBe(2)
    const { data: named } = await octokit.rest.checks.listForRef({ ...repo, ref: 'feature-7', check_name: 'Claude review' })
    expect(named).toMatchObject({ total_count: 1, check_runs: [{ id: run.id, conclusion: 'neutral' }] })
    expect((await octokit.rest.checks.get({ ...repo, check_run_id: run.id })).data.output.annotations_count).toBe(80)
    expect(gh.checkRuns.map(c => [c.name, c.annotations.length])).toEqual([
      ['Claude review', 80],
      ['Other check', 0]
    ])
    await expect(octokit.rest.checks.create({ ...repo, name: 'x', head_sha: 'f'.repeat(40) })).rejects.toMatchObject({ status: 422 })
    await expect(octokit.rest.checks.create({ ...repo, name: 'x', head_sha: HEAD_SHA, status: 'completed' })).rejects.toMatchObject({ status: 422 })
  })

  it('refuses check runs to a token without checks: write and to a personal token, as GitHub does', async () => {
    const gh = await started(startGitHubApi({ permissions: { checks: 'read' } }))
    const run = { ...repo, name: 'Claude review', head_sha: HEAD_SHA }
    await expect(getOctokit('ghs_test', { baseUrl: gh.url }).rest.checks.create(run)).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } }
    })
    expect((await getOctokit('ghs_test', { baseUrl: gh.url }).rest.checks.listForRef({ ...repo, ref: HEAD_SHA })).data.total_count).toBe(0)
    gh.setTokenPermissions({ checks: 'write' })
    expect((await getOctokit('ghs_test', { baseUrl: gh.url }).rest.checks.create(run)).status).toBe(201)
    const personal = await started(startGitHubApi({ user: { login: 'octocat', id: 1, type: 'User' } }))
    await expect(getOctokit('ghp_test', { baseUrl: personal.url }).rest.checks.create(run)).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'You must authenticate via a GitHub App.' } }
    })
    expect(gh.checkRuns).toHaveLength(1)
    expect(personal.checkRuns).toHaveLength(0)
  })

  it('records commit statuses and combines the latest of each context', async () => {
    const gh = await started(startGitHubApi())
    const octokit = getOctokit('ghs_test', { baseUrl: gh.url })
    const { data: pending } = await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: HEAD_SHA,
      state: 'pending',
      context: 'claude',
      description: 'Reviewing'
    })
    expect(pending).toMatchObject({ state: 'pending', context: 'claude', description: 'Reviewing', creator: { login: 'github-actions[bot]' } })
    await octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD_SHA, state: 'success', context: 'claude', target_url: 'https://example.com/run/1' })
    expect((await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: HEAD_SHA })).data.map(s => s.state)).toEqual(['success', 'pending'])
    expect((await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: HEAD_SHA })).data).toMatchObject({ state: 'success', total_count: 1 })
    await expect(octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD_SHA, state: 'bogus' as 'success' })).rejects.toMatchObject({ status: 422 })
    await expect(octokit.rest.repos.createCommitStatus({ ...repo, sha: 'f'.repeat(40), state: 'success' })).rejects.toMatchObject({ status: 422 })
    gh.setTokenPermissions({ statuses: 'read' })
    await expect(octokit.rest.repos.createCommitStatus({ ...repo, sha: HEAD_SHA, state: 'success' })).rejects.toMatchObject({ status: 403 })
    expect(gh.statuses.map(s => [s.sha, s.state, s.context])).toEqual([
      [HEAD_SHA, 'pending', 'claude'],
      [HEAD_SHA, 'success', 'claude']
    ])
  })
})

describe('model', () => {
  it('streams SSE for the Claude API', async () => {
    const model = await started(startModel({ text: 'hi there' }))
    const res = await fetch(`${model.url}/v1/messages?beta=true`, {
      method: 'POST',
      body: JSON.stringify({ model: 'claude-x', stream: true, max_tokens: 5, messages: [], tools: [{ name: 't' }] })
    })
    const events = (await res.text())
      .split('\n\n')
      .filter(Boolean)
      .map(e => JSON.parse(e.split('\ndata: ')[1]))
    expect(events.map(e => e.type)[0]).toBe('message_start')
    expect(
      events
        .filter(e => e.delta?.type === 'text_delta')
        .map(e => e.delta.text)
        .join('')
    ).toBe('hi there')
    expect(model.requests[0]).toMatchObject({ provider: 'anthropic', model: 'claude-x', main: true })
  })

  it('frames Bedrock event-stream messages with valid CRCs and reads SigV4 scope', async () => {
    const model = await started(startModel({ turns: [{ toolUse: { name: 'Bash', input: { command: 'echo hi' } } }] }))
    const res = await fetch(`${model.url}/model/${encodeURIComponent('us.anthropic.claude-x-v1:0')}/invoke-with-response-stream`, {
      method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260101/eu-west-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' },
      body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 5, messages: [], tools: [{ name: 'Bash' }] })
    })
    const buf = Buffer.from(await res.arrayBuffer())
    const events = []
    for (let at = 0; at < buf.length;) {
      const total = buf.readUInt32BE(at)
      const headersLength = buf.readUInt32BE(at + 4)
      expect(buf.readUInt32BE(at + 8)).toBe(zlib.crc32(buf.subarray(at, at + 8)))
      expect(buf.readUInt32BE(at + total - 4)).toBe(zlib.crc32(buf.subarray(at, at + total - 4)))
      const payload = JSON.parse(buf.subarray(at + 12 + headersLength, at + total - 4).toString())
      events.push(JSON.parse(Buffer.from(payload.bytes, 'base64').toString()))
      at += total
    }
    expect(events.find(e => e.type === 'message_delta').delta.stop_reason).toBe('tool_use')
    expect(model.requests[0]).toMatchObject({ provider: 'bedrock', model: 'us.anthropic.claude-x-v1:0', region: 'eu-west-1', accessKeyId: 'ASIAEXAMPLE' })
  })

  it('answers Vertex probes with JSON and applies overrides', async () => {
    const model = await started(startModel())
    const base = `${model.url}/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-x`
    const probe = await fetch(`${base}:rawPredict`, { method: 'POST', body: JSON.stringify({ max_tokens: 1, messages: [] }) })
    expect(await probe.json()).toMatchObject({ type: 'message', content: [{ type: 'text' }] })
    model.respondWith(r => (r.stream ? { status: 429 } : undefined))
    const main = await fetch(`${base}:streamRawPredict`, { method: 'POST', body: JSON.stringify({ stream: true, messages: [] }) })
    expect(main.status).toBe(429)
    expect(model.requests.map(r => [r.provider, r.project, r.region])).toEqual([
      ['vertex', 'p1', 'us-east5'],
      ['vertex', 'p1', 'us-east5']
    ])
  })
})

describe('model: SigV4 verification', () => {
  /** @smithy/signature-v4 wants a hash class; node:crypto is the same SHA-256 and HMAC. */
  class Sha256 {
    private readonly hash: Hash | Hmac
    constructor(secret?: SourceData) {
      this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256')
    }
    update(data: SourceData) {
      this.hash.update(bytes(data))
    }
    async digest() {
      return new Uint8Array(this.hash.digest())
    }
  }
  const bytes = (d: SourceData) =>
    typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d)
  const issued = {
    accessKeyId: 'ASIASTANDINEXAMPLE01',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYSTANDIN0001',
    sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//token+='
  }

  /** Signs like the CLI's Bedrock client (the SDK's own signer), then sends the request as signed. */
  async function signedFetch(
    url: string,
    path: string,
    init: { method: string; body?: string; query?: Record<string, string> },
    credentials = issued,
    sendBody = init.body
  ) {
    const { hostname, port } = new URL(url)
    const signer = new SignatureV4({ credentials, region: 'eu-west-1', service: 'bedrock', sha256: Sha256 })
    const signed = await signer.sign({
      method: init.method,
      protocol: 'http:',
      hostname,
      port: Number(port),
      path,
      query: init.query ?? {},
      headers: {
        host: `${hostname}:${port}`,
        'content-type': 'application/json',
        ...(init.body ? { 'content-length': String(Buffer.byteLength(init.body)) } : {})
      },
      body: init.body
    })
    const { host: _host, ...headers } = signed.headers
    // Encoded as the SDKs do (%20, not the form encoding's +).
    const query = Object.entries(init.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')
    return fetch(`${url}${path}${query ? `?${query}` : ''}`, { method: init.method, headers, body: sendBody })
  }

  it('accepts what @smithy/signature-v4 signs with the issued secret and session token', async () => {
    const model = await started(startModel({ awsSecretFor: id => (id === issued.accessKeyId ? issued : undefined) }))
    // A colon in the model id: the path is encoded once on the wire and once more in the canonical request.
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1, messages: [{ role: 'user', content: 'hi (there)!' }] })
    const invoke = await signedFetch(model.url, `/model/${encodeURIComponent('us.anthropic.claude-x-v1:0')}/invoke`, { method: 'POST', body })
    expect(invoke.status).toBe(200)
    const list = await signedFetch(model.url, '/inference-profiles', { method: 'GET', query: { type: 'SYSTEM_DEFINED', maxResults: '10 per page' } })
    expect(list.status).toBe(404)
    expect(model.requests.map(r => [r.path, r.signatureValid, r.accessKeyId, r.region])).toEqual([
      ['/model/us.anthropic.claude-x-v1%3A0/invoke', true, issued.accessKeyId, 'eu-west-1'],
      ['/inference-profiles', true, issued.accessKeyId, 'eu-west-1']
    ])
  })

  it.each([
    [
      'another secret',
      { ...issued, secretAccessKey: `${issued.secretAccessKey}x` },
      undefined,
      'InvalidSignatureException',
      'The request signature we calculated does not match'
    ],
    [
      'another session token',
      { ...issued, sessionToken: 'IQoJb3JpZ2luX2VjOTHER' },
      undefined,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    ],
    [
      'a key STS never issued',
      { ...issued, accessKeyId: 'ASIANEVERISSUED00000' },
      undefined,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    ],
    ['a body changed after signing', issued, '{"max_tokens":2}', 'InvalidSignatureException', 'The request signature we calculated does not match']
  ])("answers Bedrock's 403 to a request signed with %s", async (_case, credentials, sendBody, type, message) => {
    const model = await started(startModel({ awsSecretFor: id => (id === issued.accessKeyId ? issued : undefined) }))
    const body = '{"max_tokens":1}'
    const res = await signedFetch(model.url, '/model/claude-x/invoke', { method: 'POST', body }, credentials, sendBody ?? body)
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${type}:`))
    expect(((await res.json()) as { message: string }).message).toContain(message)
    expect(model.requests[0]).toMatchObject({ signatureValid: false, signatureProblem: expect.stringContaining(type) })
  })

  it('verifies nothing without a secret lookup, as before', async () => {
    const model = await started(startModel())
    const res = await signedFetch(model.url, '/model/claude-x/invoke', { method: 'POST', body: '{"max_tokens":1}' }, { ...issued, secretAccessKey: 'any' })
    expect(res.status).toBe(200)
    expect(model.requests[0].signatureValid).toBeNull()
  })
})
