// The GitHub platform takes the runner's OIDC request URL and token out of process.env when it is
// made, and puts them back only for the synchronous start of @actions/core's getIDToken: a process
// spawned at any other moment (the CLI install's npm, Claude Code and its tools) never inherits them,
// and a renewal much later still gets a token.
import { execFileSync } from 'node:child_process'
import { githubActions } from '../../../src/platform/github-actions.js'
import { startOidc } from '../../stand-ins/index.js'

const NAMES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']
const inChild = (): string =>
  execFileSync(process.execPath, ['-e', `process.stdout.write(${JSON.stringify(NAMES)}.filter(n => process.env[n]).join())`], { encoding: 'utf8' })

test('the request variables leave process.env at once, and every token request, the renewal too, still gets a token', async () => {
  const oidc = await startOidc()
  try {
    Object.assign(process.env, { ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken })
    const platform = githubActions()
    for (const name of NAMES) expect(process.env[name]).toBeUndefined()
    expect(inChild()).toBe('')
    expect(platform.idTokenUnavailable()).toBeUndefined()

    const pending = platform.idToken('sts.amazonaws.com')
    // The request is under way: a process spawned now sees neither variable.
    for (const name of NAMES) expect(process.env[name]).toBeUndefined()
    expect(inChild()).toBe('')
    const first = await pending
    const renewed = await platform.idToken('sts.amazonaws.com')

    expect(oidc.issued).toEqual([first, renewed])
    expect(oidc.requests.map(r => r.authorization)).toEqual([`Bearer ${oidc.requestToken}`, `Bearer ${oidc.requestToken}`])
    for (const name of NAMES) expect(process.env[name]).toBeUndefined()
  } finally {
    await oidc.close()
  }
})

test('a job without id-token: write still gets the permission help', () => {
  const platform = githubActions({ PATH: '/bin' })
  expect(platform.idTokenUnavailable()).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set')
})
