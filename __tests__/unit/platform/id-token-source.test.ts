// The OIDC token outside GitHub: the CI's JWT, whatever audience the provider asks for, read again at
// every call (so a renewal picks up a rewritten file), its claims logged once per token, never the token.
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { idTokenSource } from '../../../src/platform/id-token-source.js'
import type { Log } from '../../../src/platform/platform.js'

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature-part-of-the-token`
}

function recordingLog(lines: string[]): Log {
  const record = (message: string) => void lines.push(message)
  return { debug: record, info: record, notice: record, warning: record, error: record, startGroup: record, endGroup: () => undefined, verbatim: record }
}

test('id-token-file is read again at each call; each new token logs iss, sub and aud once, never itself', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-idt-')), 'token')
  const first = jwt({ iss: 'https://gitlab.com', sub: 'project_path:g/p:ref_type:branch:ref:main', aud: 'sts.amazonaws.com' })
  const second = jwt({ iss: 'https://gitlab.com', sub: 'project_path:g/p:ref_type:branch:ref:main', aud: ['a', 'b'] })
  writeFileSync(file, `${first}\n`)
  const lines: string[] = []
  const source = idTokenSource(name => (name === 'id-token-file' ? file : ''), {}, recordingLog(lines))

  expect(source.unavailable()).toBeUndefined()
  expect(await source.read('sts.amazonaws.com')).toBe(first)
  expect(await source.read('another-audience')).toBe(first)
  writeFileSync(file, second)
  expect(await source.read('sts.amazonaws.com')).toBe(second)
  expect(lines).toEqual([
    `OIDC token from ${file}: iss https://gitlab.com, sub project_path:g/p:ref_type:branch:ref:main, aud sts.amazonaws.com (the provider expects sts.amazonaws.com)`,
    `OIDC token from ${file}: iss https://gitlab.com, sub project_path:g/p:ref_type:branch:ref:main, aud a, b (the provider expects sts.amazonaws.com)`
  ])
})

test('id-token-env reads the variable at each call; an empty one is an error; none configured says how', async () => {
  const env: NodeJS.ProcessEnv = { CLAUDE_ID_TOKEN: jwt({ sub: 's' }) }
  const source = idTokenSource(name => (name === 'id-token-env' ? 'CLAUDE_ID_TOKEN' : ''), env, recordingLog([]))
  expect(await source.read('x')).toBe(env.CLAUDE_ID_TOKEN)
  env.CLAUDE_ID_TOKEN = ' '
  await expect(source.read('x')).rejects.toThrow('The OIDC token in $CLAUDE_ID_TOKEN is empty')
  expect(idTokenSource(() => '', {}, recordingLog([])).unavailable()).toMatch(/id_tokens:/)
})
