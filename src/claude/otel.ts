// Audit trail: Claude Code's OpenTelemetry carries resource attributes that tie its usage to the run
// (the platform's runIdentity), merged with the job's own OTEL_RESOURCE_ATTRIBUTES, which win.

/**
 * The OTEL_RESOURCE_ATTRIBUTES value: `key=value` pairs joined by commas, keys and values
 * percent-encoded as the OpenTelemetry specification requires for `,` and `=` (and allows for the rest).
 * The job's pairs are kept verbatim; ours are left out where the job names the same key.
 */
export function mergeResourceAttributes(ours: Record<string, string>, job: string | undefined): string | undefined {
  const jobPairs = (job ?? '').split(',').filter(pair => pair.trim() !== '')
  const jobKeys = new Set(jobPairs.map(pair => decodeLeniently(pair.split('=')[0].trim())))
  const added = Object.entries(ours)
    .filter(([key]) => !jobKeys.has(key))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  const all = [...added, ...jobPairs]
  return all.length > 0 ? all.join(',') : undefined
}

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
