// The keyless Foundry `az`: it answers only Claude Code's Cognitive Services token request, from the
// token file, and passes every other command to the real Azure CLI (or says it is not installed).
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asksForFoundryToken, findRealAz } from '../../../src/bin/azure-cli-token.js'
import { ROOT, STEP_NODE } from '../../support/runner.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const CLI_REQUEST = ['account', 'get-access-token', '--output', 'json', '--resource', 'https://cognitiveservices.azure.com']

test("Claude Code's request, and its equivalent forms, are answered", () => {
  expect(asksForFoundryToken(CLI_REQUEST, TENANT)).toBe(true)
  expect(asksForFoundryToken(['account', 'get-access-token', '--resource=https://cognitiveservices.azure.com/', '-o', 'json'], TENANT)).toBe(true)
  expect(
    asksForFoundryToken(['account', 'get-access-token', '--scope', 'https://cognitiveservices.azure.com/.default', '--tenant', TENANT.toUpperCase()], TENANT)
  ).toBe(true)
})

test('other resources, tenants, formats and commands are not', () => {
  expect(asksForFoundryToken(['account', 'get-access-token'], TENANT)).toBe(false)
  expect(asksForFoundryToken(['account', 'get-access-token', '--resource', 'https://management.azure.com'], TENANT)).toBe(false)
  expect(asksForFoundryToken([...CLI_REQUEST, '--tenant', '00000000-0000-0000-0000-000000000000'], TENANT)).toBe(false)
  expect(asksForFoundryToken(['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '-o', 'tsv'], TENANT)).toBe(false)
  expect(asksForFoundryToken([...CLI_REQUEST, '--query', 'accessToken'], TENANT)).toBe(false)
  expect(asksForFoundryToken(['account', 'show'], TENANT)).toBe(false)
  expect(asksForFoundryToken([...CLI_REQUEST, '--resource'], TENANT)).toBe(false)
})

test('the real az is the first on PATH that is not the helper itself', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-az-'))
  const own = path.join(dir, 'own')
  const real = path.join(dir, 'real')
  for (const d of [own, real]) {
    mkdirSync(d)
    writeFileSync(path.join(d, 'az'), '#!/bin/sh\n', { mode: 0o755 })
  }
  expect(findRealAz([own, path.join(dir, 'missing'), real].join(path.delimiter), own)).toBe(path.join(real, 'az'))
  expect(findRealAz(own, own)).toBeUndefined()
})

describe('the bundled helper (dist/azure-cli-token.js)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cca-az-run-'))
  const own = path.join(dir, 'own')
  const real = path.join(dir, 'real')
  const tokenFile = path.join(dir, 'token.json')
  const token = JSON.stringify({ accessToken: 'entra-token-0123456789', expires_on: 1, tokenType: 'Bearer' })
  mkdirSync(own)
  mkdirSync(real)
  writeFileSync(tokenFile, token)
  const helper = path.join(ROOT, 'dist', 'azure-cli-token.js')
  const az = (args: string[], pathDirs: string[]) =>
    spawnSync(STEP_NODE, [helper, tokenFile, TENANT, own, ...args], {
      encoding: 'utf8',
      env: { PATH: [own, ...pathDirs, path.dirname(STEP_NODE), '/usr/bin', '/bin'].join(path.delimiter) }
    })

  test('prints the token file for the Foundry request and nothing else', () => {
    const result = az(CLI_REQUEST, [])
    expect(result).toMatchObject({ status: 0, stdout: token, stderr: '' })
  })

  test('passes any other command, arguments and exit code to the real az', () => {
    writeFileSync(path.join(real, 'az'), '#!/bin/sh\necho "real az: $*"\nexit 3\n')
    chmodSync(path.join(real, 'az'), 0o755)
    const result = az(['account', 'get-access-token', '--resource', 'https://management.azure.com'], [real])
    expect(result.status).toBe(3)
    expect(result.stdout).toBe('real az: account get-access-token --resource https://management.azure.com\n')
    expect(result.stdout).not.toContain('entra-token')
  })

  test('without a real az, other commands fail as a missing az would, printing no token', () => {
    const result = az(['group', 'list'], [])
    expect(result.status).toBe(127)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/the Azure CLI is not installed on this runner/)
  })
})
