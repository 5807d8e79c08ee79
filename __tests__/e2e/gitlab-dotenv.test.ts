// The Bedrock merge request review of examples/gitlab/ sets 25 outputs (the note, the review, the
// assumed role's account): outputs.json holds them all, and outputs.env, GitLab's dotenv report, stays
// within GitLab's rules: at most 20 variables, at most 5 KB, and no `$` that a later job would expand.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startGitLabApi } from '../stand-ins/index.js'
import { ROLE_ARN, startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { FAKE_GITLAB_TOKEN, PROJECT_ID, PROJECT_PATH, runCommand } from '../support/command-runner.js'
import { PATCH, REVIEW_TURNS } from '../support/review-script.js'

const MR_IID = 12
const RESULT = 'Two findings, both on the lines; the job needs $AWS_REGION set.'

let world: BedrockWorld | undefined
let gitlab: Awaited<ReturnType<typeof startGitLabApi>> | undefined

afterEach(async () => {
  await world?.close()
  await gitlab?.close()
  world = gitlab = undefined
})

test('a 25-output Bedrock MR review writes all 25 to outputs.json and the chosen 19, $ escaped, to a dotenv under 5 KB', async () => {
  world = await startBedrockWorld({
    oidc: { issuer: 'https://gitlab.com', subject: `project_path:${PROJECT_PATH}:ref_type:branch:ref:feature`, claims: { project_path: PROJECT_PATH } },
    turns: REVIEW_TURNS,
    text: RESULT
  })
  gitlab = await startGitLabApi({
    mergeRequests: [
      {
        iid: MR_IID,
        diffRefs: { base_sha: 'a'.repeat(40), start_sha: 'b'.repeat(40), head_sha: 'c'.repeat(40) },
        diffs: [{ old_path: 'src/index.ts', new_path: 'src/index.ts', diff: `${PATCH}\n` }]
      }
    ]
  })
  const run = await runCommand({
    // The example's flags, with the stand-ins' endpoints.
    args: [
      '--provider',
      'bedrock',
      '--region',
      'us-east-1',
      '--role-to-assume',
      ROLE_ARN,
      '--id-token-env',
      'CLAUDE_ID_TOKEN',
      '--sts-endpoint',
      world.stsUrl,
      '--model',
      'claude-sonnet-4-5',
      '--max-turns',
      '30',
      '--comment-on-pr',
      '--review-comments',
      '--prompt',
      'Review the changes of this merge request.'
    ],
    env: {
      CLAUDE_ID_TOKEN: world.oidc.mint('sts.amazonaws.com'),
      ANTHROPIC_BEDROCK_BASE_URL: world.model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      CI_API_V4_URL: gitlab.apiUrl,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: String(MR_IID),
      GITLAB_TOKEN: FAKE_GITLAB_TOKEN
    }
  })

  expect(run.exitCode).toBe(0)
  expect(run.stderr).not.toMatch(/Warning|Error/)
  expect(gitlab.publishes).toHaveLength(1)
  expect(Object.keys(run.outputs).sort()).toEqual(
    [
      'api-retries',
      'aws-account-id',
      'cache-creation-input-tokens',
      'cache-read-input-tokens',
      'comment-url',
      'conclusion',
      'cost-usd',
      'duration-ms',
      'execution-file',
      'input-tokens',
      'is-error',
      'model',
      'num-turns',
      'output-tokens',
      'permission-denials',
      'provider',
      'region',
      'regions',
      'result',
      'review-comments',
      'review-url',
      'session-id',
      'subtype',
      'throttled',
      'verdict'
    ].sort()
  )

  const report = readFileSync(path.join(run.outputDir, 'outputs.env'), 'utf8')
  expect(Buffer.byteLength(report)).toBeLessThanOrEqual(5 * 1024)
  // One NAME=value a line, each name as GitLab accepts it.
  for (const line of report.trimEnd().split('\n')) expect(line).toMatch(/^[A-Z_][A-Z0-9_]*=[^\n]*$/)
  // Every output but the three a later job does not need (structured-output, the twentieth, was not set).
  const names = Object.keys(run.dotenv)
  expect(names).toHaveLength(19)
  expect(names.filter(n => ['CLAUDE_API_RETRIES', 'CLAUDE_AWS_ACCOUNT_ID', 'CLAUDE_EXECUTION_FILE'].includes(n))).toEqual([])
  expect(run.dotenv).toMatchObject({
    CLAUDE_CONCLUSION: 'success',
    CLAUDE_RESULT: 'Two findings, both on the lines; the job needs $$AWS_REGION set.',
    CLAUDE_COST_USD: run.outputs['cost-usd'],
    CLAUDE_INPUT_TOKENS: run.outputs['input-tokens'],
    CLAUDE_OUTPUT_TOKENS: run.outputs['output-tokens'],
    CLAUDE_SESSION_ID: run.outputs['session-id'],
    CLAUDE_REGION: 'us-east-1',
    CLAUDE_COMMENT_URL: run.outputs['comment-url'],
    CLAUDE_REVIEW_URL: `https://gitlab.com/${PROJECT_PATH}/-/merge_requests/${MR_IID}/diffs`,
    CLAUDE_REVIEW_COMMENTS: '2'
  })
  expect(run.outputs.result).toBe(RESULT)
  expect(run.outputs['comment-url']).toMatch(new RegExp(`/merge_requests/${MR_IID}#note_\\d+$`))
  expect(gitlab.requests.some(r => r.path === `/api/v4/projects/${PROJECT_ID}/merge_requests/${MR_IID}/draft_notes/bulk_publish`)).toBe(true)
})
