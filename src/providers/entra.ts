// Microsoft Entra: the job's OIDC token, as a client assertion, is exchanged for an access token to
// Azure AI services (client credentials). MSAL does the protocol: the authority's OpenID
// configuration, the v2.0 token endpoint and Entra's error codes.
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node'
import { fetchIdToken, readJwtClaims } from '../lib/oidc.js'
import { log } from '../platform/platform.js'
import { addSecret } from '../platform/secrets.js'
import type { FoundryAuth } from '../settings/settings.js'

type WorkloadIdentity = Extract<FoundryAuth, { kind: 'workload-identity' }>

/** The scope of Foundry (Azure AI services) data-plane calls; Claude Code asks `az` for the same resource. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default'

export interface EntraToken {
  accessToken: string
  /** Epoch ms. */
  expiresAt: number
}

/** Exchanges a freshly fetched OIDC token for an Entra access token; throws with the fix when Entra refuses. */
export async function exchangeWithEntra(auth: WorkloadIdentity, deadline: number): Promise<EntraToken> {
  let assertion: string | undefined
  // A client per exchange: it is cheap, and a renewal then never gets MSAL's cached token back.
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: auth.clientId,
      authority: `${auth.authorityHost}/${auth.tenantId}`,
      clientAssertion: async () => (assertion = (await fetchIdToken(auth.audience, deadline)).jwt),
      // A known authority skips instance discovery, which would ask the public cloud about any other
      // host (a sovereign cloud's, or a test's loopback stand-in).
      knownAuthorities: [new URL(auth.authorityHost).host]
    },
    system: {
      loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: (_level, message) => log.debug(`MSAL: ${message}`) }
    }
  })
  let result
  try {
    result = await beforeDeadline(client.acquireTokenByClientCredential({ scopes: [COGNITIVE_SERVICES_SCOPE], skipCache: true }), deadline, auth)
  } catch (error) {
    throw explainEntraError(error, auth, assertion)
  }
  if (!result?.accessToken) throw new Error(`Entra answered the token exchange for ${auth.clientId} without an access token; check AZURE_AUTHORITY_HOST.`)
  addSecret(result.accessToken)
  return { accessToken: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? Date.now() + 3600_000 }
}

/** MSAL's requests cannot be aborted; one still pending at the deadline is abandoned. */
async function beforeDeadline<T>(work: Promise<T>, deadline: number, auth: WorkloadIdentity): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Entra gave no answer to the token exchange (${auth.authorityHost}) before the credential deadline; check AZURE_AUTHORITY_HOST and HTTPS_PROXY / NO_PROXY, or re-run the job.`
          )
        ),
      Math.max(0, deadline - Date.now())
    )
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Entra's AADSTS codes, turned into what to change in Azure or in the workflow. */
export function explainEntraError(error: unknown, auth: WorkloadIdentity, assertion: string | undefined): Error {
  const raw = String((error as { errorMessage?: string }).errorMessage || (error as Error).message || error)
  const text = raw.split('\n')[0].replace(/\s+/g, ' ').trim().slice(0, 400)
  const code = /AADSTS(\d+)/.exec(raw)?.[1]
  if (code === '700211' || code === '70021' || code === '700213' || code === '700212') {
    const claims = assertion ? readJwtClaims(assertion) : {}
    const iss = String(claims.iss ?? 'unknown')
    const sub = String(claims.sub ?? 'unknown')
    const aud = String(claims.aud ?? auth.audience)
    return new Error(
      `Entra found no federated credential on app ${auth.clientId} that matches this job's token (AADSTS${code}): ` +
        `the token has iss ${iss}, sub ${sub}, aud ${aud}. Add a federated credential with issuer ${iss}, subject ${sub} ` +
        `and audience ${aud} (docs/azure.md). Entra said: ${text}`,
      { cause: error }
    )
  }
  if (code === '700016') {
    return new Error(
      `Entra has no application ${auth.clientId} in tenant ${auth.tenantId} (AADSTS700016): check azure-client-id (the Application (client) ID) ` +
        `and azure-tenant-id (the Directory (tenant) ID). Entra said: ${text}`,
      { cause: error }
    )
  }
  if (code === '90002' || code === '900023') {
    return new Error(
      `Entra does not know tenant ${auth.tenantId} (AADSTS${code}): check azure-tenant-id, and AZURE_AUTHORITY_HOST for a sovereign cloud. Entra said: ${text}`,
      { cause: error }
    )
  }
  if (error instanceof Error && /gave no answer to the token exchange/.test(error.message)) return error
  return new Error(`Entra refused or failed the token exchange for app ${auth.clientId} in tenant ${auth.tenantId}: ${text}`, { cause: error })
}
