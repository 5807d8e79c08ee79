// Nothing the command posts on GitLab runs a quick action: each line GitLab would read as one is
// shown as code, as GitLab's redact_commands does, and the stand-in's extractor finds none after.
import { quickActionsIn } from '../../../stand-ins/index.js'
import { withoutQuickActions } from '../../../../src/code-hosts/gitlab/note-bodies.js'

test('a quick action line becomes a code span, as GitLab redacts it, and runs nothing', () => {
  const text = 'Looks good.\n/approve\n/merge\n/label ~"needs docs" \n/assign_reviewer @me'
  expect(quickActionsIn(text).map(a => a.command)).toEqual(['approve', 'merge', 'label', 'assign_reviewer'])
  const safe = withoutQuickActions(text)
  expect(safe).toBe('Looks good.\n`/approve`\n`/merge`\n`/label ~"needs docs"`\n`/assign_reviewer @me`')
  expect(quickActionsIn(safe)).toEqual([])
})

test('other text starting with / stays as it is; indented lines, tabs and carriage returns are made safe too', () => {
  expect(withoutQuickActions('/src/app.ts has the bug.\n/ alone\n// comment\nsee /approve mid-line')).toBe(
    '/src/app.ts has the bug.\n/ alone\n// comment\nsee /approve mid-line'
  )
  expect(withoutQuickActions('  /unapprove\n\t/close now\n/merge\tlater')).toBe('  `/unapprove`\n\t`/close now`\n`/merge\tlater`')
  // GitLab drops \r before it looks: `/appr\rove` would be /approve.
  const joined = withoutQuickActions('ok\r\n/appr\rove\r\n')
  expect(joined).toBe('ok\n`/approve`\n')
  expect(quickActionsIn(joined)).toEqual([])
})

test('backticks in the line get a longer fence, so the span cannot close early', () => {
  const safe = withoutQuickActions('/label ~`x`\n/title a `` b')
  expect(safe).toBe('``/label ~`x` ``\n```/title a `` b```')
  expect(quickActionsIn(safe)).toEqual([])
})

test('code blocks: their lines of that form change too (GitLab finds blocks by pattern); other code is left alone', () => {
  const text = 'Try:\n\n```sh\n/usr/bin/env node app.js\n/approve\n```\n\n```suggestion:-1+0\n  const [x, y] = argv.slice(2)\n```'
  expect(withoutQuickActions(text)).toBe('Try:\n\n```sh\n/usr/bin/env node app.js\n`/approve`\n```\n\n```suggestion:-1+0\n  const [x, y] = argv.slice(2)\n```')
  // A stray backtick before a block: GitLab's pattern can then take the block's lines for text.
  const shifted = 'a ` b\n```\n`x`\n/approve\n```'
  expect(quickActionsIn(withoutQuickActions(shifted))).toEqual([])
})
