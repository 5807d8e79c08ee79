// readSettings for provider foundry: the resource or base URL (exactly one), keyless, API key or ambient
// auth, AZURE_AUTHORITY_HOST, and the one-line errors for the usual slips. No network.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FoundrySettings } from '../../../src/settings/settings.js'
import { clearInputs, problemsOf, readOnly } from '../../support/input-support.js'

const CLIENT = '11111111-2222-4333-8444-555555555555'
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const workspace = mkdtempSync(path.join(os.tmpdir(), 'cca-foundry-inputs-'))

function read(inputs: Record<string, string>, env: Record<string, string> = {}): FoundrySettings {
  return readOnly({ provider: 'foundry', prompt: 'hi', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env }).provider as FoundrySettings
}

function problems(inputs: Record<string, string>, env: Record<string, string> = {}): string[] {
  return problemsOf({ provider: 'foundry', prompt: 'hi', ...inputs }, { GITHUB_WORKSPACE: workspace, ...env })
}

afterAll(clearInputs)

test('keyless: a resource, a client and a tenant; Entra audience and the public cloud by default', () => {
  expect(read({ 'foundry-resource': 'my-foundry', 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT })).toEqual({
    name: 'foundry',
    resource: 'my-foundry',
    baseUrl: undefined,
    auth: {
      kind: 'workload-identity',
      clientId: CLIENT,
      tenantId: TENANT,
      audience: 'api://AzureADTokenExchange',
      authorityHost: 'https://login.microsoftonline.com'
    }
  })
})

test('AZURE_AUTHORITY_HOST and audience select a sovereign cloud; a tenant may be a domain name', () => {
  const settings = read(
    {
      'foundry-base-url': 'https://my-foundry.services.ai.azure.us/anthropic/',
      'azure-client-id': CLIENT,
      'azure-tenant-id': 'contoso.onmicrosoft.us',
      audience: 'api://AzureADTokenExchangeUSGov'
    },
    { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' }
  )
  expect(settings).toMatchObject({
    baseUrl: 'https://my-foundry.services.ai.azure.us/anthropic',
    auth: { tenantId: 'contoso.onmicrosoft.us', audience: 'api://AzureADTokenExchangeUSGov', authorityHost: 'https://login.microsoftonline.us' }
  })
})

test("an API key, or neither (the job's Azure credentials)", () => {
  expect(read({ 'foundry-resource': 'my-foundry', 'foundry-api-key': 'key-0123456789' }).auth).toEqual({ kind: 'api-key', apiKey: 'key-0123456789' })
  expect(read({ 'foundry-resource': 'my-foundry' }).auth).toEqual({ kind: 'ambient' })
})

test('exactly one of foundry-resource and foundry-base-url', () => {
  expect(problems({})).toEqual([
    "Input 'foundry-resource': Foundry needs its resource; set foundry-resource: NAME (as in https://NAME.services.ai.azure.com), or foundry-base-url."
  ])
  expect(problems({ 'foundry-resource': 'a1', 'foundry-base-url': 'https://a1.services.ai.azure.com/anthropic' })).toEqual([
    "Input 'foundry-base-url': give either foundry-resource or foundry-base-url, not both."
  ])
})

test('a URL given as foundry-resource names the resource to give instead', () => {
  expect(problems({ 'foundry-resource': 'https://my-foundry.services.ai.azure.com/anthropic' })).toEqual([
    "Input 'foundry-resource': 'https://my-foundry.services.ai.azure.com/anthropic' is not a resource name; give just the name, foundry-resource: my-foundry, or the whole URL as foundry-base-url."
  ])
  expect(problems({ 'foundry-base-url': 'my-foundry' })).toEqual([
    "Input 'foundry-base-url': 'my-foundry' is not an http(s) URL, e.g. https://sts.us-east-1.amazonaws.com."
  ])
})

test('keyless needs both IDs, in their shapes, and excludes the API key', () => {
  expect(problems({ 'foundry-resource': 'r1', 'azure-client-id': CLIENT })).toEqual([
    "Input 'azure-tenant-id': keyless Foundry needs the tenant too; add azure-tenant-id: the Directory (tenant) ID of the app."
  ])
  expect(problems({ 'foundry-resource': 'r1', 'azure-tenant-id': TENANT })).toEqual([
    "Input 'azure-client-id': keyless Foundry needs the app or managed identity; add azure-client-id: its Application (client) ID."
  ])
  expect(problems({ 'foundry-resource': 'r1', 'azure-client-id': 'my-app', 'azure-tenant-id': TENANT })).toEqual([
    "Input 'azure-client-id': 'my-app' is not valid; expected the form 00000000-0000-0000-0000-000000000000 (the Application (client) ID)."
  ])
  expect(problems({ 'foundry-resource': 'r1', 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT, 'foundry-api-key': 'key-0123456789' })).toEqual([
    "Input 'foundry-api-key': give either azure-client-id (keyless) or foundry-api-key, not both."
  ])
})

test('audience without keyless, an http authority, regions and STS are errors', () => {
  expect(problems({ 'foundry-resource': 'r1', audience: 'api://AzureADTokenExchange' })).toEqual([
    "Input 'audience': is used with azure-client-id only; add azure-client-id or remove audience."
  ])
  expect(
    problems({ 'foundry-resource': 'r1', 'azure-client-id': CLIENT, 'azure-tenant-id': TENANT }, { AZURE_AUTHORITY_HOST: 'http://login.example' })
  ).toEqual([
    "Input 'azure-tenant-id': AZURE_AUTHORITY_HOST 'http://login.example' is not an https URL; set it to e.g. https://login.microsoftonline.us, or unset it."
  ])
  expect(problems({ 'foundry-resource': 'r1', region: 'eastus', 'sts-endpoint': 'https://sts.example', 'fallback-regions': 'westus' })).toEqual([
    "Input 'region': does not apply to provider 'foundry' (the Foundry resource fixes the region); remove it.",
    "Input 'sts-endpoint': does not apply to provider 'foundry' (the Foundry resource fixes the region); remove it.",
    "Input 'fallback-regions': a Foundry resource has no regions to fail over to; use it with provider bedrock or vertex, or fail over across deployments with fallback-models."
  ])
})

test('Foundry inputs on another provider are errors, and the provider list names foundry', () => {
  expect(problems({ provider: 'anthropic', 'anthropic-api-key': 'sk-ant-0123456789', 'azure-client-id': CLIENT })).toEqual([
    "Input 'azure-client-id': only applies to provider 'foundry', but provider is 'anthropic'; remove it or set provider: foundry."
  ])
  expect(problems({ provider: 'openai' })[0]).toBe(
    "Input 'provider': 'openai' is not a provider; use anthropic, bedrock, vertex, foundry, anthropic-aws or anthropic-google-cloud."
  )
})
