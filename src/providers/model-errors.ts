// What a model API error means for this action's users. The CLI's own advice names its flag and an
// older model ("Try --model to switch to …", "Run --model to pick a different model"), which a workflow
// does not have: that advice goes, and the fix names the `model` input and how to list valid ids.
import type { ProviderSettings } from '../settings/settings.js'
import { explainFoundryStatus } from './foundry-errors.js'

/** The CLI's `--model` advice, up to the end of its sentence; a model id holds dots, so the end is a dot before a space. */
const CLI_MODEL_ADVICE = [
  /,? or run --model to pick another model/gi,
  / ?Try --model to switch to \S+?(?:, or ask your admin to enable this model)?\.(?=\s|$)/g,
  / ?Run --model to pick a different model\./g
]

/** The CLI's message without its `--model` advice. */
export function withoutCliModelAdvice(text: string): string {
  return CLI_MODEL_ADVICE.reduce((rest, advice) => rest.replace(advice, ''), text).trim()
}

export interface ModelErrorContext {
  provider: ProviderSettings
  /** Where the attempt ran (Bedrock, Vertex). */
  region?: string
  /** The model the CLI asked for. */
  model?: string
}

/** The fix for a model error the CLI ended with; undefined when the status needs none from the action. */
export function explainModelError(status: number, text: string, { provider, region, model }: ModelErrorContext): string | undefined {
  const asked = model ? ` ${model}` : ''
  switch (provider.name) {
    case 'bedrock': {
      const where = region ?? provider.region
      if (status === 404 || (status === 400 && /model/i.test(text))) {
        return (
          `Bedrock has no model${asked} in ${where}: set the model input to an inference profile id offered there, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0 ` +
          `(list them with aws bedrock list-inference-profiles --region ${where}), and enable the model in the Bedrock console (Model access).`
        )
      }
      if (status === 403 && provider.auth.kind !== 'api-key') {
        const policy =
          provider.auth.kind === 'role'
            ? ' The session is also limited by session-policy: a policy of your own must allow bedrock:InvokeModel* and, for a first use, aws-marketplace:ViewSubscriptions and Subscribe; session-policy: none leaves it to the role.'
            : ''
        return (
          `Bedrock denied the call to${asked || ' the model'} in ${where} (403): enable the model in the Bedrock console (Model access) for this account and region, and let the role call ` +
          `bedrock:InvokeModel and InvokeModelWithResponseStream on it; a model's first use in the account also needs aws-marketplace:ViewSubscriptions and Subscribe.${policy}`
        )
      }
      return undefined
    }
    case 'vertex':
      if (status !== 404) return undefined
      return (
        `Vertex AI has no model${asked} in ${region ?? provider.region} for project ${provider.projectId}: enable it in Vertex AI Model Garden (console.cloud.google.com/vertex-ai/model-garden) ` +
        'and set the model input to its id with the version, e.g. claude-sonnet-4-5@20250929; a model missing in one region may be offered in global, us or eu.'
      )
    case 'anthropic':
      if (status !== 404) return undefined
      return `The Claude API has no model${asked} for this key: set the model input to a model id or alias the organization may use, e.g. claude-sonnet-4-5 (GET /v1/models lists them).`
    case 'foundry':
      return explainFoundryStatus(status)
    case 'anthropic-aws':
      if (status === 404) {
        return `Claude Platform on AWS has no model${asked} for workspace ${provider.workspaceId}: set the model input to a Claude API model id or alias, e.g. claude-sonnet-4-5 (not a Bedrock inference profile).`
      }
      if (status !== 403 || provider.auth.kind === 'api-key') return undefined
      return (
        `Claude Platform on AWS denied the call to workspace ${provider.workspaceId} in ${provider.region} (403): let the role call aws-external-anthropic:CreateInference on it ` +
        `(the AWS managed policy AnthropicInferenceAccess grants it; a session-policy of your own must allow it too), and set region to the workspace's own region.`
      )
    case 'anthropic-google-cloud':
      if (status === 404) {
        return `Claude on Google Cloud has no model${asked} for workspace ${provider.workspaceId}: set the model input to a Claude API model id or alias, e.g. claude-sonnet-4-5 (not a Vertex id with @version).`
      }
      if (status !== 403) return undefined
      return (
        `Claude on Google Cloud denied the call to workspace ${provider.workspaceId} in project ${provider.projectId} (403): grant roles/claude.user on the project to the service account ` +
        '(or the federated principal), and enable claude.googleapis.com and anthropic-managed-claude.cloudpartnerservices.goog there.'
      )
  }
}
