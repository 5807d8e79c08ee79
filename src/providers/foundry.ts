// Microsoft Foundry: keyless through Entra workload identity federation (the job's OIDC token for an
// Entra access token), a Foundry API key, or the job's own Azure credentials (an earlier azure/login).
//
// Long runs: Claude Code 2.1.331 reads ANTHROPIC_FOUNDRY_AUTH_TOKEN once, at start, and Entra tokens
// live 60-90 minutes. Of the two ways to renew (resume the session with a new token after the model
// refuses the old one, or the CLI's own Azure CLI credential), the second is taken: with no token or key
// set, the CLI runs `az account get-access-token … --resource https://cognitiveservices.azure.com`
// and runs it again whenever its token is expiring (seen on loopback), so a bundled `az` first on its
// PATH hands it the token the action renews in a file, mid-turn, without restarting the CLI or losing
// the turn in flight. That `az` answers nothing else itself (see azure-cli-token.ts).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { log, platform } from '../platform/platform.js'
import { removingFilesOnFailure } from '../lib/remove-files.js'
import { writePrivateFile } from '../lib/private-file.js'
import { renewingAndReexporting } from '../lib/renewal.js'
import { addSecret } from '../platform/secrets.js'
import type { FoundryAuth, FoundrySettings, Settings } from '../settings/settings.js'
import { exchangeWithEntra, type EntraToken } from './entra.js'
import type { PrepareProvider, ProviderSession } from './provider.js'

type WorkloadIdentity = Extract<FoundryAuth, { kind: 'workload-identity' }>

const AZ_HELPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'azure-cli-token.js')

/**
 * Azure SDK EnvironmentCredential inputs: the CLI's Azure chain tries them before the Azure CLI, so on
 * keyless runs they are blanked for it (an empty value counts as unset), or they would win over the token.
 */
const ENVIRONMENT_CREDENTIAL_SECRETS = [
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_USERNAME',
  'AZURE_PASSWORD'
]

export const prepareFoundry: PrepareProvider<FoundrySettings> = async ({ settings, provider: foundry, tempDir, deadline }) => {
  const session: ProviderSession = {
    env: {
      CLAUDE_CODE_USE_FOUNDRY: '1',
      ...(foundry.resource ? { ANTHROPIC_FOUNDRY_RESOURCE: foundry.resource } : { ANTHROPIC_FOUNDRY_BASE_URL: foundry.baseUrl ?? '' })
    },
    credentialEnv: {},
    regionEnv: () => ({}),
    credentialFiles: []
  }
  const where = foundry.resource ? `resource ${foundry.resource}` : foundry.baseUrl
  const auth = foundry.auth
  if (auth.kind === 'api-key') {
    addSecret(auth.apiKey)
    // An empty value is unset for the CLI: a token an earlier step exported must not win over the key.
    session.credentialEnv = { ANTHROPIC_FOUNDRY_API_KEY: auth.apiKey, ANTHROPIC_FOUNDRY_AUTH_TOKEN: '' }
    session.exportedCredentialEnv = { ANTHROPIC_FOUNDRY_API_KEY: auth.apiKey }
    log.info(`Foundry: ${where}, with the Foundry API key`)
    return session
  }
  if (auth.kind === 'ambient') {
    log.info(
      `Foundry: ${where}; no azure-client-id or foundry-api-key given, so Claude Code uses the job's Azure credentials ` +
        '(ANTHROPIC_FOUNDRY_AUTH_TOKEN or ANTHROPIC_FOUNDRY_API_KEY in the env, AZURE_CLIENT_SECRET, or the Azure CLI login of an earlier azure/login step)'
    )
    return session
  }
  await removingFilesOnFailure(session.credentialFiles, () => useWorkloadIdentity(session, auth, settings, tempDir, deadline))
  log.info(`Foundry: ${where}`)
  return session
}

async function useWorkloadIdentity(session: ProviderSession, auth: WorkloadIdentity, settings: Settings, tempDir: string, deadline: number): Promise<void> {
  log.info(
    `Foundry: exchanging the job's OIDC token (audience ${auth.audience}) with Entra (${auth.authorityHost}) for app ${auth.clientId} in tenant ${auth.tenantId}`
  )
  const first = await exchangeWithEntra(auth, deadline)
  log.info(`Foundry: Entra issued an access token, valid until ${new Date(first.expiresAt).toISOString()}`)

  const tokenFile = path.join(tempDir, 'entra-token.json')
  const azDir = path.join(tempDir, 'azure-cli')
  session.credentialFiles.push(tokenFile)
  writeTokenFile(tokenFile, first, auth.tenantId)
  writeAzShim(azDir, tokenFile, auth.tenantId)
  const blanks = Object.fromEntries(ENVIRONMENT_CREDENTIAL_SECRETS.filter(name => process.env[name]).map(name => [name, '']))
  if (Object.keys(blanks).length > 0) {
    log.info(`Foundry: ${Object.keys(blanks).join(', ')} from the job env are blanked for Claude Code, so it uses the federated token`)
  }
  session.credentialEnv = {
    // No token in the env: the CLI would read it once and never ask `az` again.
    ANTHROPIC_FOUNDRY_AUTH_TOKEN: '',
    ANTHROPIC_FOUNDRY_API_KEY: '',
    ...blanks,
    PATH: [azDir, process.env.PATH].filter(Boolean).join(path.delimiter)
  }
  // Later steps (export-credentials) get the token itself; the file and the shim go with this step.
  session.exportedCredentialEnv = { ANTHROPIC_FOUNDRY_AUTH_TOKEN: first.accessToken }

  session.keepFresh = renewingAndReexporting({
    name: 'Entra access token for Foundry',
    first,
    fetch: deadline => exchangeWithEntra(auth, deadline),
    store: next => writeTokenFile(tokenFile, next, auth.tenantId),
    reexport: settings.exportCredentials
      ? latest => {
          platform().exportVariable('ANTHROPIC_FOUNDRY_AUTH_TOKEN', latest.accessToken)
          log.info(`Foundry: later steps get the renewed Entra access token, valid until ${new Date(latest.expiresAt).toISOString()}`)
        }
      : undefined
  })
}

/** What `az account get-access-token --output json` prints; the Azure SDK reads accessToken and expires_on. */
function writeTokenFile(file: string, token: EntraToken, tenantId: string): void {
  const expires = new Date(token.expiresAt)
  writePrivateFile(
    file,
    JSON.stringify({
      accessToken: token.accessToken,
      expiresOn: expires.toISOString().replace('T', ' ').replace('Z', ''),
      expires_on: Math.floor(token.expiresAt / 1000),
      subscription: '',
      tenant: tenantId,
      tokenType: 'Bearer'
    })
  )
}

/** A directory holding only `az`, a sh script that runs the bundled helper with Node. No secret is in it. */
function writeAzShim(dir: string, tokenFile: string, tenantId: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const words = [process.execPath, AZ_HELPER, tokenFile, tenantId, dir].map(shellQuote).join(' ')
  const file = path.join(dir, 'az')
  writeFileSync(file, `#!/bin/sh\nexec ${words} "$@"\n`, { mode: 0o700 })
  chmodSync(file, 0o700)
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}
