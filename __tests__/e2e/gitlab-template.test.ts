// The GitLab CI/CD template (templates/claude-cloud-action.yml) in a pipeline, run by
// gitlab-ci-local: a project whose .gitlab-ci.yml has `include: local:` with inputs, the job in the
// shell executor (the image is not pulled; `--force-shell-executor`), against loopback stand-ins.
// The template installs the action from this working tree: a local git repository tagged v1 (git),
// or its source archive from a loopback server (download), or a claude-cloud-action on the PATH (none).
//
// gitlab-ci-local needs Node.js 22 or later (it runs on the `node` devDependency's Node 24), git and rsync.
// It does not mint id_tokens:, so the JWT is given as the variable CLAUDE_ID_TOKEN, as GitLab would set it;
// and it sets GITLAB_CI=false, which a test overrides where it plays a GitLab merge request pipeline.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import yaml from 'js-yaml'
import { startGitLabApi, startModel } from '../stand-ins/index.js'
import { listen, closeServer } from '../stand-ins/http-util.js'
import { ROLE_ARN, startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { FAKE_GITLAB_TOKEN, parseDotenv } from '../support/command-runner.js'
import { INIT_EVENT, assistantEvent, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'
import { findLeaks, hostNetworkEnv, NODE24, ROOT, TOOL_CACHE } from '../support/runner.js'

const GITLAB_CI_LOCAL = path.join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js')
const TEMPLATE = path.join(ROOT, 'templates', 'claude-cloud-action.yml')
const PROJECT_REMOTE = 'https://gitlab.com/octo-group/octo-project.git'
const API_KEY = 'sk-ant-api03-e2e-gitlab-template-0123456789'

interface Archive {
  url: string
  requests: { path: string; userAgent: string }[]
  server: Server
}
let work: string
let actionRepo: string
let archive: Archive

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' })

beforeAll(async () => {
  if (!existsSync(GITLAB_CI_LOCAL))
    throw new Error('gitlab-ci-local is not installed: it is the devDependency "gitlab-ci-local": "4.75.1" (npm ci installs it).')
  if (spawnSync('rsync', ['--version']).status !== 0) throw new Error('gitlab-ci-local needs rsync on the PATH (apt-get install -y rsync).')
  work = mkdtempSync(path.join(os.tmpdir(), 'cca-gitlab-template-'))
  // claude-cloud-action as its repository holds it at a tag: package.json (an ES module package), action.yml, dist/.
  actionRepo = path.join(work, 'claude-cloud-action')
  for (const entry of ['package.json', 'action.yml', 'dist']) cpSync(path.join(ROOT, entry), path.join(actionRepo, entry), { recursive: true })
  git(actionRepo, 'init', '-q')
  git(actionRepo, 'add', '-A')
  git(actionRepo, 'commit', '-qm', 'v1')
  git(actionRepo, 'tag', 'v1')
  // Its source archive as GitHub serves it at /archive/v1.tar.gz: one folder, REPO-VERSION.
  const staging = path.join(work, 'staging')
  cpSync(actionRepo, path.join(staging, 'claude-cloud-action-1'), { recursive: true, filter: source => path.basename(source) !== '.git' })
  const tarball = execFileSync('tar', ['-czf', '-', '-C', staging, 'claude-cloud-action-1'])
  const requests: Archive['requests'] = []
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', userAgent: req.headers['user-agent'] ?? '' })
    if (req.url === '/octo/claude-cloud-action/archive/v1.tar.gz') res.writeHead(200, { 'content-type': 'application/x-gzip' }).end(tarball)
    else res.writeHead(404).end()
  })
  const url = await listen(server)
  archive = { url: `${url}/octo/claude-cloud-action`, requests, server }
}, 60_000)

afterAll(async () => {
  if (archive) await closeServer(archive.server)
  if (work) rmSync(work, { recursive: true, force: true })
})

interface Pipeline {
  exitCode: number | null
  stdout: string
  stderr: string
  /** The job's log, as gitlab-ci-local keeps it. */
  log: string
  /** The job's artifacts: outputs.json from the output dir, and the dotenv report. */
  outputs: Record<string, string>
  dotenv: Record<string, string>
  summary: string
  project: string
  /** The job as gitlab-ci-local built it from the include. */
  expandedJob: Record<string, unknown>
}

/**
 * One pipeline: .gitlab-ci.yml includes the template with `inputs`, gitlab-ci-local runs the job with
 * `variables` (what CI/CD variables would be) in the shell executor. The process env is a clean one.
 */
async function runPipeline(options: { inputs: Record<string, string | boolean>; variables?: Record<string, string>; secrets?: string[] }): Promise<Pipeline> {
  const dir = mkdtempSync(path.join(work, 'pipeline-'))
  const project = path.join(dir, 'octo-project')
  const home = path.join(dir, 'home')
  const tmp = path.join(dir, 'tmp')
  for (const d of [project, home, tmp]) mkdirSync(d, { recursive: true })
  mkdirSync(path.join(project, 'templates'))
  cpSync(TEMPLATE, path.join(project, 'templates', 'claude-cloud-action.yml'))
  writeFileSync(path.join(project, '.gitlab-ci.yml'), yaml.safeDump({ include: [{ local: 'templates/claude-cloud-action.yml', inputs: options.inputs }] }))
  writeFileSync(path.join(project, 'README.md'), '# octo-project\n')
  git(project, 'init', '-q')
  // gitlab-ci-local reads GITLAB_USER_LOGIN and friends from the checkout's git identity.
  git(project, 'config', 'user.name', 'octo-dev')
  git(project, 'config', 'user.email', 'octo-dev@example.com')
  git(project, 'add', '-A')
  git(project, 'commit', '-qm', 'init')
  git(project, 'remote', 'add', 'origin', PROJECT_REMOTE)
  git(project, 'update-ref', 'refs/remotes/origin/main', 'HEAD')
  git(project, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main')

  const jobName = String(options.inputs['job-name'] ?? 'claude-code')
  // --cwd must be relative. The predefined variables a test sets on purpose are not worth a warning.
  const args = [
    GITLAB_CI_LOCAL,
    '--cwd',
    path.basename(project),
    '--force-shell-executor',
    '--no-color',
    '--ignore-predefined-vars',
    'GITLAB_CI,CI_PIPELINE_SOURCE,CI_PROJECT_ID,CI_API_V4_URL'
  ]
  for (const [name, value] of Object.entries(options.variables ?? {})) args.push('--variable', `${name}=${value}`)
  args.push(jobName)
  const env = {
    // The job's `node` is Node 24, as in node:24-slim.
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    ...hostNetworkEnv(),
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1'
  }
  const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(NODE24, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.stderr.on('data', chunk => (err += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ exitCode: code, stdout: out, stderr: err }))
  })

  const state = path.join(project, '.gitlab-ci-local')
  const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '')
  const outputDir = String(options.inputs['output-dir'] ?? 'claude-cloud-action-output')
  const artifacts = path.join(state, 'artifacts', jobName)
  const expanded = yaml.safeLoad(read(path.join(state, 'expanded-gitlab-ci.yml'))) as Record<string, Record<string, unknown>> | undefined
  const run: Pipeline = {
    exitCode,
    stdout,
    stderr,
    log: read(path.join(state, 'output', `${jobName}.log`)),
    outputs: read(path.join(artifacts, outputDir, 'outputs.json')) ? JSON.parse(read(path.join(artifacts, outputDir, 'outputs.json'))) : {},
    dotenv: parseDotenv(read(path.join(artifacts, '.gitlab-ci-reports', 'dotenv', outputDir, 'outputs.env'))),
    summary: read(path.join(artifacts, outputDir, 'summary.md')),
    project,
    expandedJob: expanded?.[jobName] ?? {}
  }
  // No issued credential nor given secret in the log, the artifacts, the project, HOME or TMPDIR.
  const leaks = findLeaks(
    {
      stdout,
      stderr,
      post: undefined,
      outputs: run.outputs,
      exportedEnv: {},
      state: {},
      summary: run.summary,
      filesBeforePost: {},
      runnerTemp: tmp,
      workspace: project,
      home
    },
    options.secrets ?? []
  )
  if (leaks.length > 0) throw new Error(`The pipeline leaked:\n${leaks.join('\n')}\n${stdout}`)
  // The install went away with the job (the template's mktemp -d), as did the command's private directory.
  expect(readdirSync(tmp).filter(name => name.startsWith('tmp.') || name.startsWith('claude-cloud-action-'))).toEqual([])
  return run
}

/** The main call's user text, as the model received it. */
function promptOf(request: { body: { messages: { content: string | { type: string; text?: string }[] }[] } } | undefined): string {
  const content = request?.body.messages[0]?.content
  return typeof content === 'string' ? content : (content ?? []).map(part => part.text ?? '').join('\n')
}

test('Claude API: include: local: with inputs, a git clone at v1, the real CLI; the prompt arrives verbatim and the outputs are artifacts', async () => {
  const model = await startModel({ text: 'Reviewed through the template.' })
  try {
    // Quotes, a command substitution, backticks and `;` stay text; GitLab expands $CI_PROJECT_PATH, $$ is one $.
    const prompt = `Review "this" for O'Brien: $(touch pwned-by-substitution) \`touch pwned-by-backticks\` ; touch pwned-by-semicolon # in !$CI_PROJECT_PATH, for $$5`
    const run = await runPipeline({
      inputs: {
        'job-name': 'claude-review',
        repository: `file://${actionRepo}`,
        model: 'claude-sonnet-4-5',
        prompt,
        'allowed-tools': 'Read,Grep,Bash(git diff:*)',
        'output-dir': 'claude-output'
      },
      variables: {
        CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY,
        ANTHROPIC_BASE_URL: model.url,
        CLAUDE_CODE_MAX_RETRIES: '0',
        CLAUDE_CLOUD_TOOL_CACHE: TOOL_CACHE
      },
      secrets: [API_KEY]
    })

    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('PASS  claude-review')
    expect(run.log).toContain(`claude-cloud-action v1: git clone file://${actionRepo}`)
    expect(run.log).toMatch(/Claude Code [\d.]+: found in the tool cache/)
    const main = model.requests.find(r => r.main)
    expect(promptOf(main)).toContain(
      `Review "this" for O'Brien: $(touch pwned-by-substitution) \`touch pwned-by-backticks\` ; touch pwned-by-semicolon # in !octo-group/octo-project, for $5`
    )
    expect(readdirSync(run.project).filter(name => name.startsWith('pwned'))).toEqual([])
    // The job as the include made it: the name, the stage, the token's audience.
    expect(run.expandedJob).toMatchObject({ stage: 'test', id_tokens: { CLAUDE_ID_TOKEN: { aud: 'https://api.anthropic.com' } } })
    expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Reviewed through the template.', provider: 'anthropic' })
    expect(run.dotenv).toMatchObject({
      CLAUDE_CONCLUSION: 'success',
      CLAUDE_RESULT: 'Reviewed through the template.',
      CLAUDE_PROVIDER: 'anthropic',
      CLAUDE_COST_USD: run.outputs['cost-usd']
    })
    expect(Number(run.dotenv.CLAUDE_COST_USD)).toBeGreaterThan(0)
    expect(run.summary).toContain('Reviewed through the template.')
  } finally {
    await model.close()
  }
})

test('Bedrock keyless: role-to-assume makes the job pass --id-token-env CLAUDE_ID_TOKEN, and STS gets that JWT', async () => {
  let world: BedrockWorld | undefined
  try {
    world = await startBedrockWorld({
      oidc: {
        issuer: 'https://gitlab.com',
        subject: 'project_path:octo-group/octo-project:ref_type:branch:ref:main',
        claims: { project_path: 'octo-group/octo-project' }
      }
    })
    const jwt = world.oidc.mint('sts.amazonaws.com')
    const run = await runPipeline({
      inputs: {
        install: 'git',
        repository: `file://${actionRepo}`,
        provider: 'bedrock',
        region: 'us-east-1',
        'role-to-assume': ROLE_ARN,
        'id-token-audience': 'sts.amazonaws.com',
        model: 'claude-sonnet-4-5',
        prompt: 'Review this.'
      },
      variables: {
        // What id_tokens: would give the job.
        CLAUDE_ID_TOKEN: jwt,
        CLAUDE_CLOUD_STS_ENDPOINT: world.stsUrl,
        ANTHROPIC_BEDROCK_BASE_URL: world.model.url,
        CLAUDE_CODE_MAX_RETRIES: '0',
        CLAUDE_CLOUD_TOOL_CACHE: TOOL_CACHE
      }
    })

    expect(run.exitCode).toBe(0)
    expect(run.expandedJob).toMatchObject({ id_tokens: { CLAUDE_ID_TOKEN: { aud: 'sts.amazonaws.com' } } })
    expect(world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity').map(r => r.params.WebIdentityToken)).toEqual([jwt])
    expect(run.log).toContain(
      'OIDC token from $CLAUDE_ID_TOKEN: iss https://gitlab.com, sub project_path:octo-group/octo-project:ref_type:branch:ref:main, aud sts.amazonaws.com'
    )
    expect(world.model.requests.find(r => r.main)?.accessKeyId).toBe(world.sts!.issued[0].accessKeyId)
    expect(run.outputs).toMatchObject({ conclusion: 'success', provider: 'bedrock', region: 'us-east-1', 'aws-account-id': '123456789012' })
    expect(run.dotenv).toMatchObject({ CLAUDE_CONCLUSION: 'success', CLAUDE_PROVIDER: 'bedrock', CLAUDE_REGION: 'us-east-1' })
  } finally {
    await world?.close()
  }
})

/** A PATH like node:24-slim's: the system's tools and Node 24, but no git, curl or wget. */
function slimPath(): string {
  const bin = mkdtempSync(path.join(work, 'slim-bin-'))
  for (const dir of ['/usr/bin', '/bin']) {
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir)) {
      if (/^(git|git-.*|curl|wget|node|nodejs)$/.test(name) || existsSync(path.join(bin, name))) continue
      symlinkSync(path.join(dir, name), path.join(bin, name))
    }
  }
  symlinkSync(NODE24, path.join(bin, 'node'))
  return bin
}

test('an image with neither git, curl nor wget (node:24-slim): install auto downloads the archive with Node.js and unpacks it with tar', async () => {
  const stub = writeStub(printEvents(INIT_EVENT, assistantEvent('Looked.'), resultEvent('Ran from the archive.')), work)
  const before = archive.requests.length
  const run = await runPipeline({
    inputs: { repository: archive.url, prompt: 'Look around.' },
    variables: { PATH: slimPath(), CLAUDE_CLOUD_CLAUDE_PATH: stub, CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY },
    secrets: [API_KEY]
  })

  expect(run.exitCode).toBe(0)
  expect(run.log).toContain(`claude-cloud-action v1: ${archive.url}/archive/v1.tar.gz`)
  // Node's fetch (undici) fetched it, once.
  expect(archive.requests.slice(before)).toEqual([{ path: '/octo/claude-cloud-action/archive/v1.tar.gz', userAgent: 'node' }])
  expect(run.expandedJob).toMatchObject({ image: { name: 'node:24-slim' } })
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Ran from the archive.' })
  expect(run.dotenv).toMatchObject({ CLAUDE_CONCLUSION: 'success', CLAUDE_RESULT: 'Ran from the archive.', CLAUDE_COST_USD: '0.0012', CLAUDE_NUM_TURNS: '1' })
})

test('install: download takes curl where the image has it, even next to git', async () => {
  const stub = writeStub(printEvents(INIT_EVENT, resultEvent('Ran from the archive, through curl.')), work)
  const before = archive.requests.length
  const run = await runPipeline({
    inputs: { install: 'download', repository: archive.url, prompt: 'Look around.' },
    variables: { CLAUDE_CLOUD_CLAUDE_PATH: stub, CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY },
    secrets: [API_KEY]
  })

  expect(run.exitCode).toBe(0)
  expect(run.log).not.toContain('git clone')
  const fetched = archive.requests.slice(before)
  expect(fetched.map(r => r.path)).toEqual(['/octo/claude-cloud-action/archive/v1.tar.gz'])
  expect(fetched[0].userAgent).toMatch(/^curl\//)
  expect(run.dotenv).toMatchObject({ CLAUDE_CONCLUSION: 'success', CLAUDE_RESULT: 'Ran from the archive, through curl.' })
})

test('install none runs claude-cloud-action from the PATH; a failed run fails the job and still leaves its artifacts', async () => {
  const bin = mkdtempSync(path.join(work, 'bin-'))
  symlinkSync(path.join(ROOT, 'dist', 'cli.js'), path.join(bin, 'claude-cloud-action'))
  const stub = writeStub(`${printEvents(INIT_EVENT, resultEvent('The model refused.', { subtype: 'error_during_execution', is_error: true }))}\nexit 1`, work)
  const before = archive.requests.length
  const run = await runPipeline({
    inputs: { install: 'none', repository: archive.url, prompt: 'Try.' },
    variables: {
      PATH: `${bin}${path.delimiter}${path.dirname(NODE24)}${path.delimiter}${process.env.PATH ?? ''}`,
      CLAUDE_CLOUD_CLAUDE_PATH: stub,
      CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY
    },
    secrets: [API_KEY]
  })

  expect(run.exitCode).not.toBe(0)
  expect(run.stdout).toContain('FAIL  claude-code')
  expect(run.log).not.toContain('git clone')
  expect(archive.requests.length).toBe(before)
  // artifacts: when: always.
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true' })
  expect(run.dotenv).toMatchObject({ CLAUDE_CONCLUSION: 'failure', CLAUDE_IS_ERROR: 'true' })
})

test('comment: true in a GitLab merge request pipeline posts the note through the API, with GITLAB_TOKEN from a variable', async () => {
  const gitlab = await startGitLabApi()
  try {
    const stub = writeStub(printEvents(INIT_EVENT, assistantEvent('Read the diff.'), resultEvent('No problems found.')), work)
    const run = await runPipeline({
      inputs: { 'job-name': 'claude-review', repository: `file://${actionRepo}`, prompt: 'Review merge request !$CI_MERGE_REQUEST_IID.', comment: true },
      variables: {
        GITLAB_CI: 'true',
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_IID: '12',
        CI_PROJECT_ID: '77',
        CI_API_V4_URL: gitlab.apiUrl,
        GITLAB_TOKEN: FAKE_GITLAB_TOKEN,
        CLAUDE_CLOUD_CLAUDE_PATH: stub,
        CLAUDE_CLOUD_ANTHROPIC_API_KEY: API_KEY
      },
      secrets: [API_KEY, FAKE_GITLAB_TOKEN]
    })

    expect(run.exitCode).toBe(0)
    const notes = gitlab.notes.filter(n => n.project === '77' && n.noteable_iid === 12)
    expect(notes).toHaveLength(1)
    expect(notes[0].body).toContain('No problems found.')
    expect(notes[0].body).toContain('job=claude-review')
    expect(gitlab.requests.every(r => r.token === FAKE_GITLAB_TOKEN)).toBe(true)
    expect(run.outputs['comment-url']).toMatch(/\/merge_requests\/12#note_\d+$/)
  } finally {
    await gitlab.close()
  }
})
