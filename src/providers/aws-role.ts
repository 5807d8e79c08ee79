// STS AssumeRoleWithWebIdentity with the job's OIDC token: retried only where a retry can help,
// explained where it cannot, and with every credential part masked as soon as it arrives.
import { log, platform } from '../platform/platform.js'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import http from 'node:http'
import https from 'node:https'
import { expiresSoon, fetchIdToken, readJwtClaims, trustClaims, type OidcToken } from '../lib/oidc.js'
import { AttemptTimeoutError, isTransient, withRetry } from '../lib/retry.js'
import { addSecret } from '../platform/secrets.js'
import { renewingAndReexporting } from '../lib/renewal.js'
import type { AwsRoleAuth as RoleAuth } from '../settings/settings.js'

export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  /** Epoch ms. */
  expiresAt: number
  accountId?: string
}

interface AwsError {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  /** Node's network errors: the host that did not resolve, the address that refused. */
  hostname?: string
  address?: string
  port?: number
}

/** STS answers in well under a second; an attempt still waiting after this is abandoned and retried. */
const ATTEMPT_TIMEOUT_MS = 20_000

export async function assumeRoleWithOidc(auth: RoleAuth, region: string, deadline: number): Promise<AwsCredentials> {
  const client = new STSClient({
    region,
    endpoint: auth.stsEndpoint,
    maxAttempts: 1,
    // Node >= 24.5 agents read HTTPS_PROXY / HTTP_PROXY / NO_PROXY themselves when given the environment
    // (action.yml runs node24); older Node ignores proxyEnv and connects directly (proxy.test.ts).
    requestHandler: {
      httpAgent: new http.Agent({ proxyEnv: process.env }),
      httpsAgent: new https.Agent({ proxyEnv: process.env })
    }
  })
  let token: OidcToken = await fetchIdToken(auth.audience, deadline)
  let forceNewToken = false
  let refusal: Error | undefined
  try {
    const response = await withRetry(
      async (_attempt, signal) => {
        if (forceNewToken || expiresSoon(token.expiresAt ? token.expiresAt * 1000 : undefined)) {
          token = await fetchIdToken(auth.audience, deadline)
          forceNewToken = false
        }
        return client.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: auth.roleArn,
            RoleSessionName: auth.sessionName,
            WebIdentityToken: token.jwt,
            DurationSeconds: auth.durationSeconds,
            // The same policy on every renewal: renewed keys must not be broader than the first ones.
            Policy: auth.sessionPolicy
          }),
          { abortSignal: signal }
        )
      },
      {
        attempts: 6,
        deadline,
        attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
        isRetryable: error => {
          const e = error as AwsError
          if (e.name === 'ExpiredTokenException') forceNewToken = true
          return forceNewToken || e.name === 'IDPCommunicationError' || isTransient(e.$metadata?.httpStatusCode, e.code ?? e.name, e.name)
        },
        onRetry: (error, attempt, delayMs) =>
          log.info(`STS AssumeRoleWithWebIdentity failed (${describe(error as AwsError)}); attempt ${attempt + 1} in ${delayMs} ms`)
      }
    )
    const credentials = response.Credentials
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
      throw new Error('STS answered without credentials')
    }
    addSecret(credentials.AccessKeyId)
    addSecret(credentials.SecretAccessKey)
    addSecret(credentials.SessionToken)
    const accountId = response.AssumedRoleUser?.Arn?.split(':')[4]
    refusal = accountRefusal(auth, accountId)
    if (refusal) throw refusal
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiresAt: credentials.Expiration?.getTime() ?? Date.now() + auth.durationSeconds * 1000,
      accountId
    }
  } catch (error) {
    if (error === refusal) throw error
    throw new Error(explain(error as AwsError, auth, token), { cause: error })
  } finally {
    client.destroy()
  }
}

/** allowed-account-ids, as configure-aws-credentials checks it: the keys are refused before anything gets them. */
function accountRefusal(auth: RoleAuth, accountId: string | undefined): Error | undefined {
  const allowed = auth.allowedAccountIds
  if (!allowed || (accountId && allowed.includes(accountId))) return undefined
  return new Error(
    `The assumed role ${auth.roleArn} is in account ${accountId ?? '(STS did not say)'}, which is not in allowed-account-ids (${allowed.join(', ')}); ` +
      'its credentials were not used. Check role-to-assume and sts-endpoint, or add the account to allowed-account-ids.'
  )
}

function describe(error: AwsError): string {
  if (error instanceof AttemptTimeoutError) return error.message
  const status = error.$metadata?.httpStatusCode
  return [error.name ?? error.code, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ') || String(error.message)
}

/** Turns STS's terse errors into the cause and the fix. */
export function explain(error: AwsError, auth: RoleAuth, token: OidcToken): string {
  const message = error.message ?? String(error)
  const subject = token.subject ?? 'unknown'
  // IAM names a provider's condition keys after its issuer: token.actions.githubusercontent.com:sub, gitlab.com:sub.
  const { issuer } = trustClaims(token.jwt)
  // Outside GitHub the CI chose the audience (id_tokens: aud:), whatever the audience input says.
  const claimed = readJwtClaims(token.jwt).aud
  const audience = typeof claimed === 'string' ? claimed : auth.audience
  const words = platform().traits.words
  const audienceFix = platform().traits.issuesIdToken ? '' : ` (set by the ${words.audienceSetting})`
  if (error.name === 'AccessDenied' || /not authorized to perform sts:AssumeRoleWithWebIdentity/i.test(message)) {
    return (
      `STS refused to let this job assume ${auth.roleArn}: ${message}\n` +
      `The role's trust policy does not accept this job's token, or the role does not exist. Its conditions must match ` +
      `${issuer.replace(/^https:\/\//, '')}:sub = "${subject}" and :aud = "${audience}"${audienceFix}; see docs/aws.md.`
    )
  }
  if (error.name === 'InvalidIdentityToken' || error.name === 'InvalidIdentityTokenException') {
    return (
      `STS rejected the ${words.idToken} (InvalidIdentityToken): ${message}\n` +
      `The account of ${auth.roleArn} needs an IAM OIDC identity provider for ${issuer} ` +
      `whose audience list holds "${audience}"${audienceFix}; see docs/aws.md.`
    )
  }
  const endpoint = auth.stsEndpoint ?? 'the STS endpoint'
  if (error instanceof AttemptTimeoutError) {
    return (
      `STS AssumeRoleWithWebIdentity for ${auth.roleArn} got no answer from ${endpoint} ` +
      `${error.atDeadline ? 'before the credential deadline' : 'in time'} (waited ${error.waitedSeconds} s).\n` +
      'Check sts-endpoint, and HTTPS_PROXY / NO_PROXY if the runner needs a proxy; re-run if STS itself was slow.'
    )
  }
  if (error.code === 'ENOTFOUND') {
    return (
      `STS AssumeRoleWithWebIdentity for ${auth.roleArn}: the host ${error.hostname ?? endpoint} does not resolve (ENOTFOUND).\n` +
      "Check sts-endpoint (or AWS_ENDPOINT_URL_STS) for a typo, and the runner's DNS."
    )
  }
  if (error.code === 'ECONNREFUSED') {
    const at = error.address ? `${error.address}${error.port ? `:${error.port}` : ''}` : endpoint
    return (
      `STS AssumeRoleWithWebIdentity for ${auth.roleArn}: nothing accepts connections at ${at} (ECONNREFUSED).\n` +
      'Check the host and port of sts-endpoint (or AWS_ENDPOINT_URL_STS), and HTTPS_PROXY / NO_PROXY if a proxy is in the way.'
    )
  }
  if (error.name === 'ValidationError' && /DurationSeconds/i.test(message)) {
    return `STS refused role-duration-seconds ${auth.durationSeconds}: ${message}\nLower role-duration-seconds, or raise the role's maximum session duration.`
  }
  return `STS AssumeRoleWithWebIdentity for ${auth.roleArn} failed (${describe(error)}): ${message}`
}

/** The variables export-credentials hands later steps. */
export function awsCredentialVariables(credentials: AwsCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken
  }
}

/** Renewed keys replace the first ones for later steps (export-credentials); they are masked already. */
export function reexportAwsCredentials(label: string): (credentials: AwsCredentials) => void {
  return credentials => {
    for (const [name, value] of Object.entries(awsCredentialVariables(credentials))) platform().exportVariable(name, value)
    log.info(`${label}: later steps get the renewed AWS credentials, valid until ${new Date(credentials.expiresAt).toISOString()}`)
  }
}

/** A role assumed for a provider: the first keys, the ones current now (renewed in memory), and the renewal. */
export interface HeldRole {
  first: AwsCredentials
  current(): AwsCredentials
  keepFresh: () => () => Promise<void>
}

/**
 * Assumes the role for a provider (`label` in the log), saying which session policy scopes it
 * (`defaultPolicy` is the provider's own, described as `defaultPolicyWords`); `detail` ends the log line.
 */
export async function holdAssumedRole(options: {
  label: string
  auth: RoleAuth
  region: string
  deadline: number
  defaultPolicy: string
  defaultPolicyWords: string
  exportCredentials: boolean
  detail?: string
}): Promise<HeldRole> {
  const { label, auth, region } = options
  const scope =
    auth.sessionPolicy === undefined
      ? 'no session policy'
      : auth.sessionPolicy === options.defaultPolicy
        ? `session policy: ${options.defaultPolicyWords}`
        : 'the session-policy input'
  log.info(`${label}: assuming ${auth.roleArn} as session ${auth.sessionName} with the job's OIDC token (${scope})`)
  const first = await assumeRoleWithOidc(auth, region, options.deadline)
  const until = new Date(first.expiresAt).toISOString()
  log.info(`${label}: assumed ${auth.roleArn} in account ${first.accountId ?? 'unknown'}, valid until ${until}${options.detail ? `; ${options.detail}` : ''}`)
  let current = first
  // Renewed in memory; each call is signed with the keys current when it goes out.
  const keepFresh = renewingAndReexporting({
    name: 'AWS credentials',
    first,
    fetch: deadline => assumeRoleWithOidc(auth, region, deadline),
    store: next => (current = next),
    reexport: options.exportCredentials ? reexportAwsCredentials(label) : undefined
  })
  return { first, current: () => current, keepFresh }
}
