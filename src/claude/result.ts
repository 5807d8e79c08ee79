// What the CLI reports: the stream's progress while it runs, and the final `result` event. Every
// field is checked for its type where it is read: a field of the wrong type counts as absent, so an
// odd event (a null cost, errors as a string) cannot crash the step or garble an output.
import { ApiRetries } from './api-retries.js'
import type { ResultEvent, StreamEvent } from './stream-event.js'

export type { ResultEvent, StreamEvent }

export interface Usage {
  inputTokens: number
  outputTokens: number
  cacheReadInputTokens: number
  cacheCreationInputTokens: number
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
    const sessionId = text(event.session_id)
    if (sessionId) this.sessionId = sessionId
    if (event.type === 'system' && event.subtype === 'init') {
      this.model = text(event.model) ?? this.model
      this.cliVersion = text(event.claude_code_version) ?? this.cliVersion
    } else if (event.type === 'assistant' && isObject(event.message) && text(event.message.id)) {
      // One assistant event per content block; they share the message id and its usage.
      this.messages.set(event.message.id as string, toUsage(event.message.usage))
    } else if (event.type === 'result') {
      this.result = readResult(event)
    }
  }

  get turns(): number {
    return this.messages.size
  }

  get usage(): Usage {
    return sumUsage([...this.messages.values()])
  }
}

/** The `result` event with every field of the wrong type left out; `errors` as one string becomes a list of one. */
export function readResult(event: Record<string, unknown>): ResultEvent {
  const errors = Array.isArray(event.errors) ? event.errors.filter(e => typeof e === 'string') : text(event.errors) ? [event.errors as string] : undefined
  const modelUsage: NonNullable<ResultEvent['modelUsage']> = {}
  if (isObject(event.modelUsage)) {
    for (const [model, entry] of Object.entries(event.modelUsage)) {
      if (isObject(entry)) modelUsage[model] = { outputTokens: count(entry.outputTokens), costUSD: count(entry.costUSD) }
    }
  }
  const result: ResultEvent = {
    type: 'result',
    subtype: text(event.subtype),
    is_error: event.is_error === true,
    result: text(event.result),
    session_id: text(event.session_id),
    num_turns: count(event.num_turns),
    duration_ms: count(event.duration_ms),
    total_cost_usd: count(event.total_cost_usd),
    usage: isObject(event.usage) ? (event.usage as ResultEvent['usage']) : undefined,
    modelUsage: isObject(event.modelUsage) ? modelUsage : undefined,
    api_error_status: count(event.api_error_status),
    terminal_reason: text(event.terminal_reason),
    errors,
    structured_output: event.structured_output,
    permission_denials: Array.isArray(event.permission_denials) ? event.permission_denials : undefined
  }
  // Absent, not undefined: a report compares and spreads these objects.
  for (const key of Object.keys(result) as (keyof ResultEvent)[]) if (result[key] === undefined) delete result[key]
  return result
}

export function toUsage(usage: unknown): Usage {
  const u = isObject(usage) ? usage : {}
  return {
    inputTokens: count(u.input_tokens) ?? 0,
    outputTokens: count(u.output_tokens) ?? 0,
    cacheReadInputTokens: count(u.cache_read_input_tokens) ?? 0,
    cacheCreationInputTokens: count(u.cache_creation_input_tokens) ?? 0
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A finite, non-negative number; anything else (null, "5", NaN) is absent. */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
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
