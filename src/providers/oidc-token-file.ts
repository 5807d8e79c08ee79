// The OIDC token file a CLI reads its assertion from (Google's credential_source, Anthropic's
// ANTHROPIC_IDENTITY_TOKEN_FILE): a JWT for one audience only, never the runner's request URL or token.
import { fetchIdToken, type OidcToken } from '../lib/oidc.js'
import { writePrivateFile } from '../lib/private-file.js'

/** An OIDC token as written to the token file, with its expiry in epoch ms. */
export interface WrittenToken extends OidcToken {
  expiresAtMs: number
}

/** GitHub's OIDC tokens live five minutes; assumed when a token carries no `exp`. */
const DEFAULT_TOKEN_LIFE_MS = 5 * 60_000

/**
 * Fetches a fresh OIDC token for the audience and replaces the token file with it, atomically;
 * not when `abandoned` has aborted meanwhile (the file may be gone, and must stay gone).
 */
export async function refreshTokenFile(file: string, audience: string, deadline: number, abandoned?: AbortSignal): Promise<WrittenToken> {
  const token = await fetchIdToken(audience, deadline)
  if (!abandoned?.aborted) writePrivateFile(file, token.jwt)
  return { ...token, expiresAtMs: token.expiresAt ? token.expiresAt * 1000 : Date.now() + DEFAULT_TOKEN_LIFE_MS }
}
