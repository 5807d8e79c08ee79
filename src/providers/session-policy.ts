// What an assumed role's session may do unless session-policy says otherwise (Bedrock, Claude Platform on AWS). Its own module,
// without the AWS SDK, because inputs.ts reads it before any provider is loaded.

/**
 * The default inline session policy: the session can call Bedrock's model APIs and the inference-profile
 * reads the CLI makes, whatever else the role may do, and, through Bedrock only, the Marketplace
 * subscription a model's first use in an account needs (as Bedrock's guide grants it). A session's rights
 * are the intersection of this and the role's policies, so `Resource: *` grants nothing the role does not.
 */
export const BEDROCK_SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ClaudeCodeBedrockOnly',
      Effect: 'Allow',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:ListInferenceProfiles', 'bedrock:GetInferenceProfile'],
      Resource: '*'
    },
    {
      Sid: 'ClaudeCodeModelSubscriptionViaBedrock',
      Effect: 'Allow',
      Action: ['aws-marketplace:ViewSubscriptions', 'aws-marketplace:Subscribe'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:CalledViaLast': 'bedrock.amazonaws.com' } }
    }
  ]
})

/**
 * The default for Claude Platform on AWS: the inference calls the model gateway forwards (a message,
 * counting its tokens) on workspaces, as the service's IAM guide writes them; nothing of Bedrock's.
 */
export const ANTHROPIC_AWS_SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ClaudePlatformOnAwsInferenceOnly',
      Effect: 'Allow',
      Action: ['aws-external-anthropic:CreateInference', 'aws-external-anthropic:CountTokens'],
      Resource: 'arn:aws:aws-external-anthropic:*:*:workspace/*'
    }
  ]
})
