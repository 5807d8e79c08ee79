// Builds dist/ with ncc: the action (one bundle for the main and post steps, provider SDKs in lazy
// chunks), the tiny awsCredentialExport helper, the keyless Foundry `az` helper and the review tool's MCP
// server. CI checks dist/ equals a fresh run of this.
import ncc from '@vercel/ncc'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { minify } from 'terser'

const bundles = [
  { entry: 'src/index.ts', out: 'index.js' },
  { entry: 'src/aws-credential-export.ts', out: 'aws-credential-export.js' },
  // The review tool's MCP server, which Claude Code starts with the action's own Node (review-comments).
  { entry: 'src/review/server-main.ts', out: 'review-server.js' },
  { entry: 'src/azure-cli-token.ts', out: 'azure-cli-token.js' }
]

// ncc's path mapping reads this tsconfig: the lazy stand-ins of src/bundle/ (see the file).
process.env.TS_NODE_PROJECT = path.resolve('tsconfig.build.json')

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')
for (const { entry, out } of bundles) {
  const { code, assets } = await ncc(path.resolve(entry), { minify: true, quiet: true, target: 'es2022', sourceMap: false })
  writeFileSync(path.join('dist', out), code)
  for (const [name, asset] of Object.entries(assets)) {
    writeFileSync(path.join('dist', name), await minifyChunk(name, asset.source), { mode: asset.permissions })
  }
}

/** ncc minifies only the entry; the lazy chunks (the AWS and Google SDKs) would stay full size. */
async function minifyChunk(name, source) {
  if (!name.endsWith('.js')) return source
  const { code } = await minify(source.toString('utf8'), { module: true, ecma: 2022, compress: true, mangle: true })
  return code
}
