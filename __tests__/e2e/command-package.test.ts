// The package as a GitLab job gets it: `npm pack`, an install into a temporary prefix (what
// `npx claude-cloud-action` does), then the installed bin: --help, and a run with a stub CLI.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, realpathSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { INIT_EVENT, assistantEvent, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'
import { runCommand } from '../support/command-runner.js'
import { hostNetworkEnv, NODE24, ROOT } from '../support/runner.js'

let bin: string

beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-pack-'))
  const env = { ...process.env, ...hostNetworkEnv() }
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] })
  const [tarball] = readdirSync(dir).filter(name => name.endsWith('.tgz'))
  const prefix = path.join(dir, 'prefix')
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', path.join(dir, tarball)], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  bin = path.join(prefix, 'bin', 'claude-cloud-action')
}, 600_000)

test('the installed bin prints --help on Node 20 (its shebang) and Node 24, with no checkout around it', () => {
  const outside = mkdtempSync(path.join(os.tmpdir(), 'cca-help-'))
  const viaShebang = spawnSync(bin, ['--help'], { cwd: outside, encoding: 'utf8' })
  const onNode24 = spawnSync(NODE24, [realpathSync(bin), '--help'], { cwd: outside, encoding: 'utf8' })

  expect(viaShebang.status).toBe(0)
  expect(viaShebang.stdout).toMatch(/^Usage: claude-cloud-action --prompt/)
  expect(viaShebang.stdout).toContain('--role-to-assume VALUE')
  expect(viaShebang.stdout).toContain('env CLAUDE_CLOUD_ID_TOKEN_ENV')
  expect(onNode24.status).toBe(0)
  expect(onNode24.stdout).toBe(viaShebang.stdout)
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
