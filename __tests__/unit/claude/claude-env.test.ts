// The CLI's environment and argv.
import { jest } from '@jest/globals'
import { buildArgv, mergeCliSettings } from '../../../src/claude/argv.js'
import { buildClaudeEnv } from '../../../src/claude/env.js'
import type { ProviderSession } from '../../../src/providers/provider.js'
import type { Settings } from '../../../src/settings/settings.js'

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    provider: { name: 'bedrock', region: 'eu-west-1', auth: { kind: 'ambient' } },
    fallbackRegions: [],
    models: {},
    cli: { prompt: 'Do it.', allowedTools: [], disallowedTools: [], extraArgs: [], version: '2.1.331', workingDirectory: '/w' },
    exportEnv: true,
    exportCredentials: false,
    comment: { enabled: false, tag: '', token: '' },
    review: { enabled: false, maxComments: 25, incremental: true, checkName: 'Claude review' },
    ...overrides
  }
}

const TEMP = '/runner-temp/claude-cloud-action-x'

const session: ProviderSession = {
  region: 'eu-west-1',
  env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' },
  credentialEnv: {},
  exportedCredentialEnv: { AWS_ACCESS_KEY_ID: 'ASIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' },
  regionEnv: region => ({ AWS_REGION: region }),
  credentialFiles: []
}

test('the workflow env is kept, runner tokens and inputs are dropped, provider and quiet variables added', () => {
  const { env, settingsEnv, credentialEnv } = buildClaudeEnv(
    settings(),
    session,
    {
      PATH: '/bin',
      ANTHROPIC_CUSTOM_HEADERS: 'x: y',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      ACTIONS_RUNTIME_TOKEN: 'r',
      'INPUT_ANTHROPIC-API-KEY': 'k',
      STATE_isPost: 'true'
    },
    TEMP
  )
  expect(env).toEqual({
    PATH: '/bin',
    ANTHROPIC_CUSTOM_HEADERS: 'x: y',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_USE_BEDROCK: '1',
    AWS_REGION: 'eu-west-1',
    CLAUDE_CODE_MAX_OUTPUT_TOKENS: '4096',
    MAX_THINKING_TOKENS: '1024',
    CLAUDE_CONFIG_DIR: `${TEMP}/claude-config`,
    CLAUDE_CODE_TMPDIR: `${TEMP}/claude-tmp`
  })
  expect(settingsEnv).not.toHaveProperty('PATH')
  // The private directories die with the post step; later steps must not be pointed at them.
  expect(settingsEnv).not.toHaveProperty('CLAUDE_CONFIG_DIR')
  // Role keys never reach the CLI (the model gateway signs its calls); only export-credentials hands them on.
  expect(credentialEnv).toEqual(session.exportedCredentialEnv)
})

test('model inputs win over the workflow env, which wins over the defaults', () => {
  const s = settings({ models: { model: 'opus', smallFastModel: 'haiku', smallFastModelRegion: 'us-west-2', maxThinkingTokens: 0 } })
  const { settingsEnv } = buildClaudeEnv(s, session, { ANTHROPIC_MODEL: 'from-env', CLAUDE_CODE_MAX_OUTPUT_TOKENS: '9000' }, TEMP)
  expect(settingsEnv).toMatchObject({
    ANTHROPIC_MODEL: 'opus',
    ANTHROPIC_SMALL_FAST_MODEL: 'haiku',
    ANTHROPIC_DEFAULT_HAIKU_MODEL: 'haiku',
    ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION: 'us-west-2',
    MAX_THINKING_TOKENS: '0'
  })
  expect(settingsEnv).not.toHaveProperty('CLAUDE_CODE_MAX_OUTPUT_TOKENS')
})

test('outside Bedrock the token limits are set only when given', () => {
  const s = settings({ provider: { name: 'anthropic', apiKey: 'k' } })
  expect(buildClaudeEnv(s, { ...session, env: {} }, {}, TEMP).settingsEnv).not.toHaveProperty('MAX_THINKING_TOKENS')
})

describe("other providers' switches in the job env", () => {
  let stdout: string[]
  beforeEach(() => {
    stdout = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      stdout.push(String(chunk))
      return true
    })
  })
  afterEach(() => jest.restoreAllMocks())

  // What an earlier Bedrock step's export-env leaves in GITHUB_ENV, and more the CLI would obey.
  const job = {
    PATH: '/bin',
    CLAUDE_CODE_USE_BEDROCK: '1',
    CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1',
    CLAUDE_CODE_USE_VERTEX: 'true',
    CLAUDE_CODE_SKIP_VERTEX_AUTH: '1',
    CLAUDE_CODE_USE_FOUNDRY: '1',
    CLAUDE_CODE_USE_MANTLE: '1',
    CLAUDE_CODE_USE_ANTHROPIC_AWS: '1',
    CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD: '1',
    CLAUDE_CODE_USE_GATEWAY: '1',
    AWS_REGION: 'us-east-1'
  }

  test('provider anthropic: every cloud switch is removed with a warning naming it; the gateway stays', () => {
    const anthropic = settings({ provider: { name: 'anthropic', apiKey: 'k' } })
    const anthropicSession = { ...session, region: undefined, env: {}, exportedCredentialEnv: undefined, credentialEnv: { ANTHROPIC_API_KEY: 'k' } }
    const { env, removedSwitches } = buildClaudeEnv(anthropic, anthropicSession, job, TEMP)
    const removed = Object.keys(job).filter(name => name.startsWith('CLAUDE_CODE_') && name !== 'CLAUDE_CODE_USE_GATEWAY')
    expect(removedSwitches.sort()).toEqual(removed.sort())
    for (const name of removed) expect(env).not.toHaveProperty(name)
    expect(env).toMatchObject({ CLAUDE_CODE_USE_GATEWAY: '1', AWS_REGION: 'us-east-1', ANTHROPIC_API_KEY: 'k' })
    const warnings = stdout
      .join('')
      .split('\n')
      .filter(line => line.startsWith('::warning::'))
    expect(warnings).toHaveLength(removed.length)
    expect(warnings[0]).toBe(
      "::warning::The job env sets CLAUDE_CODE_USE_BEDROCK (an earlier step's export-env?), which would take Claude Code off provider anthropic; it is removed for Claude Code and blanked for later steps."
    )
  })

  test('provider bedrock keeps its own switch and auth skip, and drops Vertex and the gateway', () => {
    const { env, removedSwitches } = buildClaudeEnv(settings({ exportEnv: false }), session, job, TEMP)
    expect(env).toMatchObject({ CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_SKIP_BEDROCK_AUTH: '1' })
    for (const name of ['CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_SKIP_VERTEX_AUTH', 'CLAUDE_CODE_USE_GATEWAY', 'CLAUDE_CODE_USE_FOUNDRY']) {
      expect(removedSwitches).toContain(name)
      expect(env).not.toHaveProperty(name)
    }
    expect(stdout.join('')).toContain(
      "::warning::The job env sets CLAUDE_CODE_USE_VERTEX (an earlier step's export-env?), which would take Claude Code off provider bedrock; it is removed for Claude Code.\n"
    )
  })

  test('provider vertex drops Bedrock; a switch already off (blanked by a post step, or 0) goes without a warning', () => {
    const vertex = settings({ provider: { name: 'vertex', region: 'global', projectId: 'my-project', auth: { kind: 'ambient' } } })
    const vertexSession = { ...session, env: { CLAUDE_CODE_USE_VERTEX: '1' }, exportedCredentialEnv: undefined }
    const { env, removedSwitches } = buildClaudeEnv(
      vertex,
      vertexSession,
      { CLAUDE_CODE_USE_BEDROCK: '', CLAUDE_CODE_USE_FOUNDRY: '0', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' },
      TEMP
    )
    expect(removedSwitches).toEqual([])
    expect(env).not.toHaveProperty('CLAUDE_CODE_USE_BEDROCK')
    expect(env).not.toHaveProperty('CLAUDE_CODE_USE_FOUNDRY')
    expect(env).toMatchObject({ CLAUDE_CODE_USE_VERTEX: '1', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' })
    expect(stdout.join('')).not.toContain('::warning::')
  })
})

test("the workflow's own CLAUDE_CONFIG_DIR and CLAUDE_CODE_TMPDIR are kept, and the log says where transcripts stay", () => {
  const writes: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    writes.push(String(chunk))
    return true
  })
  try {
    const { env } = buildClaudeEnv(settings(), session, { CLAUDE_CONFIG_DIR: '/srv/claude', CLAUDE_CODE_TMPDIR: '/srv/tmp' }, TEMP)
    expect(env).toMatchObject({ CLAUDE_CONFIG_DIR: '/srv/claude', CLAUDE_CODE_TMPDIR: '/srv/tmp' })
    expect(writes.join('')).toContain(
      "Claude Code keeps its config and session transcripts in the job's CLAUDE_CONFIG_DIR (/srv/claude); they stay there after the run"
    )
  } finally {
    jest.restoreAllMocks()
  }
})

test('argv: flags first, the resume of a failover, the user args, then -- and the prompt', () => {
  const s = settings({
    models: { model: 'm' },
    cli: { ...settings().cli, maxTurns: 3, allowedTools: ['Read', 'Bash(git diff:*)'], extraArgs: ['--add-dir', 'a b'] }
  })
  expect(
    buildArgv(s, mergeCliSettings({ a: 1, awsCredentialExport: 'mine' }, { awsCredentialExport: 'action' }), { prompt: 'Continue.', resume: 'sid' })
  ).toEqual([
    '-p',
    '--output-format',
    'stream-json',
    '--verbose',
    '--model',
    'm',
    '--max-turns',
    '3',
    '--allowedTools',
    'Read',
    'Bash(git diff:*)',
    '--settings',
    '{"a":1,"awsCredentialExport":"action"}',
    '--resume',
    'sid',
    '--add-dir',
    'a b',
    '--',
    'Continue.'
  ])
  expect(mergeCliSettings(undefined, undefined)).toBeUndefined()
})

test("the action's own tools: one --mcp-config object, their tools allowed after the user's, their prompt line after the user's", () => {
  const tools = {
    mcpServers: { action_review: { type: 'stdio', command: '/node', args: ['/dist/review-server.js'], alwaysLoad: true } },
    allowedTools: ['mcp__action_review__add_comment'],
    systemPrompt: ['Line findings go through the tool.']
  }
  const base = settings()
  const args = buildArgv({ ...base, cli: { ...base.cli, allowedTools: ['Read'], appendSystemPrompt: 'Be brief.' } }, undefined, { prompt: 'Go.' }, tools)
  expect(args.slice(args.indexOf('--allowedTools'), args.indexOf('--allowedTools') + 3)).toEqual(['--allowedTools', 'Read', 'mcp__action_review__add_comment'])
  expect(args[args.indexOf('--append-system-prompt') + 1]).toBe('Be brief.\n\nLine findings go through the tool.')
  expect(JSON.parse(args[args.indexOf('--mcp-config') + 1])).toEqual({ mcpServers: tools.mcpServers })
  expect(args.slice(-2)).toEqual(['--', 'Go.'])
  expect(buildArgv(base, undefined, { prompt: 'Go.' })).not.toContain('--mcp-config')
})
