// The `az` that Claude Code finds first on its PATH on keyless Foundry. Claude Code 2.1.331 reads
// ANTHROPIC_FOUNDRY_AUTH_TOKEN once, but asks its Azure CLI credential (`az account get-access-token
// --output json --resource https://cognitiveservices.azure.com`) again whenever the token it has is
// expiring: that is the refresh hook. This answers exactly that question, from the token file the action
// keeps fresh, and hands every other command, unchanged, to the real Azure CLI if the runner has one
// (the agent's Bash tool sees this `az` too). It prints nothing of its own but that token's JSON.
// Its own tiny bundle, so each call costs no more than a bare Node start.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import path from 'node:path'

const COGNITIVE_SERVICES = 'https://cognitiveservices.azure.com'

/** True for `az account get-access-token` asking, in JSON, for a Cognitive Services token and nothing else. */
export function asksForFoundryToken(args: string[], tenantId: string): boolean {
  if (args[0] !== 'account' || args[1] !== 'get-access-token') return false
  let resource: string | undefined
  for (let i = 2; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2)
    const value = inline ?? args[++i]
    if (value === undefined) return false
    if (flag === '--output' || flag === '-o') {
      if (value !== 'json') return false
    } else if (flag === '--resource') {
      resource = value.replace(/\/+$/, '')
    } else if (flag === '--scope' || flag === '--scopes') {
      resource = value.replace(/\/\.default$/, '')
    } else if (flag === '--tenant' || flag === '-t') {
      if (value.toLowerCase() !== tenantId.toLowerCase()) return false
    } else {
      return false
    }
  }
  return resource === COGNITIVE_SERVICES
}

/** The first `az` on PATH that is not this one. */
export function findRealAz(pathVariable: string, ownDir: string): string | undefined {
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir || path.resolve(dir) === path.resolve(ownDir)) continue
    const candidate = path.join(dir, 'az')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

function main(): void {
  const [tokenFile, tenantId, ownDir, ...args] = process.argv.slice(2)
  if (!tokenFile || !ownDir) {
    process.stderr.write('usage: azure-cli-token.js <token file> <tenant id> <own dir> [az arguments]\n')
    process.exit(2)
  }
  if (asksForFoundryToken(args, tenantId ?? '')) {
    process.stdout.write(readFileSync(tokenFile, 'utf8'))
    return
  }
  const real = findRealAz(process.env.PATH ?? '', ownDir)
  if (!real) {
    process.stderr.write('az: the Azure CLI is not installed on this runner (claude-cloud-action answers only Foundry token requests).\n')
    process.exit(127)
  }
  const child = spawnSync(real, args, { stdio: 'inherit' })
  process.exit(child.status ?? 1)
}

if (process.argv[1] && path.basename(process.argv[1]).startsWith('azure-cli-token')) main()
