// Turns stream-json events into the step log as they arrive: one readable line per turn, tool use
// included, with the full text folded into a collapsed group under that line.
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { redact } from '../secrets.js'
import type { ResultEvent, StreamEvent } from './result.js'

/** The log shows this much of one block; the execution file keeps everything. */
const MAX_GROUP_CHARS = 16_000
const MAX_LINE_CHARS = 160

interface Block {
  type?: string
  text?: string
  thinking?: string
  name?: string
  input?: Record<string, unknown>
  content?: unknown
  is_error?: boolean
}

export class StreamLog {
  private turn = 0
  private messageId: string | undefined
  private readonly toolNames = new Map<string, string>()

  write(event: StreamEvent): void {
    switch (event.type) {
      case 'system':
        return this.system(event)
      case 'assistant':
        // The CLI sends one event per content block; blocks of one message are one turn.
        if (event.message?.id !== this.messageId || !event.message?.id) {
          this.messageId = event.message?.id
          this.turn++
        }
        return this.blocks(event, block => this.assistantBlock(block))
      case 'user':
        return this.blocks(event, block => this.toolResult(block))
      case 'result':
        return this.result(event as unknown as ResultEvent)
    }
  }

  private system(event: StreamEvent): void {
    if (event.subtype === 'init') {
      const tools = Array.isArray(event.tools) ? event.tools.length : 0
      core.info(`Claude Code ${String(event.claude_code_version ?? '')} · model ${String(event.model ?? '?')} · ${tools} tools · session ${String(event.session_id ?? '?')}`)
    } else if (event.subtype === 'api_retry') {
      const status = event.error_status ?? event.status ?? ''
      core.info(`  API retry ${String(event.attempt ?? '?')}/${String(event.max_retries ?? '?')} ${status ? `after HTTP ${String(status)}` : ''}`)
    }
  }

  private blocks(event: StreamEvent, each: (block: Block) => void): void {
    const content = event.message?.content
    if (Array.isArray(content)) for (const block of content as Block[]) each(block)
  }

  private assistantBlock(block: Block): void {
    if (block.type === 'text' && block.text) {
      this.group(`Turn ${this.turn}: ${oneLine(block.text)}`, block.text)
    } else if (block.type === 'tool_use') {
      if ((block as { id?: string }).id) this.toolNames.set((block as { id: string }).id, block.name ?? 'tool')
      this.group(`Turn ${this.turn}: → ${block.name ?? 'tool'} ${oneLine(describeToolInput(block.input))}`, JSON.stringify(block.input ?? {}, null, 2))
    }
  }

  private toolResult(block: Block): void {
    if (block.type !== 'tool_result') return
    const text = contentText(block.content)
    const name = this.toolNames.get(String((block as { tool_use_id?: string }).tool_use_id)) ?? 'tool'
    const lines = text.split('\n').length
    this.group(`  ↳ ${name} ${block.is_error ? 'failed' : 'returned'} ${lines} line${lines === 1 ? '' : 's'}: ${oneLine(text)}`, text)
  }

  private result(result: ResultEvent): void {
    const mark = result.is_error ? '✗' : '✓'
    const cost = result.total_cost_usd !== undefined ? ` · $${result.total_cost_usd.toFixed(4)}` : ''
    const seconds = result.duration_ms !== undefined ? ` · ${(result.duration_ms / 1000).toFixed(1)} s` : ''
    core.info(`${mark} ${result.subtype ?? 'result'} · ${result.num_turns ?? 0} turns${cost}${seconds}`)
  }

  private group(title: string, body: string): void {
    core.startGroup(redact(title))
    const shown = body.length > MAX_GROUP_CHARS ? `${body.slice(0, MAX_GROUP_CHARS)}\n… ${body.length - MAX_GROUP_CHARS} more characters in the execution file` : body
    logVerbatim(redact(shown))
    core.endGroup()
  }
}

/**
 * Prints text the agent or its tools produced with workflow commands switched off, so a line like
 * `::add-mask::` or `::set-env` in a file Claude read cannot act on the runner.
 */
export function logVerbatim(text: string): void {
  const token = randomUUID()
  core.info(`::stop-commands::${token}`)
  core.info(text)
  core.info(`::${token}::`)
}

function describeToolInput(input: Record<string, unknown> | undefined): string {
  if (!input) return ''
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

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_LINE_CHARS ? `${flat.slice(0, MAX_LINE_CHARS - 1)}…` : flat
}
