// The CLI's stream-json events as the action reads them (types only, so result.ts and api-retries.ts
// can share them without importing each other).

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
