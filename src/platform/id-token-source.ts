// The OIDC token outside GitHub Actions: the CI hands the job a JWT (GitLab's `id_tokens:`) in a
// variable (id-token-env) or a file (id-token-file). Its audience was chosen in the CI's config, so
// the token is returned whatever audience is asked for; it is read again at every renewal.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readJwtClaims } from '../lib/oidc.js'
import type { Log } from './platform.js'

export interface IdTokenSource {
  /** Why there is no token, with the fix; undefined when one is configured. */
  unavailable(): string | undefined
  read(audience: string): Promise<string>
}

export const ID_TOKEN_HELP = [
  'This job has no OIDC token: outside GitHub Actions, name where the CI puts it with id-token-env or id-token-file.',
  'In GitLab CI:',
  '  id_tokens:',
  '    CLAUDE_ID_TOKEN:',
  '      aud: sts.amazonaws.com   # or the Vertex audience; see docs/gitlab.md',
  '  variables:',
  '    CLAUDE_CLOUD_ID_TOKEN_ENV: CLAUDE_ID_TOKEN'
].join('\n')

export function idTokenSource(input: (name: string) => string, env: NodeJS.ProcessEnv, log: Log): IdTokenSource {
  let shown = ''
  const describe = (): string => {
    const variable = input('id-token-env')
    return variable ? `$${variable}` : path.resolve(input('id-token-file'))
  }
  return {
    unavailable: () => (input('id-token-env') || input('id-token-file') ? undefined : ID_TOKEN_HELP),
    read: async audience => {
      const variable = input('id-token-env')
      const jwt = (variable ? (env[variable] ?? '') : readFileSync(path.resolve(input('id-token-file')), 'utf8')).trim()
      if (!jwt) throw new Error(`The OIDC token in ${describe()} is empty; check the id_tokens: entry of the job.`)
      if (jwt !== shown) {
        shown = jwt
        // The claims a trust policy matches on, never the token: a mismatch can be fixed from the log alone.
        const claims = readJwtClaims(jwt)
        const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : String(claims.aud ?? 'none')
        log.info(
          `OIDC token from ${describe()}: iss ${String(claims.iss ?? 'none')}, sub ${String(claims.sub ?? 'none')}, aud ${aud} (the provider expects ${audience})`
        )
      }
      return jwt
    }
  }
}
