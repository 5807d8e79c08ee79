// The sticky comment's pure parts: marker, body, cutting to GitHub's limit, error wording.
import { COMMENT_LIMIT, fitToComment, openFence, renderComment, stickyMarker, stickyTarget } from '../../../src/report/sticky-comment.js'
import { gitHubRunLink } from '../../../src/code-hosts/github/comments.js'

/** The marker and target of a GitHub workflow run's env, as the GitHub code host builds them. */
const commentMarker = (tag: string, env: NodeJS.ProcessEnv) => stickyMarker(tag, gitHubRunLink(env))
const commentTarget = (tag: string, env: NodeJS.ProcessEnv) => {
  const { marker, runUrl, label } = stickyTarget(tag, gitHubRunLink(env))
  return { marker, runUrl, label }
}
import { describeGitHubError } from '../../../src/code-hosts/github/client.js'
import { setupFailureReport } from '../../../src/report/publish.js'
import type { RunReport } from '../../../src/report/run-report.js'
import { addSecret } from '../../../src/platform/secrets.js'

const ENV = {
  GITHUB_SERVER_URL: 'https://github.example.com',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_RUN_ID: '99',
  GITHUB_WORKFLOW: 'Claude review',
  GITHUB_JOB: 'review'
}

function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    conclusion: 'success',
    isError: false,
    subtype: 'success',
    result: 'All good.',
    numTurns: 2,
    durationMs: 1500,
    costUsd: 0.0123,
    usage: { inputTokens: 10, outputTokens: 20, cacheReadInputTokens: 300, cacheCreationInputTokens: 40 },
    model: 'claude-sonnet-4-5',
    provider: 'bedrock',
    region: 'us-east-1',
    executionFile: '/tmp/x/execution.jsonl',
    attempts: [{ region: 'us-east-1', subtype: 'success', isError: false, costUsd: 0.0123, durationMs: 1500 }],
    ...overrides
  }
}

describe('commentMarker', () => {
  test('keys on workflow, job and tag, and cannot be closed early by their values', () => {
    expect(commentMarker('', ENV)).toBe('<!-- claude-cloud-action sticky-comment workflow=Claude%20review job=review tag= -->')
    expect(commentMarker('security-review', ENV)).toBe('<!-- claude-cloud-action sticky-comment workflow=Claude%20review job=review tag=security-review -->')
    const hostile = commentMarker('', { ...ENV, GITHUB_WORKFLOW: 'x --> <b>y</b>' })
    expect(hostile.indexOf('-->')).toBe(hostile.length - 3)
  })

  test('prefers the workflow file to its name, without the ref that changes between events', () => {
    const pr = commentMarker('', { ...ENV, GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/review.yml@refs/pull/7/merge' })
    const comment = commentMarker('', { ...ENV, GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/review.yml@refs/heads/main' })
    expect(pr).toBe('<!-- claude-cloud-action sticky-comment workflow=.github/workflows/review.yml job=review tag= -->')
    expect(comment).toBe(pr)
  })

  test('a tag is never a prefix match of another', () => {
    expect(commentMarker('a', ENV).startsWith(commentMarker('', ENV))).toBe(false)
    expect(commentMarker('ab', ENV).startsWith(commentMarker('a', ENV))).toBe(false)
  })
})

describe('renderComment', () => {
  const target = commentTarget('', ENV)

  test('marker first, then headline, result, the shared table and the run link', () => {
    const body = renderComment(report(), target)
    expect(body.startsWith(`${target.marker}\n### ✓ Claude Code succeeded\n\nAll good.\n\n| Cost |`)).toBe(true)
    expect(body).toContain('| $0.0123 | 2 | 1.5 s | `claude-sonnet-4-5` | bedrock | `us-east-1` | 10 in / 20 out / 300 cache read / 40 cache creation |')
    expect(body).toContain('[Workflow run 99](https://github.example.com/octo-org/octo-repo/actions/runs/99) · Claude review · review')
    expect(body).not.toContain('### Attempts')
  })

  test('failover attempts and the failure appear; a message equal to the result is shown once', () => {
    const failed = report({
      conclusion: 'failure',
      isError: true,
      subtype: 'error_api',
      result: 'API Error: 529 overloaded',
      failureMessage: 'API Error: 529 overloaded',
      attempts: [
        { region: 'us-east-1', subtype: 'error_api', isError: true, message: 'Too many requests', costUsd: 0, durationMs: 10 },
        { region: 'us-west-2', subtype: 'error_api', isError: true, message: 'API Error: 529 overloaded', costUsd: 0, durationMs: 10 }
      ]
    })
    const body = renderComment(failed, target)
    expect(body).toContain('### ✗ Claude Code failed (error_api)')
    expect(body.split('API Error: 529 overloaded').length - 1).toBe(2) // the result, and the attempts table
    expect(body).toContain('### Attempts')
    expect(body).toContain('| 2 | `us-west-2` | ✗ error_api |')

    const noResult = renderComment(report({ conclusion: 'failure', result: '', failureMessage: 'Claude Code exited with code 1 ```' }), target)
    expect(noResult).toContain('````text\nClaude Code exited with code 1 ```\n````')
  })

  test('a failure before Claude Code ran shows the headline, the error and the run link, and no empty table', () => {
    const body = renderComment(setupFailureReport('STS refused to let this job assume arn:aws:iam::123456789012:role/x.'), target)
    expect(body).toBe(
      `${target.marker}\n### ✗ Claude Code did not run\n\n\`\`\`text\nSTS refused to let this job assume arn:aws:iam::123456789012:role/x.\n\`\`\`\n\n\n\n` +
        '<sub>[Workflow run 99](https://github.example.com/octo-org/octo-repo/actions/runs/99) · Claude review · review</sub>\n'
    )
  })

  test('structured output is shown as JSON; an empty result says so', () => {
    expect(renderComment(report({ result: '', structuredOutput: '{"ok":true}' }), target)).toContain('```json\n{"ok":true}\n```')
    expect(renderComment(report({ result: '' }), target)).toContain('_Claude Code gave no result text._')
  })

  test('secrets are redacted before the body is cut', () => {
    const secret = 'ghs_unitTestSecretToken0123456789'
    addSecret(secret)
    const text = `${'y'.repeat(COMMENT_LIMIT - 1000)}${secret}${'z'.repeat(5000)}`
    const body = renderComment(report({ result: text }), target)
    expect(body).not.toContain(secret.slice(0, 10))
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
  })

  test.each([70_000, COMMENT_LIMIT, 1_000_000])('a %i-character result fits the limit with the table and the link', size => {
    const body = renderComment(report({ result: 'x'.repeat(size) }), target)
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 1000)
    expect(body).toContain("_… cut to fit GitHub's comment limit.")
    expect(body).toContain('| Cost | Turns |')
    expect(body).toContain('(https://github.example.com/octo-org/octo-repo/actions/runs/99)')
  })

  test('a result that just fits is not cut', () => {
    const frame = renderComment(report({ result: '' }), target).length - '_Claude Code gave no result text._'.length
    const body = renderComment(report({ result: 'x'.repeat(COMMENT_LIMIT - frame) }), target)
    expect(body.length).toBe(COMMENT_LIMIT)
    expect(body).not.toContain('cut to fit')
  })
})

describe('fitToComment', () => {
  test('closes a code block the cut leaves open, so the note and the table render', () => {
    const text = `Findings:\n\n\`\`\`diff\n${'+ line\n'.repeat(2000)}\`\`\`\n`
    const cut = fitToComment(text, 5000, 'https://run')
    expect(cut.length).toBeLessThanOrEqual(5000)
    expect(cut).toMatch(/\+ line\n```\n\n_… cut/)
    expect(openFence(cut)).toBe('')
  })

  test('never splits a surrogate pair', () => {
    const cut = fitToComment('😀'.repeat(5000), 2000, 'https://run')
    expect(cut.length).toBeLessThanOrEqual(2000)
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })
})

describe('openFence', () => {
  test.each([
    ['text', ''],
    ['```\ncode\n```', ''],
    ['```ts\ncode', '```'],
    ['~~~~\ncode\n~~~', '~~~~'],
    ['````\n```\ninner', '````'],
    ['```\na\n```\n\n~~~\nb', '~~~'],
    ['inline ```code``` here', '']
  ])('%j → %j', (markdown, fence) => {
    expect(openFence(markdown)).toBe(fence)
  })
})

describe('describeGitHubError', () => {
  const error = (status: number, message: string, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`${message} - https://docs.github.com/rest`), { status, response: { headers } })

  test.each([
    [error(403, 'Resource not accessible by integration'), 'write', /^HTTP 403, Resource not accessible by integration\. .*pull-requests: write.*forks/],
    [error(403, 'Resource not accessible by integration'), 'read', /pull-requests: read`\.$/],
    [error(403, 'API rate limit exceeded for installation ID 1.', { 'x-ratelimit-remaining': '0' }), 'write', /^GitHub's API rate limit was hit/],
    [error(403, 'You have exceeded a secondary rate limit.'), 'write', /^GitHub's API rate limit was hit/],
    [error(429, 'Too many requests'), 'write', /^GitHub's API rate limit was hit/],
    [error(401, 'Bad credentials'), 'write', /^HTTP 401, Bad credentials\. Check github-token\.$/],
    [error(502, 'Server Error'), 'write', /^HTTP 502, Server Error \(after retries\)\.$/],
    [Object.assign(new Error('This operation was aborted'), { name: 'AbortError', status: 500 }), 'write', /did not answer in time/]
  ] as const)('%s (%s)', (err, access, expected) => {
    expect(describeGitHubError(err, access)).toMatch(expected)
  })
})
