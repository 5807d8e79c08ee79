// Builds dist/ with ncc: the action (one bundle for the main and post steps, provider SDKs in lazy
// chunks), the command dist/cli.js and the review tool's MCP server. CI checks dist/ equals a fresh run of this.
import ncc from '@vercel/ncc'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { minify } from 'terser'
import { writeActionInputsModule } from './action-inputs.js'

const bundles = [
  { entry: 'src/index.ts', out: 'index.js' },
  // The review tool's MCP server, which Claude Code starts with the action's own Node (review-comments).
  { entry: 'src/bin/review-server.ts', out: 'review-server.js' }
]

// ncc's path mapping reads this tsconfig: the lazy stand-ins of src/bundle/ (see the file).
process.env.TS_NODE_PROJECT = path.resolve('tsconfig.build.json')

// The command's flags come from action.yml; refreshed first so the bundle carries the current inputs.
writeActionInputsModule()

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')
for (const { entry, out } of bundles) {
  // No cache: ncc's default one is shared by every build on the machine (os.tmpdir()/ncc-cache), so
  // a stale entry could make this build differ from a fresh one; it saves nothing here anyway.
  const { code, assets } = await ncc(path.resolve(entry), { cache: false, minify: true, quiet: true, target: 'es2022', sourceMap: false })
  writeFileSync(path.join('dist', out), await minifyChunk(out, code))
  for (const [name, asset] of Object.entries(assets)) {
    writeFileSync(path.join('dist', name), await minifyChunk(name, asset.source), { mode: asset.permissions })
  }
}

// ncc builds one entry per run, and two runs share no chunk: a separate build of src/command.ts would
// carry a second copy of the whole pipeline. So the command is a lazy chunk of the action's bundle
// (src/index.ts loads src/command.ts when this shim asks for it) and dist/cli.js is only the shim.
const CLI_SHIM = `#!/usr/bin/env node
// claude-cloud-action as a command (GitLab CI, any CI): the action's bundle, run as src/command.ts.
globalThis.claudeCloudActionCommand = true
await import('./index.js')
`
writeFileSync(path.join('dist', 'cli.js'), CLI_SHIM)
chmodSync(path.join('dist', 'cli.js'), 0o755)

/**
 * ncc minifies only the entry, and as a script, so its top-level names stay long; the lazy chunks
 * (the AWS and Google SDKs) would stay full size. Each file goes through terser as a module.
 */
async function minifyChunk(name, source) {
  if (!name.endsWith('.js')) return source
  const { code } = await minify(source.toString('utf8'), { module: true, ecma: 2022, compress: { passes: 2 }, mangle: true })
  return code
}
