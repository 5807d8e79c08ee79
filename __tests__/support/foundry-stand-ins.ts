// The loopback world a keyless Foundry run needs: GitHub OIDC, Entra over TLS (trusted through
// NODE_EXTRA_CA_CERTS, as a runner trusts a corporate CA) and the Foundry model endpoint, which lets
// in only unexpired tokens that Entra issued.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEntra, startModel, startOidc, writeCaBundle } from '../stand-ins/index.js'

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'
export const CLIENT_ID = '11111111-2222-4333-8444-555555555555'
export const DEPLOYMENT = 'claude-sonnet-4-5'
export const SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main'
export const FOUNDRY_API_KEY = 'foundry-standin-key-0123456789abcdef'

type Model = Awaited<ReturnType<typeof startModel>>

export interface FoundryWorld {
  model: Model
  oidc: Awaited<ReturnType<typeof startOidc>>
  entra: Awaited<ReturnType<typeof startEntra>>
  /** Keyless inputs: provider, base URL, client and tenant, the deployment. */
  inputs: Record<string, string>
  env: Record<string, string>
  secrets(): string[]
  close(): Promise<void>
}

export interface FoundryWorldOptions {
  tokenLifetimeSeconds?: number
  /** The subjects of the app's federated credentials; default the OIDC stand-in's. */
  subjects?: string[]
  turns?: NonNullable<Parameters<typeof startModel>[0]>['turns']
  /** The resource's deployments; default DEPLOYMENT alone. */
  deployments?: string[]
}

export async function startFoundryWorld(options: FoundryWorldOptions = {}): Promise<FoundryWorld> {
  const oidc = await startOidc({ subject: SUBJECT })
  const entra = await startEntra({
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    subjects: options.subjects ?? [SUBJECT],
    validAssertion: jwt => oidc.issued.includes(jwt),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds
  })
  const model = await startModel({
    text: 'Reviewed on Foundry.',
    turns: options.turns,
    foundry: { tokenExpiry: token => entra.tokenExpiry(token), apiKey: FOUNDRY_API_KEY, deployments: options.deployments ?? [DEPLOYMENT] }
  })
  const ca = writeCaBundle(path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-ca-')), 'ca.pem'), process.env.NODE_EXTRA_CA_CERTS)
  return {
    model,
    oidc,
    entra,
    inputs: {
      provider: 'foundry',
      'foundry-base-url': `${model.url}/anthropic`,
      'azure-client-id': CLIENT_ID,
      'azure-tenant-id': TENANT_ID,
      model: DEPLOYMENT
    },
    env: {
      AZURE_AUTHORITY_HOST: entra.url,
      NODE_EXTRA_CA_CERTS: ca,
      CLAUDE_CODE_MAX_RETRIES: '0',
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
    },
    secrets: () => [oidc.requestToken, ...oidc.issued, ...entra.issued.map(t => t.accessToken), FOUNDRY_API_KEY],
    close: async () => {
      await Promise.all([model.close(), oidc.close(), entra.close()])
    }
  }
}
