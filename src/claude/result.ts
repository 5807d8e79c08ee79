// What the CLI reports: the stream's progress while it runs, and the final `result` event.
import { ApiRetries } from './api-retries.js'

export interface Usage {
  inputTokens: number
  outputTokens: number
  cacheReadInputTokens: number
  cacheCreationInputTokens: number
}

/** The `result` event of `--output-format stream-json` (the same object `--output-format json` prints). */
export interface ResultEvent {
  type: 'result'
  subtype?: string
  is_error?: boolean
  result?: string | null
  session_id?: string
  num_turns?: number
  duration_ms?: number
  total_cost_usd?: number
  usage?: { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number }
  modelUsage?: Record<string, { outputTokens?: number; costUSD?: number }>
  api_error_status?: number | null
  terminal_reason?: string
  errors?: string[]
  structured_output?: unknown
  permission_denials?: unknown[]
}

export interface StreamEvent {
  type?: string
  subtype?: string
  session_id?: string
  model?: string
  message?: { id?: string; model?: string; content?: unknown; usage?: ResultEvent['usage'] }
  [key: string]: unknown
}

/** What the stream has told so far; all a timed-out or crashed run leaves behind. */
export class Progress {
  sessionId?: string
  model?: string
  cliVersion?: string
  result?: ResultEvent
  /** api_retry events, for quota monitoring. */
  readonly retries = new ApiRetries()
  private readonly messages = new Map<string, Usage>()

  observe(event: StreamEvent): void {
    this.retries.observe(event)
    if (event.session_id) this.sessionId = event.session_id
    if (event.type === 'system' && event.subtype === 'init') {
      this.model = typeof event.model === 'string' ? event.model : this.model
      this.cliVersion = typeof event.claude_code_version === 'string' ? event.claude_code_version : this.cliVersion
    } else if (event.type === 'assistant' && event.message?.id) {
      // One assistant event per content block; they share the message id and its usage.
      this.messages.set(event.message.id, toUsage(event.message.usage))
    } else if (event.type === 'result') {
      this.result = event as unknown as ResultEvent
    }
  }

  get turns(): number {
    return this.messages.size
  }

  get usage(): Usage {
    return sumUsage([...this.messages.values()])
  }
}

export function toUsage(usage: ResultEvent['usage']): Usage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadInputTokens: usage?.cache_read_input_tokens ?? 0,
    cacheCreationInputTokens: usage?.cache_creation_input_tokens ?? 0
  }
}

export function sumUsage(all: Usage[]): Usage {
  return all.reduce(
    (sum, u) => ({
      inputTokens: sum.inputTokens + u.inputTokens,
      outputTokens: sum.outputTokens + u.outputTokens,
      cacheReadInputTokens: sum.cacheReadInputTokens + u.cacheReadInputTokens,
      cacheCreationInputTokens: sum.cacheCreationInputTokens + u.cacheCreationInputTokens
    }),
    toUsage(undefined)
  )
}

/** The model that did the work: the one with the most output in modelUsage, else the init event's. */
export function mainModel(result: ResultEvent | undefined, fallback: string | undefined): string | undefined {
  const entries = Object.entries(result?.modelUsage ?? {})
  if (entries.length === 0) return fallback
  entries.sort(([, a], [, b]) => (b.outputTokens ?? 0) - (a.outputTokens ?? 0))
  return fallback && result?.modelUsage?.[fallback] ? fallback : entries[0][0]
}

/** Throttling, overload or quota: worth continuing in another region. */
export function isCapacityError(result: ResultEvent | undefined): boolean {
  if (!result?.is_error) return false
  if (result.api_error_status === 429 || result.api_error_status === 529) return true
  return /\b(429|529)\b|throttl|too many requests|overloaded|quota|rate.?limit/i.test(`${result.result ?? ''} ${(result.errors ?? []).join(' ')}`)
}
