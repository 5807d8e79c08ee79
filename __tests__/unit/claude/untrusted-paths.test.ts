// untrusted-paths becomes claudeMdExcludes patterns (folder names matched literally, the user's own
// patterns kept) and --disable-slash-commands; the effect on the real CLI is in fork-isolation.test.ts.
import { buildArgv } from '../../../src/claude/argv.js'
import { withFilesAboveExcluded, withUntrustedPaths } from '../../../src/claude/untrusted-paths.js'
import type { Settings } from '../../../src/settings/settings.js'

test('each folder is excluded itself and everything under it, with glob characters escaped', () => {
  expect(withUntrustedPaths({ model: 'x', claudeMdExcludes: ['**/vendor/CLAUDE.md'] }, ['/w/pr/', '/w/odd [dir]*'])).toEqual({
    model: 'x',
    claudeMdExcludes: ['**/vendor/CLAUDE.md', '/w/pr', '/w/pr/**', '/w/odd \\[dir\\]\\*', '/w/odd \\[dir\\]\\*/**']
  })
})

test('no folders leave the settings as they were', () => {
  const user = { a: 1 }
  expect(withUntrustedPaths(user, [])).toBe(user)
  expect(withUntrustedPaths(undefined, undefined)).toBeUndefined()
})

test('with untrusted folders the CLI gets --disable-slash-commands before the prompt', () => {
  const settings = { models: {}, cli: { prompt: 'p', allowedTools: [], disallowedTools: [], extraArgs: [], untrustedPaths: ['/w/pr'] } } as unknown as Settings
  const args = buildArgv(settings, undefined, { prompt: 'p' })
  expect(args.indexOf('--disable-slash-commands')).toBeGreaterThan(0)
  expect(args.indexOf('--disable-slash-commands')).toBeLessThan(args.indexOf('--'))
  expect(buildArgv({ ...settings, cli: { ...settings.cli, untrustedPaths: [] } }, undefined, { prompt: 'p' })).not.toContain('--disable-slash-commands')
})

test("the instruction files of every folder above the working directory and of $HOME are excluded one by one, the user's kept", () => {
  const settings = withFilesAboveExcluded({ claudeMdExcludes: ['**/vendor/CLAUDE.md'] }, '/home/runner/_work/re[po]/repo', '/home/runner')
  const files = (dir: string): string[] => [`${dir}/CLAUDE.md`, `${dir}/CLAUDE.local.md`, `${dir}/.claude/CLAUDE.md`, `${dir}/.claude/rules/**`]
  expect(settings.claudeMdExcludes).toEqual([
    '**/vendor/CLAUDE.md',
    ...files('/home/runner/_work/re\\[po\\]'),
    ...files('/home/runner/_work'),
    ...files('/home/runner'),
    ...files('/home'),
    ...files('')
  ])
  // $HOME elsewhere is excluded too; when it is the working directory itself, its files are the checkout's.
  expect(withFilesAboveExcluded(undefined, '/w', '/root').claudeMdExcludes).toEqual([...files(''), ...files('/root')])
  expect(withFilesAboveExcluded(undefined, '/root', '/root').claudeMdExcludes).toEqual(files(''))
})
