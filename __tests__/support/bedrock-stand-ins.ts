// The loopback world a Bedrock run needs: GitHub OIDC, STS (ours or moto) and the model endpoint,
// which verifies every SigV4 signature with the secret that STS issued.
import { loopbackTls, startModel, startMoto, startOidc, startSts } from '../stand-ins/index.js'

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/claude-code-ci'

type Model = Awaited<ReturnType<typeof startModel>>
type Oidc = Awaited<ReturnType<typeof startOidc>>
type Sts = Awaited<ReturnType<typeof startSts>>

export interface BedrockWorld {
  model: Model
  oidc: Oidc
  /** Our own STS, which validates tokens and injects faults; undefined when moto serves STS. */
  sts?: Sts
  stsUrl: string
  inputs: Record<string, string>
  env: Record<string, string>
  /** Every secret any stand-in issued, for leak checks. */
  secrets(): string[]
  close(): Promise<void>
}

export interface WorldOptions {
  sts?: 'own' | 'moto'
  oidcLifetimeSeconds?: number
  credentialLifetimeSeconds?: number
  /** Our STS over https, with the stand-in certificate (clients need writeCaBundle's NODE_EXTRA_CA_CERTS). */
  stsTls?: boolean
  text?: string
  /** Scripted model turns (tool calls), as startModel takes them. */
  turns?: NonNullable<Parameters<typeof startModel>[0]>['turns']
  /** Bedrock holds another secret for the issued key, so every signature fails to verify. */
  wrongSecret?: boolean
  /** Another CI's tokens (issuer, subject, claims), which the test mints itself. */
  oidc?: Parameters<typeof startOidc>[0]
  /** STS holds every renewal (each AssumeRole after the first) until this holds; polled. */
  renewOnceTrue?: () => boolean
  /**
   * Expiry by events, not the clock: the first keys count as expired from the moment renewed ones
   * exist (until then, valid), and renewal waits for Bedrock to accept a first main call.
   */
  expireFirstKeysOnRenewal?: boolean
}

export async function startBedrockWorld(options: WorldOptions = {}): Promise<BedrockWorld> {
  let sts: Sts | undefined
  let moto: Awaited<ReturnType<typeof startMoto>> = null
  // What the STS in use issued, looked up when a request arrives (renewal issues more).
  const issuedWith = async (accessKeyId: string) => ((await moto?.issued()) ?? sts?.issued ?? []).find(c => c.accessKeyId === accessKeyId)
  const model = await startModel({
    text: options.text ?? 'Reviewed on Bedrock.',
    turns: options.turns,
    awsSecretFor: async accessKeyId => {
      const issued = await issuedWith(accessKeyId)
      if (issued && options.expireFirstKeysOnRenewal) {
        const all = sts?.issued ?? []
        const expired = all.length > 1 && all[0].accessKeyId === accessKeyId
        return { ...issued, expiration: expired ? '2000-01-01T00:00:00Z' : '2100-01-01T00:00:00Z' }
      }
      return issued && options.wrongSecret ? { ...issued, secretAccessKey: `not-${issued.secretAccessKey}` } : issued
    }
  })
  const oidc = await startOidc({ lifetimeSeconds: options.oidcLifetimeSeconds, ...options.oidc })
  if (options.sts === 'moto') {
    moto = await startMoto()
    // The machine image has moto; without it, say which stand-in ran instead.
    if (!moto) console.log('moto_server is not on PATH; using the project STS stand-in')
  }
  if (!moto) {
    sts = await startSts({
      validToken: jwt => oidc.issued.includes(jwt),
      credentialLifetimeSeconds: options.credentialLifetimeSeconds,
      tls: options.stsTls ? loopbackTls() : undefined
    })
  }
  const renewOnceTrue = options.renewOnceTrue ?? (options.expireFirstKeysOnRenewal ? () => model.requests.some(r => r.main && r.signatureValid) : undefined)
  if (sts && renewOnceTrue) {
    const renewalAllowed = (async () => {
      while (!renewOnceTrue()) await new Promise(resolve => setTimeout(resolve, 50))
    })()
    // The first AssumeRole answers at once; each later one (a renewal) once the condition holds.
    sts.script([{ holdUntil: Promise.resolve() }, ...Array.from({ length: 20 }, () => ({ holdUntil: renewalAllowed }))])
  }
  const stsUrl = moto?.url ?? (sts as Sts).url
  return {
    model,
    oidc,
    sts,
    stsUrl,
    inputs: { provider: 'bedrock', region: 'us-east-1', 'role-to-assume': ROLE_ARN, 'sts-endpoint': stsUrl, model: 'claude-sonnet-4-5' },
    env: {
      ANTHROPIC_BEDROCK_BASE_URL: model.url,
      CLAUDE_CODE_MAX_RETRIES: '0',
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
    },
    secrets: () => [oidc.requestToken, ...oidc.issued, ...(sts?.issued ?? []).flatMap(c => [c.accessKeyId, c.secretAccessKey, c.sessionToken])],
    close: async () => {
      await Promise.all([model.close(), oidc.close(), sts?.close(), moto?.close()])
    }
  }
}
