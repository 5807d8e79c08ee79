// Which CLI results send the session to the next region: throttling (429), overload (529) and quota,
// whether the CLI gives the HTTP status or only words. Anything else stays a plain failure.
import { isCapacityError, type ResultEvent } from '../../../src/claude/result.js'

function apiError(extra: Partial<ResultEvent>): ResultEvent {
  return { type: 'result', subtype: 'success', is_error: true, terminal_reason: 'api_error', api_error_status: null, result: null, ...extra }
}

test.each([
  ['429 with its status', apiError({ api_error_status: 429, result: 'API Error: Request rejected (429) · Too many requests' })],
  // The CLI's own words for a Bedrock 529, as seen in failover.test.ts.
  ['529 (overloaded) with its status', apiError({ api_error_status: 529, result: 'API Error: 529 Service unavailable. Try again later.' })],
  ['overloaded_error without a status', apiError({ result: 'API Error: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' })],
  [
    'a Vertex quota message without a status',
    apiError({ result: 'RESOURCE_EXHAUSTED: Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model' })
  ],
  ['a rate limit named only in errors', apiError({ errors: ['Rate limit reached for requests'] })],
  ['Bedrock ThrottlingException in words', apiError({ result: 'ThrottlingException: Too many tokens, please wait before trying again.' })]
])('%s is a capacity error', (_name, result) => {
  expect(isCapacityError(result)).toBe(true)
})

test.each([
  ['a 400 invalid model', apiError({ api_error_status: 400, result: 'API Error: 400 The provided model identifier is invalid.' })],
  ['a 403 without model access', apiError({ api_error_status: 403, result: "API Error: 403 You don't have access to the model with the specified model ID." })],
  ['max turns', apiError({ subtype: 'error_max_turns', terminal_reason: undefined, errors: ['Reached maximum number of turns (3)'] })],
  [
    'a success that mentions quotas',
    { type: 'result', subtype: 'success', is_error: false, result: 'The quota check passed; no 429s in the logs.' } as ResultEvent
  ],
  ['no result at all', undefined]
])('%s is not', (_name, result) => {
  expect(isCapacityError(result)).toBe(false)
})
