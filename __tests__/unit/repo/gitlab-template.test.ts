// templates/claude-cloud-action.yml, the GitLab CI/CD template, checked as GitLab reads it:
// both YAML documents (the `spec: inputs:` header and the job) against GitLab's own CI schema
// (__tests__/fixtures/gitlab-ci-schema.json, see extract-gitlab-ci-schema.mjs beside it), as written and
// with the inputs interpolated; a broken copy must fail it. Then what the schema cannot say: the inputs
// are the issue's, free text reaches the shell only as one quoted argument, every flag is an action
// input, and the examples include the template with inputs it declares.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import _Ajv from 'ajv'
import _addFormats from 'ajv-formats'
import yaml from 'js-yaml'
import { readActionYml, ROOT } from '../../support/runner.js'

// CommonJS packages: under NodeNext the default import is module.exports, whose .default is the same function.
const Ajv = _Ajv.default
const addFormats = _addFormats.default

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
interface InputSpec {
  description?: string
  type?: 'string' | 'boolean' | 'number' | 'array'
  options?: Json[]
  default?: Json
  regex?: string
}
interface Job {
  stage: string
  image: string
  id_tokens: Record<string, { aud: string }>
  variables: Record<string, string>
  script: string[]
  artifacts: { when: string; paths: string[]; reports: { dotenv: string } }
}

const TEMPLATE_PATH = 'templates/claude-cloud-action.yml'
const TEMPLATE_TEXT = readFileSync(path.join(ROOT, TEMPLATE_PATH), 'utf8')
const DOCUMENTS = yaml.safeLoadAll(TEMPLATE_TEXT) as [{ spec: { inputs: Record<string, InputSpec> } }, Record<string, Job>]
const INPUTS = DOCUMENTS[0].spec.inputs
const schema = JSON.parse(readFileSync(path.join(ROOT, '__tests__', 'fixtures', 'gitlab-ci-schema.json'), 'utf8'))
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
const validateCi = ajv.compile(schema)

/** The schema's complaints about one YAML document, as `path: message`; [] when it is valid. */
function schemaErrors(document: unknown): string[] {
  return validateCi(document) ? [] : (validateCi.errors ?? []).map(e => `${e.instancePath || '/'}: ${e.message}`)
}

const BLOCK = /\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g
const WHOLE_BLOCK = /^\$\[\[\s*inputs\.([\w-]+)\s*\]\]$/

/** An input's value as GitLab checks it: a declared name, the default when not given, its type and options. */
function inputValue(name: string, given: Record<string, Json>): Json {
  const spec = INPUTS[name]
  if (!spec) throw new Error(`unknown interpolation key: ${name}`)
  const value = name in given ? given[name] : spec.default
  if (value === undefined) throw new Error(`${name}: required value has not been provided`)
  const type = spec.type ?? 'string'
  if ((Array.isArray(value) ? 'array' : typeof value) !== type) throw new Error(`${name}: provided value is not a ${type}`)
  if (spec.options && !spec.options.includes(value)) throw new Error(`${name}: ${String(value)} is not in the list of allowed options`)
  return value
}

/**
 * GitLab's interpolation of a parsed document: a string that is one block becomes the input's value
 * with its type, blocks inside a longer string become text; keys are interpolated too.
 */
function interpolate(node: Json, given: Record<string, Json>): Json {
  if (typeof node === 'string') {
    const whole = WHOLE_BLOCK.exec(node)
    if (whole) return inputValue(whole[1], given)
    return node.replace(BLOCK, (_, name: string) => String(inputValue(name, given)))
  }
  if (Array.isArray(node)) return node.map(item => interpolate(item, given))
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [interpolate(key, given) as string, interpolate(value, given)]))
  return node
}

const job = (given: Record<string, Json> = {}): Job => Object.values(interpolate(DOCUMENTS[1] as unknown as Json, given) as unknown as Record<string, Job>)[0]

const FULL_INPUTS: Record<string, Json> = {
  'job-name': 'claude-review',
  stage: 'review',
  image: 'node:24',
  install: 'git',
  repository: 'https://gitlab.example.com/mirrors/claude-cloud-action',
  version: 'v1.4.0',
  provider: 'bedrock',
  'id-token-audience': 'sts.amazonaws.com',
  'role-to-assume': '$CLAUDE_ROLE_ARN',
  region: 'us-east-1',
  'fallback-regions': 'us-west-2,eu-west-1',
  prompt: 'Review the changes of merge request !$CI_MERGE_REQUEST_IID.',
  model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'allowed-tools': 'Read,Grep,Glob,Bash(git diff:*)',
  'claude-args': '--add-dir "docs and notes"',
  comment: true,
  'review-comments': true,
  'output-dir': 'claude-output'
}

test('the template is two YAML documents: the spec: inputs: header, then the one job', () => {
  expect(DOCUMENTS).toHaveLength(2)
  expect(Object.keys(DOCUMENTS[0])).toEqual(['spec'])
  expect(Object.keys(DOCUMENTS[0].spec)).toEqual(['inputs'])
  expect(Object.keys(DOCUMENTS[1])).toEqual(['$[[ inputs.job-name ]]'])
  // The `---` that GitLab splits on, alone on its line.
  expect(TEMPLATE_TEXT.split('\n').filter(line => line === '---')).toHaveLength(1)
})

test('the fixture is GitLab CI schema, with the spec: inputs: header in it', () => {
  expect(schema.$id).toBe('https://gitlab.com/.gitlab-ci.yml')
  expect(schema.properties.spec.properties.inputs).toEqual({ $ref: '#/definitions/configInputs' })
  expect(schema.definitions.baseInput.properties.type.enum).toEqual(['array', 'boolean', 'number', 'string'])
})

test('both documents are valid against GitLab CI schema, as written and with the inputs interpolated', () => {
  expect(schemaErrors(DOCUMENTS[0])).toEqual([])
  expect(schemaErrors(DOCUMENTS[1])).toEqual([])
  for (const given of [{}, FULL_INPUTS]) {
    const interpolated = interpolate(DOCUMENTS[1] as unknown as Json, given)
    expect(JSON.stringify(interpolated)).not.toContain('$[[')
    expect(schemaErrors(interpolated)).toEqual([])
  }
})

test('a broken copy of either document fails the schema, where it is broken', () => {
  const header = structuredClone(DOCUMENTS[0])
  header.spec.inputs.provider.options = 'anthropic' as unknown as Json[]
  header.spec.inputs.comment.type = 'bool' as InputSpec['type']
  header.spec.inputs.comment.default = 'yes'
  header.spec.inputs.stage.description = 'x'.repeat(1025)
  const headerErrors = schemaErrors(header)
  expect(headerErrors).toEqual(
    expect.arrayContaining([
      '/spec/inputs/provider/options: must be array',
      '/spec/inputs/comment/type: must be equal to one of the allowed values',
      '/spec/inputs/stage/description: must NOT have more than 1024 characters'
    ])
  )

  const broken = structuredClone(DOCUMENTS[1]) as unknown as Record<string, Record<string, Json>>
  const key = '$[[ inputs.job-name ]]'
  delete (broken[key].id_tokens as Record<string, Record<string, Json>>).CLAUDE_ID_TOKEN.aud
  ;(broken[key].artifacts as Record<string, Json>).when = 'sometimes'
  ;(broken[key].artifacts as Record<string, Record<string, Json>>).reports.dotenv = 42
  broken[key].artefacts = { paths: ['out/'] }
  const jobErrors = schemaErrors(broken)
  expect(jobErrors).toEqual(
    expect.arrayContaining([
      `/${key}/id_tokens/CLAUDE_ID_TOKEN: must have required property 'aud'`,
      `/${key}/artifacts/when: must be equal to one of the allowed values`,
      `/${key}/artifacts/reports/dotenv: must be string`,
      `/${key}: must NOT have additional properties`
    ])
  )
  // The intact documents stay valid: the errors are the breakage's.
  expect(schemaErrors(DOCUMENTS[0])).toEqual([])
  expect(schemaErrors(DOCUMENTS[1])).toEqual([])
})

test('the inputs: provider and keyless auth, the task, switches, the job; no key or token is an input', () => {
  expect(Object.keys(INPUTS)).toEqual([
    'job-name',
    'stage',
    'image',
    'install',
    'repository',
    'version',
    'provider',
    'id-token-audience',
    'role-to-assume',
    'region',
    'fallback-regions',
    'workload-identity-provider',
    'service-account',
    'project-id',
    'workspace-id',
    'foundry-resource',
    'azure-client-id',
    'azure-tenant-id',
    'prompt',
    'prompt-file',
    'model',
    'allowed-tools',
    'claude-args',
    'comment',
    'review-comments',
    'output-dir'
  ])
  // Inputs are part of the pipeline's configuration, which every reader of the pipeline sees.
  for (const secret of ['anthropic-api-key', 'bedrock-api-key', 'foundry-api-key', 'anthropic-aws-api-key', 'github-token', 'gitlab-token'])
    expect(INPUTS[secret]).toBeUndefined()
  expect(INPUTS.provider).toMatchObject({
    options: ['anthropic', 'bedrock', 'vertex', 'foundry', 'anthropic-aws', 'anthropic-google-cloud'],
    default: 'anthropic'
  })
  expect(INPUTS.install).toMatchObject({ options: ['auto', 'git', 'download', 'none'], default: 'auto' })
  expect(INPUTS.image.default).toBe('node:24-slim')
  expect(INPUTS.comment).toMatchObject({ type: 'boolean', default: false })
  expect(INPUTS['review-comments']).toMatchObject({ type: 'boolean', default: false })
  // Every input is optional: a default for each, so an include needs only the ones it changes.
  for (const [name, spec] of Object.entries(INPUTS)) expect(`${name}: ${spec.default === undefined ? 'no default' : 'default'}`).toBe(`${name}: default`)
  expect(TEMPLATE_TEXT).toContain('Keys and tokens are not inputs')
})

test('every $[[ inputs.x ]] names a declared input, and every declared input is used', () => {
  const job = TEMPLATE_TEXT.slice(TEMPLATE_TEXT.indexOf('\n---\n'))
  const used = new Set([...job.matchAll(BLOCK)].map(m => m[1]))
  expect([...used].sort()).toEqual(Object.keys(INPUTS).sort())
  // GitLab's block: `$[[ inputs.name ]]`, nothing else spelled like one.
  expect([...job.matchAll(/\$\[\[[^\]]*\]\]/g)].map(m => m[0]).filter(block => !WHOLE_BLOCK.test(block))).toEqual([])
})

test('free-text inputs reach the shell only through variables; the script interpolates only booleans', () => {
  const template = DOCUMENTS[1]['$[[ inputs.job-name ]]']
  const inScript = [...template.script.join('\n').matchAll(BLOCK)].map(m => m[1])
  expect(inScript.length).toBeGreaterThan(0)
  for (const name of inScript) expect(`${name}: ${INPUTS[name].type ?? 'string'}`).toBe(`${name}: boolean`)
  // Each other input is the whole value of one CCA_ variable.
  const viaVariables = Object.entries(template.variables).map(([variable, value]) => [variable, WHOLE_BLOCK.exec(value)?.[1]])
  for (const [variable, name] of viaVariables) expect(variable).toBe(`CCA_${name?.toUpperCase().replace(/-/g, '_')}`)
  // The rest are YAML values of the job (name, stage, image, the token's audience), not shell text.
  const elsewhere = ['job-name', 'stage', 'image', 'id-token-audience', ...inScript]
  expect(viaVariables.map(([, name]) => name).sort()).toEqual(
    Object.keys(INPUTS)
      .filter(name => !elsewhere.includes(name))
      .sort()
  )
})

/** Where a `$` starts in the script outside double quotes: word splitting and globbing would apply. */
function unquotedExpansions(script: string): string[] {
  const found: string[] = []
  let quote = ''
  for (let i = 0; i < script.length; i++) {
    const c = script[i]
    if (quote === "'") {
      if (c === "'") quote = ''
    } else if (c === '\\') i++
    else if (c === '"') quote = quote ? '' : '"'
    else if (c === "'" && !quote) quote = "'"
    else if (c === '$' && !quote) {
      const lineStart = script.lastIndexOf('\n', i) + 1
      // An assignment's right-hand side is neither split nor globbed.
      if (/(^|[\s;])[a-z_]+=$/.test(script.slice(lineStart, i))) continue
      // `$?` is a number.
      if (script[i + 1] === '?') continue
      found.push(script.slice(i, i + 24))
    }
  }
  return found
}

test('every value the script expands is double-quoted: no input is split, globbed or run', () => {
  const scripts = job(FULL_INPUTS).script
  expect(scripts).toHaveLength(2)
  expect(scripts.flatMap(unquotedExpansions)).toEqual([])
  // Each CCA_ variable becomes one argument after its flag, only when it is set.
  const run = scripts[1]
  const variables = Object.keys(job().variables)
  const passed = [...run.matchAll(/if \[ -n "\$(CCA_\w+)" \]; then set -- "\$@" --([a-z-]+) "\$(CCA_\w+)"; fi/g)]
  for (const [, tested, , value] of passed) {
    expect(value).toBe(tested)
    expect(variables).toContain(value)
  }
  expect(passed.map(m => m[2]).sort()).toEqual([
    'allowed-tools',
    'azure-client-id',
    'azure-tenant-id',
    'claude-args',
    'fallback-regions',
    'foundry-resource',
    'model',
    'project-id',
    'prompt',
    'prompt-file',
    'region',
    'role-to-assume',
    'service-account',
    'workload-identity-provider',
    'workspace-id'
  ])
})

test('the flags and CLAUDE_CLOUD_ variables of the script are inputs of action.yml', () => {
  const names = readActionYml().inputs.map(input => input.name)
  const script = job(FULL_INPUTS).script.join('\n')
  const flags = [...script.matchAll(/(?:^|\s)--([a-z][a-z0-9-]*)/g)]
    .map(m => m[1])
    .filter(flag => !['quiet', 'depth', 'branch', 'fail', 'silent', 'show-error', 'location', 'output'].includes(flag))
  expect(flags).toEqual(expect.arrayContaining(['provider', 'output-dir', 'comment-on-pr', 'review-comments', 'prompt', 'id-token-env']))
  expect(flags.filter(flag => !names.includes(flag))).toEqual([])
  const variables = [...TEMPLATE_TEXT.matchAll(/\bCLAUDE_CLOUD_([A-Z0-9_]+)/g)].map(m => m[1].toLowerCase().replace(/_/g, '-'))
  expect(variables.length).toBeGreaterThan(0)
  expect(variables.filter(name => !names.includes(name))).toEqual([])
  // The booleans as the command takes them, `--flag=true|false`.
  expect(script).toContain('--comment-on-pr=true --review-comments=true')
  expect(job().script.join('\n')).toContain('--comment-on-pr=false --review-comments=false')
})

test('the job: its name, stage and image, the OIDC token with the audience, artifacts and the dotenv report', () => {
  const interpolated = interpolate(DOCUMENTS[1] as unknown as Json, FULL_INPUTS) as unknown as Record<string, Job>
  expect(Object.keys(interpolated)).toEqual(['claude-review'])
  const j = interpolated['claude-review']
  expect(j).toMatchObject({ stage: 'review', image: 'node:24', id_tokens: { CLAUDE_ID_TOKEN: { aud: 'sts.amazonaws.com' } } })
  expect(j.artifacts).toEqual({ when: 'always', paths: ['claude-output/'], reports: { dotenv: 'claude-output/outputs.env' } })
  expect(j.variables).toMatchObject({
    CCA_OUTPUT_DIR: 'claude-output',
    CCA_PROMPT: FULL_INPUTS.prompt,
    CCA_ROLE_TO_ASSUME: '$CLAUDE_ROLE_ARN',
    CCA_INSTALL: 'git'
  })
  expect(job()).toMatchObject({ stage: 'test', image: 'node:24-slim', id_tokens: { CLAUDE_ID_TOKEN: { aud: 'https://api.anthropic.com' } } })
  // The install never goes through npx github: or an npm install.
  expect(
    j.script[0]
      .split('\n')
      .filter(line => !line.trim().startsWith('#'))
      .join('\n')
  ).not.toMatch(/npx|npm (i|install)\b/)
  expect(j.script[0]).toContain('git -c advice.detachedHead=false clone --quiet --depth 1 --branch "$CCA_VERSION" -- "$CCA_REPOSITORY"')
})

test('bad inputs are refused as GitLab refuses them: an unknown option, a string for a boolean', () => {
  expect(() => job({ provider: 'openai' })).toThrow('openai is not in the list of allowed options')
  expect(() => job({ install: 'npx' })).toThrow('npx is not in the list of allowed options')
  expect(() => job({ comment: 'yes' })).toThrow('comment: provided value is not a boolean')
  expect(() => job({ install: 'none' })).not.toThrow()
})

test('the script is POSIX: dash and bash parse both steps', () => {
  for (const script of job(FULL_INPUTS).script) {
    for (const shell of ['sh', 'bash']) {
      const parsed = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' })
      expect(`${shell}: ${parsed.status} ${parsed.stderr}`).toBe(`${shell}: 0 `)
    }
  }
})

test.each([
  ['anthropic-aws', { 'role-to-assume': '$CLAUDE_ROLE_ARN', region: 'us-west-2' }],
  ['anthropic-google-cloud', { 'workload-identity-provider': 'projects/1/locations/global/workloadIdentityPools/p/providers/g' }]
])('%s keyless: the job passes its OIDC token and the workspace to the command', (provider, inputs) => {
  // Both steps in one shell, as GitLab runs them, with a claude-cloud-action on the PATH that prints its arguments.
  const bin = mkdtempSync(path.join(os.tmpdir(), 'cca-template-bin-'))
  writeFileSync(path.join(bin, 'claude-cloud-action'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 })
  const built = job({ provider, install: 'none', prompt: 'Review.', 'workspace-id': 'wrkspc_01T', ...inputs })
  const variables = Object.fromEntries(Object.entries(built.variables).map(([name, value]) => [name, String(value)]))
  const ran = spawnSync('sh', ['-c', built.script.join('\n')], {
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, CLAUDE_ROLE_ARN: 'arn:aws:iam::123456789012:role/r', ...variables }
  })
  expect(ran.status).toBe(0)
  const args = ran.stdout.trim().split('\n')
  expect(args.slice(0, 2)).toEqual(['--provider', provider])
  expect(args.join(' ')).toContain('--workspace-id wrkspc_01T')
  expect(args.join(' ')).toContain('--id-token-env CLAUDE_ID_TOKEN')
})

test('GitLab interpolating the raw text instead: a one-line prompt with YAML syntax in it stays one value', () => {
  // GitLab can interpolate before parsing (its ci_text_interpolation); the free-text inputs sit in block
  // scalars (`>-`), where `: `, `#`, quotes and brackets are text.
  const prompt = `Review: the diff # all of it, "quoted" and 'single' {a: b} [c] & *star !tag %pct @at \`tick\``
  const given: Record<string, Json> = { prompt, 'allowed-tools': '*', 'claude-args': '--add-dir "a b": x' }
  const text = TEMPLATE_TEXT.replace(BLOCK, (_, name: string) => String(inputValue(name, given)))
  const [, document] = yaml.safeLoadAll(text) as [unknown, Record<string, Job>]
  expect(document['claude-code'].variables).toMatchObject({ CCA_PROMPT: prompt, CCA_ALLOWED_TOOLS: '*', CCA_CLAUDE_ARGS: '--add-dir "a b": x' })
})

interface Include {
  remote?: string
  project?: string
  file?: string
  local?: string
  component?: string
  inputs?: Record<string, Json>
}

const examples = readdirSync(path.join(ROOT, 'examples', 'gitlab'))
  .filter(f => f.endsWith('.gitlab-ci.yml'))
  .sort()

/** GitLab's include merge: hashes deeply, anything else replaced. */
function deepMerge(base: Json, override: Json): Json {
  if (base && override && typeof base === 'object' && typeof override === 'object' && !Array.isArray(base) && !Array.isArray(override)) {
    const merged: Record<string, Json> = { ...base }
    for (const [key, value] of Object.entries(override)) merged[key] = key in base ? deepMerge(base[key], value) : value
    return merged
  }
  return override
}

test.each(examples)('examples/gitlab/%s includes the template with inputs it declares, and is valid CI configuration', file => {
  const config = yaml.safeLoad(readFileSync(path.join(ROOT, 'examples', 'gitlab', file), 'utf8')) as Record<string, Json> & { include: Include[] }
  expect(schemaErrors(config)).toEqual([])
  const includes = config.include.filter(i => (i.remote ?? i.file ?? '').endsWith(TEMPLATE_PATH))
  expect(includes).toHaveLength(1)
  const [include] = includes
  expect(include.remote).toMatch(/^https:\/\/raw\.githubusercontent\.com\/your-org\/claude-cloud-action\/v1\/templates\/claude-cloud-action\.yml$/)
  const given = include.inputs ?? {}
  expect(Object.keys(given).filter(name => !(name in INPUTS))).toEqual([])
  // What GitLab builds: the template's job with these inputs, merged with the example's keys for the same job.
  const templateJobs = interpolate(DOCUMENTS[1] as unknown as Json, given) as Record<string, Json>
  const [name] = Object.keys(templateJobs)
  const { include: _include, ...rest } = config
  const merged = deepMerge(templateJobs, rest as Json) as Record<string, Json>
  expect(schemaErrors(merged)).toEqual([])
  expect(Object.keys(rest)).toContain(name)
})

test('the docs include the template only with inputs it declares, of the right types', () => {
  const markdown = readFileSync(path.join(ROOT, 'docs', 'gitlab.md'), 'utf8')
  const blocks = [...markdown.matchAll(/^```ya?ml gitlab\n([\s\S]*?)^```/gm)].map(m => yaml.safeLoad(m[1]) as { include?: Include[] })
  const includes = blocks
    .flatMap(block => block?.include ?? [])
    .filter(i => (i.remote ?? i.file ?? i.component ?? '').match(/claude-cloud-action(\.yml|@[\w.]+)$/))
  // remote:, project: and component:.
  expect(includes.map(i => (i.remote ? 'remote' : i.project ? 'project' : 'component'))).toEqual(['remote', 'project', 'component'])
  for (const include of includes) {
    expect(() => job(include.inputs ?? {})).not.toThrow()
    expect(Object.keys(include.inputs ?? {}).length).toBeGreaterThan(0)
  }
})
