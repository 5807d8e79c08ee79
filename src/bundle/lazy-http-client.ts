// Bundled in place of @actions/http-client (tsconfig.build.json). @actions/core imports it, and
// with it undici, only for getIDToken; evaluated at start they were most of every step's start-up,
// the post step's too. Here the real client is a lazy chunk, loaded by loadHttpClient() before the
// first OIDC request or Octokit. Under jest and tsc nothing changes. @actions/github, which pins
// http-client 3, gets the 4 of @actions/core here too: the part it uses (getAgent, getAgentDispatcher)
// is the same in both, and the PR comment tests run through it.
import type * as HttpClientModule from '../../node_modules/@actions/http-client/lib/index.js'

let real: typeof HttpClientModule | undefined

export async function loadHttpClient(): Promise<void> {
  real ??= await import('../../node_modules/@actions/http-client/lib/index.js')
}

export type HttpClient = HttpClientModule.HttpClient

/** What @actions/core and @actions/github construct; by then loadHttpClient() has run. */
export const HttpClient = function (...args: ConstructorParameters<typeof HttpClientModule.HttpClient>) {
  if (!real) throw new Error('@actions/http-client was used before loadHttpClient()')
  return new real.HttpClient(...args)
} as unknown as typeof HttpClientModule.HttpClient
