// Bundled in place of undici (tsconfig.build.json). Only @actions/github uses it, for Octokit's
// fetch and its proxy dispatcher; the OIDC request and the cloud SDKs never do, so it stays a lazy
// chunk until loadUndici() runs before Octokit.
import type * as Undici from '../../node_modules/undici/index.js'

let real: typeof Undici | undefined

export async function loadUndici(): Promise<void> {
  real ??= await import('../../node_modules/undici/index.js')
}

function loaded(): typeof Undici {
  if (!real) throw new Error('undici was used before loadUndici()')
  return real
}

export type ProxyAgent = Undici.ProxyAgent

export const ProxyAgent = function (...args: ConstructorParameters<typeof Undici.ProxyAgent>) {
  return new (loaded().ProxyAgent)(...args)
} as unknown as typeof Undici.ProxyAgent

export const fetch: typeof Undici.fetch = (...args) => loaded().fetch(...args)
