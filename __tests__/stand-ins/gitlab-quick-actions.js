// @ts-check
// Which GitLab quick actions a note would run: lines starting with `/` and a command name (any case),
// then a space and arguments or the line's end, as GitLab's Gitlab::QuickActions::Extractor finds
// them. Like GitLab it skips fenced code blocks (```), HTML blocks and >>> quote blocks; a line that
// starts with anything else (a space, `>`, a backtick) is text. The stand-in only reports them.

/** Commands GitLab runs on a merge request (and the common issue ones). */
export const QUICK_ACTIONS = new Set([
  'approve',
  'unapprove',
  'merge',
  'close',
  'reopen',
  'label',
  'unlabel',
  'relabel',
  'assign',
  'unassign',
  'reassign',
  'assign_reviewer',
  'reviewer',
  'request_review',
  'unassign_reviewer',
  'remove_reviewer',
  'reassign_reviewer',
  'milestone',
  'remove_milestone',
  'title',
  'draft',
  'ready',
  'wip',
  'lock',
  'unlock',
  'due',
  'remove_due_date',
  'estimate',
  'remove_estimate',
  'spend',
  'spent',
  'remove_time_spent',
  'todo',
  'done',
  'subscribe',
  'unsubscribe',
  'award',
  'react',
  'target_branch',
  'rebase',
  'squash',
  'copy_metadata',
  'submit_review',
  'cc',
  'confidential',
  'duplicate',
  'move',
  'clone',
  'relate',
  'unrelate',
  'blocks',
  'blocked_by',
  'create_merge_request',
  'severity',
  'status',
  'weight',
  'health_status',
  'iteration',
  'epic',
  'promote',
  'board_move',
  'checkin_reviewer'
])

/**
 * The quick actions in a note's text, in order.
 * @param {string} text
 * @returns {{ command: string, args: string, line: string }[]}
 */
export function quickActionsIn(text) {
  const blocks = /^```[^]*?\n```$|^<[^>\n]+?>\n[^]*?\n<\/[^>\n]+?>$|^>>>[^]*?\n>>>$/gm
  const prose = text.replace(/\r/g, '').replace(blocks, '')
  /** @type {{ command: string, args: string, line: string }[]} */
  const found = []
  for (const line of prose.split('\n')) {
    const m = /^\/(\w+)(?: (.*))?\s*$/.exec(line)
    if (m && QUICK_ACTIONS.has(m[1].toLowerCase())) found.push({ command: m[1].toLowerCase(), args: (m[2] ?? '').trim(), line })
  }
  return found
}
