// Amazon Bedrock: an assumed role through OIDC, a Bedrock API key, or the ambient AWS chain.
import { log, platform } from '../platform/platform.js'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { writePrivateFile } from '../lib/private-file.js'
import { renewingAndReexporting } from '../lib/renewal.js'
import { addSecret } from '../platform/secrets.js'
import type { BedrockSettings } from '../settings/settings.js'
import { assumeRoleWithOidc, type AwsCredentials } from './aws-role.js'
import type { PrepareProvider, ProviderSession } from './provider.js'
import { BEDROCK_SESSION_POLICY } from './session-policy.js'

/** The helper Claude Code runs (awsCredentialExport) to read the credentials the action keeps fresh. */
const EXPORT_HELPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'aws-credential-export.js')

export const prepareBedrock: PrepareProvider<BedrockSettings> = async ({ settings, provider: bedrock, tempDir, deadline }) => {
  const session: ProviderSession = {
    region: bedrock.region,
    env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: bedrock.region },
    credentialEnv: {},
    regionEnv: region => ({ AWS_REGION: region }),
    credentialFiles: []
  }
  // The job env's own AWS credentials reach the CLI too (and, without a role, sign its calls): they
  // are secrets like the API key, redacted from the result, the log and the execution file.
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_BEARER_TOKEN_BEDROCK']) addSecret(process.env[name])
  const auth = bedrock.auth
  if (auth.kind === 'api-key') {
    addSecret(auth.apiKey)
    session.credentialEnv.AWS_BEARER_TOKEN_BEDROCK = auth.apiKey
    log.info('Bedrock: using the Bedrock API key')
    return session
  }
  if (auth.kind === 'ambient') {
    log.info('Bedrock: no role-to-assume or bedrock-api-key given; Claude Code uses the ambient AWS credential chain (env, profile or instance role)')
    return session
  }

  const scope =
    auth.sessionPolicy === undefined
      ? 'no session policy'
      : auth.sessionPolicy === BEDROCK_SESSION_POLICY
        ? 'session policy: Bedrock calls only'
        : 'the session-policy input'
  log.info(`Bedrock: assuming ${auth.roleArn} as session ${auth.sessionName} with the job's OIDC token (${scope})`)
  const credentials = await assumeRoleWithOidc(auth, bedrock.region, deadline)
  log.info(`Bedrock: assumed ${auth.roleArn} in account ${credentials.accountId ?? 'unknown'}, valid until ${new Date(credentials.expiresAt).toISOString()}`)
  const credentialsFile = path.join(tempDir, 'aws-credentials.json')
  writeCredentialsFile(credentialsFile, credentials)
  session.awsAccountId = credentials.accountId
  session.credentialFiles.push(credentialsFile)
  // The CLI asks the helper (it takes precedence over env credentials) at start and again whenever
  // Bedrock calls a credential expired, so the keys stay out of the env of every tool it runs.
  session.exportedCredentialEnv = credentialVariables(credentials)
  session.cliSettings = { awsCredentialExport: `"${process.execPath}" "${EXPORT_HELPER}" "${credentialsFile}"` }
  session.keepFresh = renewingAndReexporting({
    name: 'AWS credentials',
    first: credentials,
    fetch: deadline => assumeRoleWithOidc(auth, bedrock.region, deadline),
    store: next => writeCredentialsFile(credentialsFile, next),
    reexport: settings.exportCredentials ? exportForLaterSteps : undefined
  })
  return session
}

function credentialVariables(credentials: AwsCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken
  }
}

/** The renewed keys replace the first ones for later steps (export-credentials); they are masked already. */
function exportForLaterSteps(credentials: AwsCredentials): void {
  for (const [name, value] of Object.entries(credentialVariables(credentials))) platform().exportVariable(name, value)
  log.info(`Bedrock: later steps get the renewed AWS credentials, valid until ${new Date(credentials.expiresAt).toISOString()}`)
}

/** The shape `aws sts assume-role` prints, which is what awsCredentialExport must print. */
function writeCredentialsFile(file: string, credentials: AwsCredentials): void {
  writePrivateFile(
    file,
    JSON.stringify({
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: new Date(credentials.expiresAt).toISOString()
      }
    })
  )
}
