// npm run demo [-- --provider anthropic|bedrock|vertex|foundry]
// Runs the bundled action (dist/index.js) the way the GitHub runner does, on a pull request, against
// loopback stand-ins of GitHub OIDC and its REST API, AWS STS (moto when installed), Google STS/IAM,
// Microsoft Entra and the model APIs, with the real Claude Code CLI (installed by the action into
// .cache/tool-cache on first use). Prints the inputs, the step log as the runner would show it, the
// step outputs, the job summary, and what lands on the pull request: the sticky comment and the review
// with its line comments. Removes every directory it made.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HEAD_SHA, startEntra, startGitHubApi, startGoogle, startModel, startMoto, startOidc, startSts, writeCaBundle } from '../__tests__/stand-ins/index.js'
import { runAction, TOOL_CACHE, visibleLog } from '../__tests__/support/runner.js'

const PROVIDERS = ['anthropic', 'bedrock', 'vertex', 'foundry']
const flag = process.argv.indexOf('--provider')
const chosen = flag === -1 ? PROVIDERS : [process.argv[flag + 1]]
if (chosen.some(p => !PROVIDERS.includes(p))) {
  console.error(`usage: npm run demo -- --provider ${PROVIDERS.join('|')}`)
  process.exit(2)
}

console.log('Demo: the model is a loopback stand-in that answers from a script, so the answers, the tokens and the')
console.log('cost below are made up; no request leaves 127.0.0.1 and nothing is billed.')
if (!existsSync(path.join(TOOL_CACHE, 'claude-code'))) {
  console.log(`The first run installs the real Claude Code CLI from npm into ${TOOL_CACHE} (a few hundred MB); later runs reuse it.`)
}

const PR_NUMBER = 7
/** The pull request's one changed file: RIGHT lines 1-6 and 22-25 are in the diff. */
const PATCH = [
  '@@ -1,4 +1,6 @@',
  ' import { run } from "./main.js"',
  '-run()',
  '+const options = parse(process.argv)',
  '+if (options.verbose) console.log(options)',
  '+run(options)',
  ' ',
  ' export {}',
  '@@ -20,3 +22,4 @@ function parse(argv) {',
  '   const x = argv[2]',
  '+  const y = argv[3]',
  '   return { x }',
  ' }'
].join('\n')
const FILES = [{ filename: 'src/index.ts', status: 'modified', additions: 4, deletions: 1, patch: PATCH }]

const PROMPT = 'Review this pull request. Put findings on specific lines as line comments; end with a short summary.'
const REVIEW_TOOL = 'mcp__action_review__add_comment'
// The stand-in model answers like Claude would: a look around, two line comments through the action's
// review tool (one with a suggested change), then the summary that becomes the sticky comment.
const TURNS = [
  { text: 'Let me look.', toolUse: { name: 'Bash', input: { command: 'ls' } } },
  { toolUse: { name: REVIEW_TOOL, input: { path: 'src/index.ts', line: 3, body: 'This logs the whole options object, tokens included, in CI logs.' } } },
  {
    toolUse: {
      name: REVIEW_TOOL,
      input: { path: 'src/index.ts', start_line: 22, line: 23, body: 'Read both arguments at once:\n\n```suggestion\n  const [x, y] = argv.slice(2)\n```' }
    }
  },
  { text: '**Two findings**, both on the changed lines: a log line that prints secrets, and a small simplification.' }
]

/** Each provider's stand-ins (the model among them), inputs and env. */
const setups = {
  async anthropic() {
    const model = await startModel({ turns: TURNS })
    return {
      model,
      inputs: { 'anthropic-api-key': 'sk-ant-demo-not-a-real-key', model: 'claude-sonnet-4-5' },
      env: { ANTHROPIC_BASE_URL: model.url },
      close: []
    }
  },
  async bedrock() {
    const model = await startModel({ turns: TURNS })
    const oidc = await startOidc()
    const moto = await startMoto()
    const sts = moto ?? (await startSts())
    console.log(`STS: ${moto ? 'moto_server' : 'the project STS stand-in (moto_server not found)'} at ${sts.url}`)
    return {
      model,
      inputs: {
        provider: 'bedrock',
        region: 'us-east-1',
        'role-to-assume': 'arn:aws:iam::123456789012:role/claude-code-ci',
        'sts-endpoint': sts.url,
        'fallback-regions': 'us-west-2',
        // A cross-region inference profile: what real Bedrock takes for current Claude models.
        model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'
      },
      env: { ANTHROPIC_BEDROCK_BASE_URL: model.url, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken },
      close: [oidc, sts]
    }
  },
  async vertex() {
    const model = await startModel({ turns: TURNS })
    const oidc = await startOidc()
    const provider = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/demo-repo'
    // Google STS is asked for //iam.googleapis.com/<provider>; the OIDC token's own audience is https://…
    const google = await startGoogle({ expectedAudience: `//iam.googleapis.com/${provider}` })
    return {
      model,
      inputs: {
        provider: 'vertex',
        region: 'us-east5',
        'workload-identity-provider': provider,
        'service-account': 'claude-ci@demo-project.iam.gserviceaccount.com',
        'sts-endpoint': google.stsUrl,
        'iam-credentials-endpoint': google.iamUrl,
        model: 'claude-sonnet-4-5@20250929'
      },
      env: { ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken },
      close: [oidc, google]
    }
  },
  async foundry() {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'
    const clientId = '11111111-2222-4333-8444-555555555555'
    const subject = `repo:octo-org/octo-repo:pull_request`
    const oidc = await startOidc({ subject })
    // Entra over TLS, trusted as a runner trusts a corporate CA; the model lets in only tokens Entra issued.
    const entra = await startEntra({ tenantId, clientId, subjects: [subject], validAssertion: jwt => oidc.issued.includes(jwt) })
    const model = await startModel({ turns: TURNS, foundry: { tokenExpiry: token => entra.tokenExpiry(token), deployments: ['claude-sonnet-4-5'] } })
    const caDir = mkdtempSync(path.join(os.tmpdir(), 'cca-demo-ca-'))
    return {
      model,
      inputs: {
        provider: 'foundry',
        'foundry-base-url': `${model.url}/anthropic`,
        'azure-client-id': clientId,
        'azure-tenant-id': tenantId,
        model: 'claude-sonnet-4-5'
      },
      env: {
        AZURE_AUTHORITY_HOST: entra.url,
        NODE_EXTRA_CA_CERTS: writeCaBundle(path.join(caDir, 'ca.pem'), process.env.NODE_EXTRA_CA_CERTS),
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
      },
      close: [oidc, entra, { close: async () => rmSync(caDir, { recursive: true, force: true }) }]
    }
  }
}

/** The pull_request event the runner would hand the step. */
function pullRequestEvent(dir) {
  const repository = { id: 1, name: 'octo-repo', full_name: 'octo-org/octo-repo', owner: { login: 'octo-org', id: 2, type: 'Organization' } }
  const pullRequest = {
    number: PR_NUMBER,
    head: { ref: 'feature-7', sha: HEAD_SHA, repo: repository },
    base: { ref: 'main', sha: 'b'.repeat(40), repo: repository }
  }
  const file = path.join(dir, 'event.json')
  writeFileSync(file, JSON.stringify({ action: 'synchronize', number: PR_NUMBER, pull_request: pullRequest, repository }))
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file, GITHUB_REF: `refs/pull/${PR_NUMBER}/merge` }
}

let failed = false
for (const provider of chosen) {
  console.log(`\n━━━ provider: ${provider} ━━━`)
  const setup = await setups[provider]()
  const github = await startGitHubApi({ files: FILES })
  const eventDir = mkdtempSync(path.join(os.tmpdir(), 'cca-demo-event-'))
  let dir
  try {
    const inputs = { prompt: PROMPT, 'allowed-tools': 'Bash(ls:*)', 'comment-on-pr': 'true', 'review-comments': 'true', ...setup.inputs }
    console.log('── inputs (with:) ──')
    for (const [name, value] of Object.entries(inputs)) console.log(`${name.padEnd(28)} ${value}`)
    const run = await runAction({
      inputs,
      env: { ...setup.env, CLAUDE_CODE_MAX_RETRIES: '0', GITHUB_API_URL: github.url, ...pullRequestEvent(eventDir) },
      prepare: workspace => writeFileSync(path.join(workspace, 'README.md'), '# demo\n')
    })
    dir = run.dir
    console.log('\n── step log ──')
    console.log(renderLog(visibleLog(run)))
    console.log('── step outputs ──')
    for (const [name, value] of Object.entries(run.outputs)) {
      // The post step has removed the execution file by now; a path to nothing would mislead.
      const shown = name === 'execution-file' ? '(in RUNNER_TEMP during the job; removed by the post step)' : value.split('\n')[0]
      console.log(`${name.padEnd(28)} ${shown}`)
    }
    console.log('── job summary ──')
    console.log(run.summary.trim())
    console.log('── exported for later steps ──')
    for (const [name, value] of Object.entries(run.exportedEnv)) console.log(`${name}=${value}`)
    console.log(
      `── model requests: ${setup.model.requests
        .filter(r => r.provider)
        .map(r => `${r.method} ${r.path}`)
        .join(', ')}`
    )
    for (const comment of github.comments) console.log(`\n── sticky comment on pull request #${PR_NUMBER} ──\n${renderMarkdown(comment.body)}`)
    for (const review of github.reviews) console.log(`\n${renderReview(review)}`)
    if (run.exitCode !== 0 || github.comments.length !== 1 || github.reviews.length !== 1) failed = true
  } finally {
    await Promise.all([setup.model.close(), github.close(), ...setup.close.map(s => s.close())])
    // The runner's directories (workspace, HOME, RUNNER_TEMP, file commands) go with the demo.
    for (const made of [dir, eventDir]) if (made) rmSync(made, { recursive: true, force: true })
  }
}
process.exit(failed ? 1 : 0)

/** Shows the log the way the Actions UI does: groups folded to their title, commands hidden. */
function renderLog(log) {
  const lines = []
  let depth = 0
  for (const line of log.split('\n')) {
    if (line.startsWith('::group::')) {
      if (depth++ === 0) lines.push(`▸ ${line.slice(9)}`)
    } else if (line.startsWith('::endgroup::')) {
      depth = Math.max(0, depth - 1)
    } else if (depth === 0 && line.trim() && !/^::(debug::|stop-commands::|[0-9a-f-]{36}::)/.test(line)) {
      lines.push(line.replace(/^::(error|warning|notice)[^:]*::/, (_, kind) => `${kind.toUpperCase()}: `).replace(/%0A/g, '\n'))
    }
  }
  return lines.join('\n')
}

/** Markdown as a terminal shows it: the hidden marker gone, headings and bold plain, tables and code kept. */
function renderMarkdown(markdown) {
  return markdown
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/^#{1,6} (.*)$/gm, (_, title) => `${title}\n${'─'.repeat(Math.min(60, title.length))}`)
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .trim()
}

/** The review as GitHub shows it: each line comment under the lines of the diff it sits on. */
function renderReview(review) {
  const out = [`── review on pull request #${PR_NUMBER} (${review.comments.length} line comments, commit ${review.commit_id.slice(0, 7)}) ──`]
  if (review.body) out.push(renderMarkdown(review.body), '')
  const lines = patchLines(PATCH)
  for (const comment of review.comments) {
    const first = comment.start_line ?? comment.line
    out.push(`${comment.path}, line${first === comment.line ? ` ${comment.line}` : `s ${first}-${comment.line}`}:`)
    for (const { line, text } of lines.filter(l => l.line >= first - 1 && l.line <= comment.line)) {
      out.push(`  ${line >= first ? '▶' : ' '} ${String(line).padStart(3)} │ ${text}`)
    }
    const body = comment.body.replace(/```suggestion\n([\s\S]*?)\n?```/g, (_, code) => `Suggested change:\n${code.replace(/^/gm, '  + ')}`)
    out.push(
      ...body
        .trimEnd()
        .split('\n')
        .map(line => `      ${line}`.trimEnd()),
      ''
    )
  }
  return out.join('\n').trimEnd()
}

/** The new file's lines a patch shows, with their numbers. */
function patchLines(patch) {
  const lines = []
  let line = 0
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text)
    if (hunk) line = Number(hunk[1])
    else if (!text.startsWith('-')) lines.push({ line: line++, text })
  }
  return lines
}
