// The loopback worlds of the Claude API on the clouds. Claude Platform on AWS: GitHub OIDC, STS and the
// endpoint, which checks the workspace header and verifies every SigV4 signature (service
// aws-external-anthropic) with the secret STS issued. Claude on Google Cloud: GitHub OIDC, Google STS and
// IAM Credentials, and the endpoint, which lets in only the impersonated service account's tokens.
import { decodeJwt, startGoogle, startModel, startOidc, startSts } from '../stand-ins/index.js'

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/claude-platform-ci'
export const WORKSPACE_ID = 'wrkspc_01ClaudeCloudE2eWorkspace'
export const WIF_PROVIDER = 'projects/123456789/locations/global/workloadIdentityPools/github-pool/providers/github-actions'
export const SERVICE_ACCOUNT = 'claude-ci@claude-gc-prod.iam.gserviceaccount.com'
export const GOOGLE_PROJECT = 'claude-gc-prod'

type Model = Awaited<ReturnType<typeof startModel>>
type Oidc = Awaited<ReturnType<typeof startOidc>>
type Turns = NonNullable<Parameters<typeof startModel>[0]>['turns']

export interface AwsWorld {
  model: Model
  oidc: Oidc
  sts: Awaited<ReturnType<typeof startSts>>
  /** Inputs and job env of a keyless run in us-west-2. */
  inputs: Record<string, string>
  env: Record<string, string>
  close(): Promise<void>
}

export interface AwsWorldOptions {
  turns?: Turns
  /** The workspace key the endpoint takes as x-api-key. */
  apiKey?: string
  credentialLifetimeSeconds?: number
  /** The first keys count as expired once renewed ones exist (expiry by events, not the clock). */
  expireFirstKeysOnRenewal?: boolean
  /** STS holds every renewal (each AssumeRole after the first) until this holds; polled. */
  renewOnceTrue?: () => boolean
  /** Another CI's tokens (issuer, subject, claims), which the test mints itself. */
  oidc?: Parameters<typeof startOidc>[0]
}

export async function startAwsWorld(options: AwsWorldOptions = {}): Promise<AwsWorld> {
  const oidc = await startOidc(options.oidc)
  const sts = await startSts({ validToken: jwt => oidc.issued.includes(jwt), credentialLifetimeSeconds: options.credentialLifetimeSeconds })
  const model = await startModel({
    text: 'Reviewed on Claude Platform on AWS.',
    turns: options.turns,
    anthropicAws: { workspaceId: WORKSPACE_ID, apiKey: options.apiKey },
    awsSecretFor: accessKeyId => {
      const issued = sts.issued.find(c => c.accessKeyId === accessKeyId)
      if (!issued || !options.expireFirstKeysOnRenewal) return issued
      const expired = sts.issued.length > 1 && sts.issued[0].accessKeyId === accessKeyId
      return { ...issued, expiration: expired ? '2000-01-01T00:00:00Z' : '2100-01-01T00:00:00Z' }
    }
  })
  const renewOnceTrue = options.renewOnceTrue
  if (renewOnceTrue) {
    const renewalAllowed = (async () => {
      while (!renewOnceTrue()) await new Promise(resolve => setTimeout(resolve, 50))
    })()
    sts.script([{ holdUntil: Promise.resolve() }, ...Array.from({ length: 20 }, () => ({ holdUntil: renewalAllowed }))])
  }
  return {
    model,
    oidc,
    sts,
    inputs: {
      provider: 'anthropic-aws',
      region: 'us-west-2',
      'workspace-id': WORKSPACE_ID,
      'role-to-assume': ROLE_ARN,
      'sts-endpoint': sts.url,
      model: 'claude-sonnet-4-5'
    },
    env: {
      ANTHROPIC_AWS_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
    },
    close: async () => {
      await Promise.all([model.close(), oidc.close(), sts.close()])
    }
  }
}

export interface GoogleWorld {
  model: Model
  oidc: Oidc
  google: Awaited<ReturnType<typeof startGoogle>>
  /** Where the calls of the project, location and workspace go on the endpoint. */
  invokePath(location: string): string
  inputs: Record<string, string>
  env: Record<string, string>
  close(): Promise<void>
}

export async function startGoogleWorld(options: { turns?: Turns } = {}): Promise<GoogleWorld> {
  const oidc = await startOidc()
  const google = await startGoogle({
    expectedAudience: `//iam.googleapis.com/${WIF_PROVIDER}`,
    validSubjectToken: jwt => oidc.issued.includes(jwt) && decodeJwt(jwt).aud === `https://iam.googleapis.com/${WIF_PROVIDER}`
  })
  const model = await startModel({
    text: 'Reviewed on Claude on Google Cloud.',
    turns: options.turns,
    // Only what IAM Credentials issued for the service account: a federated token is not enough.
    googleCloud: { validBearer: token => google.issued.serviceAccount.includes(token) }
  })
  const invokePath = (location: string) => `/v1/projects/${GOOGLE_PROJECT}/locations/${location}/workspaces/${WORKSPACE_ID}/invoke`
  return {
    model,
    oidc,
    google,
    invokePath,
    inputs: {
      provider: 'anthropic-google-cloud',
      region: 'us-east5',
      'workspace-id': WORKSPACE_ID,
      'workload-identity-provider': WIF_PROVIDER,
      'service-account': SERVICE_ACCOUNT,
      'sts-endpoint': google.stsUrl,
      'iam-credentials-endpoint': google.iamUrl,
      model: 'claude-sonnet-4-5'
    },
    env: {
      // As the CLI reads it: everything up to /invoke (a Private Service Connect endpoint would look the same).
      ANTHROPIC_GOOGLE_CLOUD_BASE_URL: `${model.url}${invokePath('us-east5')}`,
      CLAUDE_CODE_MAX_RETRIES: '0',
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
    },
    close: async () => {
      await Promise.all([model.close(), oidc.close(), google.close()])
    }
  }
}
