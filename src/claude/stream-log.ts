// Turns stream-json events into the step log as they arrive: one readable line per turn, tool use
// included, and one per tool result. The logs of a public repository are public and only known
// credentials are masked, so by default that line is all the log shows (a tool result's line says
// how much came back, not what); with show-full-output the full text folds into a collapsed group
// under each line. The execution file always has everything. Every value from the CLI reaches a log
// line through inert(), and every field is checked for its type where it is read.
import { inert, log } from '../platform/platform.js'
import { redact } from '../platform/secrets.js'
import { readResult, type ResultEvent, type StreamEvent } from './result.js'

/** The log shows this much of one turn or tool result; the execution file keeps everything. */
const MAX_GROUP_CHARS = 16_000
/** A turn's text in its title line, and a tool result's first line. */
const MAX_LINE_CHARS = 160
/** One tool call in a turn's title line (`→ Bash git diff …`). */
const MAX_TOOL_CHARS = 60
/** Tool calls past this much of the title line are counted (`→ +3 more`) instead of listed. */
const MAX_TOOL_LIST_CHARS = 240

interface Block {
  type?: string
  text?: string
  thinking?: string
  id?: string
  name?: string
  input?: Record<string, unknown>
  tool_use_id?: string
  content?: unknown
  is_error?: boolean
}

/**
 * The blocks of one assistant message. The CLI sends one `assistant` event per content block, all
 * with the message id and none saying it is the last, so a turn is complete when an event of
 * anything else arrives. Only what will be printed is held: the title parts and a capped body.
 */
class TurnLine {
  private text = ''
  private readonly tools: string[] = []
  private toolsLeftOut = 0
  private toolChars = 0
  private body = ''
  private bodyLeftOut = 0

  constructor(
    readonly number: number,
    readonly messageId: string | undefined
  ) {}

  add(block: Block): void {
    if (block.type === 'text' && typeof block.text === 'string' && block.text) {
      // Redacted before it is cut, so a secret cannot be split into an unrecognisable half.
      const text = redact(block.text)
      if (this.text.length <= MAX_LINE_CHARS) this.text = `${this.text} ${oneLine(text, MAX_LINE_CHARS + 1)}`.trim()
      this.append(text)
    } else if (block.type === 'tool_use') {
      const name = toolName(block)
      const part = `→ ${oneLine(redact(`${name} ${describeToolInput(block.input)}`), MAX_TOOL_CHARS)}`
      if (this.toolsLeftOut === 0 && this.toolChars + part.length <= MAX_TOOL_LIST_CHARS) {
        this.tools.push(part)
        this.toolChars += part.length + 1
      } else {
        this.toolsLeftOut++
      }
      this.append(`→ ${name}\n${redact(JSON.stringify(block.input ?? {}, null, 2))}`)
    }
  }

  get empty(): boolean {
    return this.text === '' && this.tools.length === 0 && this.toolsLeftOut === 0
  }

  title(): string {
    const text = this.text.length > MAX_LINE_CHARS ? `${this.text.slice(0, MAX_LINE_CHARS - 1).trimEnd()}…` : this.text
    const more = this.toolsLeftOut > 0 ? [`→ +${this.toolsLeftOut} more`] : []
    return [`Turn ${this.number}:`, ...(text ? [text] : []), ...this.tools, ...more].join(' ')
  }

  fullText(): string {
    return this.bodyLeftOut > 0 ? `${this.body}\n… ${this.bodyLeftOut} more characters in the execution file` : this.body
  }

  private append(section: string): void {
    const piece = this.body ? `\n\n${section}` : section
    const room = MAX_GROUP_CHARS - this.body.length
    if (piece.length <= room) {
      this.body += piece
    } else {
      this.body += piece.slice(0, Math.max(0, room))
      this.bodyLeftOut += piece.length - Math.max(0, room)
    }
  }
}

export class StreamLog {
  /** @param fullOutput show-full-output: each line heads a collapsed group with the full text. */
  constructor(private readonly fullOutput = false) {}

  private turns = 0
  private pending: TurnLine | undefined
  /** Tool names by tool_use id, until the result arrives, so `↳` lines can name the tool. */
  private readonly toolNames = new Map<string, string>()

  write(event: StreamEvent): void {
    const message = event.message
    const id = event.type === 'assistant' && typeof message === 'object' && message !== null && typeof message.id === 'string' ? message.id : undefined
    // Anything but the next block of the same message completes the turn being collected.
    if (this.pending && !(id && id === this.pending.messageId)) this.end()
    switch (event.type) {
      case 'system':
        return this.system(event)
      case 'assistant':
        this.pending ??= new TurnLine(++this.turns, id)
        return this.blocks(event, block => this.assistantBlock(block))
      case 'user':
        return this.blocks(event, block => this.toolResult(block))
      case 'result':
        return this.result(readResult(event))
    }
  }

  /** Prints the turn being collected; called by `write` and when the stream ends without a result. */
  end(): void {
    const turn = this.pending
    this.pending = undefined
    if (turn && !turn.empty) this.line(turn.title(), () => turn.fullText())
  }

  private system(event: StreamEvent): void {
    if (event.subtype === 'init') {
      const tools = Array.isArray(event.tools) ? event.tools.length : 0
      log.info(
        `Claude Code ${inert(event.claude_code_version)} · model ${inert(event.model ?? '?')} · ${tools} tools · session ${inert(event.session_id ?? '?')}`
      )
    } else if (event.subtype === 'api_retry') {
      const status = event.error_status ?? event.status ?? ''
      log.info(`  API retry ${inert(event.attempt ?? '?')}/${inert(event.max_retries ?? '?')} ${status ? `after HTTP ${inert(status)}` : ''}`)
    }
  }

  private blocks(event: StreamEvent, each: (block: Block) => void): void {
    const content = typeof event.message === 'object' && event.message !== null ? event.message.content : undefined
    if (!Array.isArray(content)) return
    for (const block of content as unknown[]) if (typeof block === 'object' && block !== null) each(block as Block)
  }

  private assistantBlock(block: Block): void {
    if (block.type === 'tool_use' && typeof block.id === 'string') this.toolNames.set(block.id, toolName(block))
    this.pending?.add(block)
  }

  private toolResult(block: Block): void {
    if (block.type !== 'tool_result') return
    const text = redact(contentText(block.content))
    const id = String(block.tool_use_id)
    const name = this.toolNames.get(id) ?? 'tool'
    this.toolNames.delete(id)
    const lines = countLines(text)
    const summary = `  ↳ ${name} ${block.is_error ? 'failed' : 'returned'} ${lines} line${lines === 1 ? '' : 's'}`
    if (this.fullOutput) group(`${summary}: ${oneLine(text, MAX_LINE_CHARS)}`, capped(text))
    else log.info(inert(`${summary} (${text.length} characters, in the execution file)`))
  }

  /** The summary line alone, or (show-full-output) heading a collapsed group with the full text. */
  private line(title: string, body: () => string): void {
    if (this.fullOutput) group(title, body())
    else log.info(inert(redact(title)))
  }

  private result(result: ResultEvent): void {
    const mark = result.is_error ? '✗' : '✓'
    const cost = result.total_cost_usd !== undefined ? ` · $${result.total_cost_usd.toFixed(4)}` : ''
    const seconds = result.duration_ms !== undefined ? ` · ${(result.duration_ms / 1000).toFixed(1)} s` : ''
    log.info(`${mark} ${inert(result.subtype ?? 'result')} · ${result.num_turns ?? 0} turns${cost}${seconds}`)
  }
}

/** A collapsed group: the title is the line the log shows, the body what unfolding it shows. */
function group(title: string, body: string): void {
  log.startGroup(inert(redact(title)))
  log.verbatim(redact(body))
  log.endGroup()
}

function capped(text: string): string {
  return text.length > MAX_GROUP_CHARS ? `${text.slice(0, MAX_GROUP_CHARS)}\n… ${text.length - MAX_GROUP_CHARS} more characters in the execution file` : text
}

function toolName(block: Block): string {
  return typeof block.name === 'string' && block.name ? block.name : 'tool'
}

function describeToolInput(input: Record<string, unknown> | undefined): string {
  if (!input || typeof input !== 'object') return typeof input === 'string' ? input : ''
  for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
    if (typeof input[key] === 'string') return input[key] as string
  }
  return JSON.stringify(input)
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content.map(part => (typeof part === 'object' && part && 'text' in part ? String((part as { text: unknown }).text) : '')).join('\n')
  }
  return ''
}

/** The start of text on one line. Only a prefix is looked at: tool output can run to megabytes. */
function oneLine(text: string, max: number): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text
  const flat = head.replace(/\s+/g, ' ').trim()
  return flat.length > max || head !== text ? `${flat.slice(0, max - 1).trimEnd()}…` : flat
}

/** Counts without splitting, which would make a string per line of a long tool output. */
function countLines(text: string): number {
  let lines = 1
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++
  return lines
}
