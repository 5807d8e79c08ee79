// The CLI's environment and argv.
import { buildArgv, mergeCliSettings } from '../../src/claude/argv.js'
import { buildClaudeEnv } from '../../src/claude/env.js'
import type { ProviderSession } from '../../src/providers/provider.js'
import type { Settings } from '../../src/settings.js'

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    provider: { name: 'bedrock', region: 'eu-west-1', auth: { kind: 'ambient' } },
    fallbackRegions: [],
    models: {},
    cli: { prompt: 'Do it.', allowedTools: [], disallowedTools: [], extraArgs: [], version: '2.1.331', workingDirectory: '/w' },
    exportEnv: true,
    exportCredentials: false,
    comment: { enabled: false, tag: '', token: '' },
    ...overrides
  }
}

const session: ProviderSession = {
  region: 'eu-west-1',
  env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' },
  credentialEnv: {},
  exportedCredentialEnv: { AWS_ACCESS_KEY_ID: 'ASIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' },
  regionEnv: region => ({ AWS_REGION: region }),
  credentialFiles: []
}

test('the workflow env is kept, runner tokens and inputs are dropped, provider and quiet variables added', () => {
  const { env, settingsEnv, credentialEnv } = buildClaudeEnv(settings(), session, {
    PATH: '/bin',
    ANTHROPIC_CUSTOM_HEADERS: 'x: y',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
    ACTIONS_RUNTIME_TOKEN: 'r',
    'INPUT_ANTHROPIC-API-KEY': 'k',
    STATE_isPost: 'true'
  })
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
    MAX_THINKING_TOKENS: '1024'
  })
  expect(settingsEnv).not.toHaveProperty('PATH')
  // Role keys reach the CLI through awsCredentialExport; only export-credentials hands them on.
  expect(credentialEnv).toEqual(session.exportedCredentialEnv)
})

test('model inputs win over the workflow env, which wins over the defaults', () => {
  const s = settings({ models: { model: 'opus', smallFastModel: 'haiku', smallFastModelRegion: 'us-west-2', maxThinkingTokens: 0 } })
  const { settingsEnv } = buildClaudeEnv(s, session, { ANTHROPIC_MODEL: 'from-env', CLAUDE_CODE_MAX_OUTPUT_TOKENS: '9000' })
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
  expect(buildClaudeEnv(s, { ...session, env: {} }, {}).settingsEnv).not.toHaveProperty('MAX_THINKING_TOKENS')
})

test('argv: flags first, the resume of a failover, the user args, then -- and the prompt', () => {
  const s = settings({ models: { model: 'm' }, cli: { ...settings().cli, maxTurns: 3, allowedTools: ['Read', 'Bash(git diff:*)'], extraArgs: ['--add-dir', 'a b'] } })
  expect(buildArgv(s, mergeCliSettings({ a: 1, awsCredentialExport: 'mine' }, { awsCredentialExport: 'action' }), { prompt: 'Continue.', resume: 'sid' })).toEqual([
    '-p', '--output-format', 'stream-json', '--verbose', '--model', 'm', '--max-turns', '3',
    '--allowedTools', 'Read', 'Bash(git diff:*)',
    '--settings', '{"a":1,"awsCredentialExport":"action"}',
    '--resume', 'sid', '--add-dir', 'a b', '--', 'Continue.'
  ])
  expect(mergeCliSettings(undefined, undefined)).toBeUndefined()
})
