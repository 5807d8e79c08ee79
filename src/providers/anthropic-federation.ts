// The Claude API without a key: Anthropic workload identity federation. Claude Code exchanges the
// job's OIDC token (RFC 7523 jwt-bearer) for short-lived access tokens itself, reading it from
// ANTHROPIC_IDENTITY_TOKEN_FILE at every exchange; the action keeps that file holding a fresh,
// unused token, and first does one exchange of its own so a wrong rule fails in seconds.
import { mkdirSync, watch, type FSWatcher } from 'node:fs'
import path from 'node:path'
import { removingFilesOnFailure } from '../lib/remove-files.js'
import { log } from '../platform/platform.js'
import { keepRenewing, RENEWAL_DEADLINE_MS } from '../lib/renewal.js'
import type { AnthropicFederation, AnthropicSettings } from '../settings/settings.js'
import { refreshTokenFile, type WrittenToken } from './oidc-token-file.js'
import { preflightExchange } from './anthropic-preflight.js'
import type { PrepareProvider, ProviderSession } from './provider.js'

export const WORKLOAD_IDENTITY_LABEL = 'Claude API (workload identity)'

/**
 * Job variables that would win over the federation (an API key, a login, a profile, an inline token)
 * or move its cache out of the private directory; blanked for Claude Code, which reads '' as unset.
 */
const OVERRIDING_VARIABLES = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'ANTHROPIC_IDENTITY_TOKEN',
  'ANTHROPIC_PROFILE',
  'CLAUDE_CODE_FEDERATION_CACHE_DIR'
]

export const prepareAnthropicFederation: PrepareProvider<AnthropicSettings & { federation: AnthropicFederation }> = async ({
  settings,
  provider,
  tempDir,
  deadline
}) => {
  const { federation } = provider
  if (settings.exportCredentials) {
    log.warning(
      'export-credentials does not apply to Claude API workload identity: every OIDC token can be exchanged only once, ' +
        'so later steps get no credentials; give them their own step of this action, or their own exchange.'
    )
  }
  const tokenFile = path.join(tempDir, 'anthropic-identity-token.jwt')
  // Claude Code caches its access tokens under ANTHROPIC_CONFIG_DIR (else ~/.config/anthropic): here they go with the run.
  const configDir = path.join(tempDir, 'anthropic-config')
  const session: ProviderSession = {
    label: WORKLOAD_IDENTITY_LABEL,
    env: {},
    credentialEnv: {},
    // Nothing of it is exported: a later step could not use the token file without the action keeping it fresh.
    exportedCredentialEnv: {},
    regionEnv: () => ({}),
    credentialFiles: [tokenFile, configDir]
  }
  const workspace = federation.workspaceId ? `, workspace ${federation.workspaceId}` : ''
  log.info(
    `Claude API: workload identity federation with rule ${federation.ruleId}, service account ${federation.serviceAccountId}${workspace} ` +
      `(OIDC audience ${federation.audience})`
  )
  // The JWT must not wait for the post step after a failed exchange.
  let token: WrittenToken = await removingFilesOnFailure(session.credentialFiles, async () => {
    const [written, accessExpiry] = await Promise.all([refreshTokenFile(tokenFile, federation.audience, deadline), preflightExchange(federation, deadline)])
    const until = accessExpiry ? `; its access token (dropped) was valid until ${new Date(accessExpiry).toISOString()}` : ''
    log.info(`Claude API: Anthropic accepted the job's OIDC token${until}`)
    return written
  })

  for (const name of OVERRIDING_VARIABLES.filter(name => process.env[name])) {
    log.info(`Claude API: the job env sets ${name}, which would override workload identity; Claude Code gets it blank`)
  }
  Object.assign(session.credentialEnv, Object.fromEntries(OVERRIDING_VARIABLES.map(name => [name, ''])), {
    ANTHROPIC_FEDERATION_RULE_ID: federation.ruleId,
    ANTHROPIC_ORGANIZATION_ID: federation.organizationId,
    ANTHROPIC_SERVICE_ACCOUNT_ID: federation.serviceAccountId,
    ...(federation.workspaceId ? { ANTHROPIC_WORKSPACE_ID: federation.workspaceId } : {}),
    ANTHROPIC_IDENTITY_TOKEN_FILE: tokenFile,
    ANTHROPIC_CONFIG_DIR: configDir
  })

  const renew = async (abandoned: AbortSignal): Promise<number> => {
    const next = await refreshTokenFile(tokenFile, federation.audience, Date.now() + RENEWAL_DEADLINE_MS, abandoned)
    if (!abandoned.aborted) token = next
    return next.expiresAtMs
  }
  // Claude Code exchanges again whenever its access token runs out, in this process or a later one:
  // the file must then hold a token that is neither expired nor used. It is replaced at half its life,
  // and at once when Claude Code writes its token cache, which it does right after spending the file's token.
  const cacheDir = path.join(configDir, 'credentials', 'federation')
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 })
  session.keepFresh = () => {
    const renewal = keepRenewing({ name: 'OIDC token for Anthropic', renew }, token.expiresAtMs)
    const watcher = watchQuietly(cacheDir, () => renewal.renewNow())
    return async () => {
      watcher?.close()
      await renewal()
    }
  }
  return session
}

/** A watch that fails (no inotify watches left) leaves the half-life renewal alone to do the work. */
function watchQuietly(dir: string, onChange: () => void): FSWatcher | undefined {
  try {
    const watcher = watch(dir, { persistent: false }, onChange)
    watcher.on('error', error => log.debug(`Stopped watching ${dir}: ${error.message}`))
    return watcher
  } catch (error) {
    log.debug(`Cannot watch ${dir} (${(error as Error).message}); the OIDC token file is renewed at half its life only`)
    return undefined
  }
}
