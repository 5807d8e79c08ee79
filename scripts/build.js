// Builds dist/ with ncc: the action (one bundle for the main and post steps, provider SDKs in lazy
// chunks) and the tiny awsCredentialExport helper. CI checks dist/ equals a fresh run of this.
import ncc from '@vercel/ncc'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const bundles = [
  { entry: 'src/index.ts', out: 'index.js' },
  { entry: 'src/aws-credential-export.ts', out: 'aws-credential-export.js' }
]

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')
for (const { entry, out } of bundles) {
  const { code, assets } = await ncc(path.resolve(entry), { minify: true, quiet: true, target: 'es2022', sourceMap: false })
  writeFileSync(path.join('dist', out), code)
  for (const [name, asset] of Object.entries(assets)) {
    writeFileSync(path.join('dist', name), asset.source, { mode: asset.permissions })
  }
}
