// `npm run demo` is one of the two commands a newcomer runs: it must work on a fresh clone.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../support/runner.js'

/** The demo with its own TMPDIR, so what it leaves behind (nothing) can be listed. */
function demoIn(tmp: string, args: string[] = []) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, TMPDIR: tmp }
  })
}

test('the demo runs every provider end to end, prints inputs, outputs, summary, the sticky comment and the review, and leaves nothing behind', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-demo-tmp-'))
  const demo = demoIn(tmp)

  expect(demo.status).toBe(0)
  expect(readdirSync(tmp)).toEqual([])
  expect(demo.stdout).toContain('the model is a loopback stand-in')
  expect(demo.stdout).toContain('cost below are made up')
  expect(demo.stdout).toMatch(/── inputs \(with:\) ──\nprompt\s+Review this pull request/)
  expect(demo.stdout).toMatch(/execution-file\s+\(in RUNNER_TEMP during the job; removed by the post step\)/)
  expect(demo.stdout.match(/── job summary ──\n/g)).toHaveLength(4)
  for (const provider of ['anthropic', 'bedrock', 'vertex', 'foundry']) {
    expect(demo.stdout).toContain(`━━━ provider: ${provider} ━━━`)
    expect(demo.stdout).toMatch(new RegExp(`provider\\s+${provider}\\n`))
  }
  expect(demo.stdout.match(/conclusion\s+success/g)).toHaveLength(4)
  expect(demo.stdout).toContain('Turn 1: Let me look. → Bash ls')
  // Bedrock gets a model id real Bedrock takes: a cross-region inference profile.
  expect(demo.stdout).toMatch(/━━━ provider: bedrock ━━━[\s\S]*?\nmodel\s+us\.anthropic\.claude-sonnet-4-5-20250929-v1:0\n/)
  // The flagship result, rendered: the sticky comment and the review with its two line comments.
  expect(demo.stdout.match(/── sticky comment on pull request #7 ──\n/g)).toHaveLength(4)
  expect(demo.stdout).toContain('Two findings, both on the changed lines')
  expect(demo.stdout.match(/── review on pull request #7 \(2 line comments, commit ccccccc\) ──/g)).toHaveLength(4)
  expect(demo.stdout).toContain('src/index.ts, line 3:\n      2 │ +const options = parse(process.argv)\n  ▶   3 │ +if (options.verbose) console.log(options)')
  expect(demo.stdout).toContain('src/index.ts, lines 22-23:')
  expect(demo.stdout).toContain('Suggested change:\n        +   const [x, y] = argv.slice(2)')
  expect(demo.stdout).not.toContain('<!--')
})

test('npm run demo -- --provider foundry runs only Foundry, keyless through Entra, to a success', () => {
  const demo = spawnSync('npm', ['run', '--silent', 'demo', '--', '--provider', 'foundry'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 })

  expect(demo.status).toBe(0)
  expect(demo.stdout.match(/━━━ provider: (\w+) ━━━/g)).toEqual(['━━━ provider: foundry ━━━'])
  expect(demo.stdout).toMatch(/provider\s+foundry\n/)
  expect(demo.stdout).toMatch(/Foundry: Entra issued an access token, valid until/)
  expect(demo.stdout.match(/conclusion\s+success/g)).toHaveLength(1)
  expect(demo.stdout).toMatch(/── model requests: .*POST \/anthropic\/v1\/messages/)
  expect(demo.stdout).toContain('── sticky comment on pull request #7 ──')
})

test('npm run demo -- --provider vertex runs only Vertex, through the token exchange, to a success', () => {
  const demo = spawnSync('npm', ['run', '--silent', 'demo', '--', '--provider', 'vertex'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 })

  expect(demo.status).toBe(0)
  expect(demo.stdout.match(/━━━ provider: (\w+) ━━━/g)).toEqual(['━━━ provider: vertex ━━━'])
  expect(demo.stdout).toMatch(/provider\s+vertex\n/)
  expect(demo.stdout).toMatch(/region\s+us-east5\n/)
  expect(demo.stdout).toContain('Vertex: Google accepted the token; impersonated claude-ci@demo-project.iam.gserviceaccount.com')
  expect(demo.stdout.match(/conclusion\s+success/g)).toHaveLength(1)
  expect(demo.stdout).toContain('Turn 1: Let me look. → Bash ls')
  expect(demo.stdout).toMatch(
    /── model requests: .*POST \/v1\/projects\/[^/]+\/locations\/us-east5\/publishers\/anthropic\/models\/claude-sonnet-4-5(@|%40)20250929:streamRawPredict/
  )
})

test('an unknown --provider prints the usage and exits 2', () => {
  const demo = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.js'), '--provider', 'azure'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })

  expect(demo.status).toBe(2)
  expect(demo.stderr).toContain('usage: npm run demo -- --provider anthropic|bedrock|vertex|foundry')
})
