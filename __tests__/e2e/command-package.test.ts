// The package as a GitLab job installs it, and nothing else with it. `npm pack` makes the release
// tarball; `npm install -g` puts it into an empty prefix with an empty npm cache, its registry the
// loopback stand-in, which records any request; npx of a git repository holding the same files
// (what `npx github:…` does) must not "prepare" it, which would install every devDependency. Then
// the installed bin: --help, --version, and runs with a stub CLI.
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { startNpmRegistry } from '../stand-ins/index.js'
import { startBedrockWorld } from '../support/bedrock-stand-ins.js'
import { INIT_EVENT, assistantEvent, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'
import { runCommand } from '../support/command-runner.js'
import { hostNetworkEnv, NODE24, ROOT } from '../support/runner.js'

const NAME = 'claude-cloud-action'
const { version: VERSION } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))

let registry: Awaited<ReturnType<typeof startNpmRegistry>>
let tarball: string
let bin: string

/**
 * npm with nothing of this machine's npm setup: no npmrc, no npm_config_* of the `npm run` that started
 * jest. Asynchronous, so that the registry stand-in in this process can answer (and record) a request.
 */
async function npm(args: string[], cwd: string): Promise<string> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'cca-npm-home-'))
  const [user, global] = [path.join(home, 'npmrc'), path.join(home, 'global-npmrc')]
  for (const file of [user, global]) writeFileSync(file, '')
  const env = { PATH: process.env.PATH ?? '', HOME: home, npm_config_userconfig: user, npm_config_globalconfig: global, ...hostNetworkEnv() }
  return (await promisify(execFile)('npm', args, { cwd, env, encoding: 'utf8' })).stdout
}

/** `npm install -g SPEC` into a new, empty prefix with a new, empty cache, from the loopback registry; returns the prefix. */
async function installGlobally(spec: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-install-'))
  const prefix = path.join(dir, 'prefix')
  const args = ['install', '--global', '--prefix', prefix, '--cache', path.join(dir, 'cache'), '--registry', registry.url]
  await npm([...args, '--no-audit', '--no-fund', '--no-update-notifier', spec], dir)
  return prefix
}

/** The package, alone: nothing but it in the prefix, no node_modules of its own or above it, no dependencies to fetch. */
function expectOnlyThePackage(prefix: string): void {
  expect(readdirSync(path.join(prefix, 'lib', 'node_modules'))).toEqual([NAME])
  const installed = path.join(prefix, 'lib', 'node_modules', NAME)
  expect(existsSync(path.join(installed, 'node_modules'))).toBe(false)
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'))
  expect(manifest.version).toBe(VERSION)
  expect(manifest.dependencies ?? {}).toEqual({})
  expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'action.yml', 'dist', 'package.json'])
  // Node resolves a bare import up the tree: the prefix's node_modules holds only the package, and no folder above it has one.
  for (let dir = path.dirname(prefix); dir !== path.dirname(dir); dir = path.dirname(dir))
    expect([dir, existsSync(path.join(dir, 'node_modules'))]).toEqual([dir, false])
  expect(registry.requests).toEqual([])
}

beforeAll(async () => {
  registry = await startNpmRegistry({ packages: {} })
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-pack-'))
  await npm(['pack', '--silent', '--pack-destination', dir], ROOT)
  tarball = path.join(dir, `${NAME}-${VERSION}.tgz`)
  bin = path.join(await installGlobally(tarball), 'bin', NAME)
}, 600_000)

afterAll(() => registry.close())

test('the release tarball installs into an empty prefix and cache with no request to the registry and no other package', () => {
  const prefix = path.dirname(path.dirname(bin))
  expectOnlyThePackage(prefix)
  expect(realpathSync(bin)).toBe(path.join(prefix, 'lib', 'node_modules', NAME, 'dist', 'cli.js'))
})

test('npx of the repository (npx github:…) prepares nothing: no devDependency is fetched, and only the package lands', async () => {
  // The repository at a tag: the packed files, with package.json's scripts and devDependencies as committed.
  const repo = mkdtempSync(path.join(os.tmpdir(), 'cca-repo-'))
  execFileSync('tar', ['-xzf', tarball, '-C', repo, '--strip-components=1'])
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'ignore' })
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'release')
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'))
  expect(Object.keys(manifest.devDependencies).length).toBeGreaterThan(0)

  // npx clones a git package and, when its package.json has a build, prepare, prepack or install
  // script, runs `npm install` with the devDependencies in the clone first: here that would ask the registry.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-npx-'))
  const cache = path.join(dir, 'cache')
  const args = [
    'exec',
    '--yes',
    '--cache',
    cache,
    '--registry',
    registry.url,
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    `--package=git+file://${repo}`
  ]
  const version = await npm([...args, '--', NAME, '--version'], dir)

  expect(version).toBe(`${VERSION}\n`)
  expect(registry.requests).toEqual([])
  const [installs] = readdirSync(path.join(cache, '_npx')).map(hash => path.join(cache, '_npx', hash, 'node_modules'))
  expect(readdirSync(installs).filter(name => !name.startsWith('.'))).toEqual([NAME])
  expect(existsSync(path.join(installs, NAME, 'node_modules'))).toBe(false)
})

test('the installed bin prints --help and --version on Node 20 (its shebang) and Node 24, with no checkout around it', () => {
  const outside = mkdtempSync(path.join(os.tmpdir(), 'cca-help-'))
  const viaShebang = spawnSync(bin, ['--help'], { cwd: outside, encoding: 'utf8' })
  const onNode24 = spawnSync(NODE24, [realpathSync(bin), '--help'], { cwd: outside, encoding: 'utf8' })

  expect(viaShebang.status).toBe(0)
  expect(viaShebang.stdout).toMatch(/^Usage: claude-cloud-action --prompt/)
  expect(viaShebang.stdout).toContain('\nProvider and auth:\n  --provider VALUE')
  expect(viaShebang.stdout).toContain('--role-to-assume VALUE')
  expect(viaShebang.stdout).toContain('env CLAUDE_CLOUD_ID_TOKEN_ENV')
  expect(onNode24.status).toBe(0)
  expect(onNode24.stdout).toBe(viaShebang.stdout)

  const version = spawnSync(bin, ['--version'], { cwd: outside, encoding: 'utf8' })
  expect([version.status, version.stdout]).toEqual([0, `${VERSION}\n`])
})

test('the installed bin runs the pipeline with a stub CLI, in a generic CI, and writes the output files', async () => {
  const stub = writeStub(printEvents(INIT_EVENT, assistantEvent('Checked.'), resultEvent('Packaged run done.')))
  const run = await runCommand({
    script: realpathSync(bin),
    gitlab: false,
    args: ['--prompt', 'hi', '--claude-path', stub],
    env: { CLAUDE_CLOUD_ANTHROPIC_API_KEY: 'sk-ant-api03-package-test-0123456789' },
    secrets: ['sk-ant-api03-package-test-0123456789']
  })

  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ conclusion: 'success', result: 'Packaged run done.', 'cost-usd': '0.0012', 'session-id': INIT_EVENT.session_id })
  expect(run.dotenv).toMatchObject({ CLAUDE_CONCLUSION: 'success', CLAUDE_COST_USD: '0.0012', CLAUDE_NUM_TURNS: '1' })
  expect(run.summary).toContain('Packaged run done.')
})

test("the installed bin assumes a Bedrock role in a GitLab job: the AWS SDK's lazy chunk loads from the package alone", async () => {
  const world = await startBedrockWorld({ oidc: { issuer: 'https://gitlab.com', subject: 'project_path:octo-group/octo-project:ref_type:branch:ref:main' } })
  try {
    const stub = writeStub(printEvents(INIT_EVENT, resultEvent('Packaged Bedrock run done.')))
    const run = await runCommand({
      script: realpathSync(bin),
      args: ['--provider=bedrock', '--region=us-east-1', '--sts-endpoint', world.stsUrl, '--prompt', 'hi', '--claude-path', stub],
      env: {
        CLAUDE_CLOUD_ROLE_TO_ASSUME: world.inputs['role-to-assume'],
        CLAUDE_CLOUD_ID_TOKEN_ENV: 'CLAUDE_ID_TOKEN',
        CLAUDE_ID_TOKEN: world.oidc.mint('sts.amazonaws.com')
      }
    })

    expect(run.exitCode).toBe(0)
    expect(world.sts!.requests.filter(r => r.action === 'AssumeRoleWithWebIdentity')).toHaveLength(1)
    expect(run.outputs).toMatchObject({ conclusion: 'success', provider: 'bedrock', 'aws-account-id': '123456789012', result: 'Packaged Bedrock run done.' })
  } finally {
    await world.close()
  }
})
