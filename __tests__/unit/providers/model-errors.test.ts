// The CLI's model errors (texts as Claude Code 2.1.331 prints them) lose their `--model` advice and get
// the action's: the model input, how to list valid ids, and for a Bedrock 403 the session policy.
import { explainModelError, withoutCliModelAdvice } from '../../../src/providers/model-errors.js'
import type { ProviderSettings } from '../../../src/settings/settings.js'

test.each([
  [
    'API Error (us.anthropic.claude-sonnet-4-5-20250929-v1:0): 404 Could not resolve the foundation model from the provided model identifier.. Try --model to switch to us.anthropic.claude-sonnet-4-20250514-v1:0.',
    'API Error (us.anthropic.claude-sonnet-4-5-20250929-v1:0): 404 Could not resolve the foundation model from the provided model identifier..'
  ],
  [
    'The model claude-sonnet-4-5@20250929 is not available on your vertex deployment. Try --model to switch to claude-sonnet-4@20250514, or ask your admin to enable this model.',
    'The model claude-sonnet-4-5@20250929 is not available on your vertex deployment.'
  ],
  [
    "There's an issue with the selected model (claude-sonnet-4-5). It may not exist or you may not have access to it. Run --model to pick a different model.",
    "There's an issue with the selected model (claude-sonnet-4-5). It may not exist or you may not have access to it."
  ],
  [
    'AWS authentication failed · enable this model for your account and region in the Amazon Bedrock console, or run --model to pick another model · API Error: 403 Denied.',
    'AWS authentication failed · enable this model for your account and region in the Amazon Bedrock console · API Error: 403 Denied.'
  ],
  ['API Error: 500 Internal server error', 'API Error: 500 Internal server error']
])('without the CLI advice: %s', (text, expected) => {
  expect(withoutCliModelAdvice(text)).toBe(expected)
})

const bedrock = (kind: 'role' | 'ambient' | 'api-key'): ProviderSettings => ({
  name: 'bedrock',
  region: 'us-east-1',
  auth:
    kind === 'role'
      ? { kind, roleArn: 'arn:aws:iam::123456789012:role/x', sessionName: 's', durationSeconds: 3600, audience: 'sts.amazonaws.com' }
      : kind === 'api-key'
        ? { kind, apiKey: 'k' }
        : { kind }
})

test('Bedrock 400 and 404 about the model name the model input and the listing command for the region', () => {
  const hint = explainModelError(404, 'x', { provider: bedrock('role'), region: 'us-west-2', model: 'us.anthropic.claude-x' })
  expect(hint).toContain('Bedrock has no model us.anthropic.claude-x in us-west-2: set the model input')
  expect(hint).toContain('aws bedrock list-inference-profiles --region us-west-2')
  expect(explainModelError(400, 'The provided model identifier is invalid.', { provider: bedrock('role') })).toContain('--region us-east-1')
  expect(explainModelError(400, 'Malformed input request', { provider: bedrock('role') })).toBeUndefined()
})

test('a Bedrock 403 names session-policy with a role, not without one; an API key has its own message', () => {
  expect(explainModelError(403, 'x', { provider: bedrock('role') })).toMatch(/aws-marketplace:ViewSubscriptions.*session-policy/)
  expect(explainModelError(403, 'x', { provider: bedrock('ambient') })).not.toContain('session-policy')
  expect(explainModelError(403, 'x', { provider: bedrock('api-key') })).toBeUndefined()
})

test('Vertex 404 points at Model Garden and the model input; the Claude API 404 at the model input', () => {
  const vertex: ProviderSettings = { name: 'vertex', region: 'us-east5', projectId: 'my-project', auth: { kind: 'ambient' } }
  expect(explainModelError(404, 'x', { provider: vertex, region: 'us-east5', model: 'claude-x@1' })).toMatch(
    /^Vertex AI has no model claude-x@1 in us-east5 for project my-project: enable it in Vertex AI Model Garden .*set the model input/
  )
  expect(explainModelError(404, 'x', { provider: { name: 'anthropic', apiKey: 'k' }, model: 'claude-x' })).toMatch(
    /^The Claude API has no model claude-x .*set the model input/
  )
  expect(explainModelError(500, 'x', { provider: vertex })).toBeUndefined()
})
