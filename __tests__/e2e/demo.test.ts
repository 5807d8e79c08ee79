// `npm run demo` is one of the two commands a newcomer runs: it must work on a fresh clone.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../support/runner.js'

test('the demo runs every provider end to end and prints the step outputs', () => {
  const demo = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.js')], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 })

  expect(demo.status).toBe(0)
  for (const provider of ['anthropic', 'bedrock', 'vertex']) {
    expect(demo.stdout).toContain(`━━━ provider: ${provider} ━━━`)
    expect(demo.stdout).toMatch(new RegExp(`provider\\s+${provider}\\n`))
  }
  expect(demo.stdout.match(/conclusion\s+success/g)).toHaveLength(3)
  expect(demo.stdout).toContain('▸ Turn 1: Let me look. → Bash ls')
})
