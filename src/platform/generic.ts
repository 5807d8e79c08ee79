// The command in any CI (or none): inputs from flags and CLAUDE_CLOUD_<NAME>, the OIDC token from
// id-token-env / id-token-file, outputs and the summary as files in output-dir, no code host. The
// log is plain lines, never a `::` workflow command, with every registered secret redacted: no CI
// masks values that appear at run time. gitlab.ts builds on this.
import { stdoutDrained } from './stdout.js'
import { redact } from './secrets.js'
import { idTokenSource } from './id-token-source.js'
import { OutputFiles } from './output-files.js'
import type { Log, Platform, PlatformWords } from './platform.js'
import { envName } from './command-inputs.js'

export interface CommandOptions {
  /** An input's value (flag, CLAUDE_CLOUD_<NAME>, action.yml's default), '' when unset. */
  input: (name: string) => string
  env?: NodeJS.ProcessEnv
  stdout?: (text: string) => void
  stderr?: (text: string) => void
}

export function genericPlatform(options: CommandOptions): Platform {
  const { input, env = process.env } = options
  const log = plainLog(options, env)
  const idToken = idTokenSource(input, env, log)
  const files = new OutputFiles(
    () => input('output-dir'),
    env,
    message => log.warning(message),
    message => log.notice(message)
  )
  const state = new Map<string, string>()
  return {
    name: 'generic',
    log,
    traits: {
      codeHostToken: { input: 'github-token', variable: 'GITHUB_TOKEN' },
      codeHostTokenInJobEnv: true,
      missingToken: () => undefined,
      issuesIdToken: false,
      writesOutputFiles: true,
      pullRequestByNumber: false,
      words: commandWords("job's OIDC token", 'audience the CI issues the token for')
    },
    input,
    // A flag with underscores is refused before the run (command-inputs.ts), and CLAUDE_CLOUD_<NAME> has one spelling.
    snakeCaseInput: () => '',
    // secrets.ts keeps the value for redact(), which this log and the output files apply.
    registerSecret: () => undefined,
    idTokenUnavailable: () => idToken.unavailable(),
    idToken: audience => idToken.read(audience),
    setOutputs: outputs => files.set(outputs),
    writeSummary: async markdown => files.summary(markdown),
    setFailed: message => log.error(message),
    exportVariable: () => false,
    saveState: (name, value) => void state.set(name, value),
    getState: name => state.get(name) ?? '',
    runIdentity: () => ({ id: '', attributes: {} }),
    codeHost: async () => ({ unavailable: 'outside GitHub Actions and GitLab CI there is no pull or merge request to comment on' }),
    reviewHost: async () => ({
      unavailable: 'review-comments is ignored on generic: line comments are posted on GitHub pull requests and GitLab merge requests only.'
    }),
    // Only GitHub has events a stranger starts (comments); a CI's own pipelines keep its rules.
    triggerRefusal: async () => undefined
  }
}

/** The command's words: its token comes from id-token-env / id-token-file, its secrets from CLAUDE_CLOUD_<NAME>. */
export function commandWords(idToken: string, audienceSetting: string): PlatformWords {
  return {
    idToken,
    idTokenSource: 'the OIDC token source (id-token-env or id-token-file)',
    audienceSetting,
    secretOf: input => `the masked CI/CD variable ${envName(input)}`
  }
}

/** Lines on stdout (warnings and errors on stderr), each redacted; debug lines only with DEBUG=claude-cloud-action. */
export function plainLog(options: CommandOptions, env: NodeJS.ProcessEnv, groups?: { start(title: string): string; end(): string }): Log {
  const out = options.stdout ?? (text => void process.stdout.write(text))
  const err = options.stderr ?? (text => void process.stderr.write(text))
  const line = (write: (text: string) => void, prefix: string) => (message: string) => write(`${prefix}${redact(message)}\n`)
  const debugging = /\bclaude-cloud-action\b/.test(env.DEBUG ?? '')
  return {
    debug: message => debugging && line(out, 'Debug: ')(message),
    info: line(out, ''),
    notice: line(out, 'Notice: '),
    warning: line(err, 'Warning: '),
    error: line(err, 'Error: '),
    startGroup: title => out(groups ? groups.start(redact(title)) : `${redact(title)}\n`),
    endGroup: () => groups && out(groups.end()),
    // Nothing acts on a line here, so the agent's text is printed as it is, redacted.
    verbatim: line(out, ''),
    // Backpressure as on GitHub: the run waits while the CI's log reader falls behind.
    drain: () => (options.stdout ? undefined : stdoutDrained())
  }
}
