// Markdown around text the action does not control (the model's answer, the CLI's messages and
// values, repository settings), for the job summary and the PR comment alike: that text stays text,
// and cannot close a block, start a table row or hide what follows it.

/** A fenced block that the text's own backticks cannot close. */
export function codeBlock(text: string, info: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${info}\n${text}\n${fence}\n\n`
}

/**
 * Model text with every HTML comment opener broken by a zero-width space, so an unclosed `<!--`
 * cannot swallow the table and footer after it. It reads the same, in code blocks too.
 */
export function breakHtmlComments(text: string): string {
  return text.replace(/<!--/g, '<!\u200b--')
}

/** One table cell: on one line, its pipes escaped, no HTML comment opened. */
export function tableCell(text: string, max = 200): string {
  return breakHtmlComments(text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|')).slice(0, max)
}

/** A value as inline code in a table cell (`–` when there is none), whatever backticks it holds. */
export function codeCell(value: string | undefined): string {
  if (!value) return '–'
  const text = tableCell(value)
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const ticks = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${text}${pad}${ticks}`
}

/** Text inline in a heading or sentence: one line, Markdown and HTML characters escaped (`_` inside words does nothing). */
export function inlineText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\\`*[\]<>|]/g, '\\$&')
}
