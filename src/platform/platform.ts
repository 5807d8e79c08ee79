// The seam between the pipeline and where it runs (GitHub Actions today; GitLab CI and a generic CI
// through the command). Modules never import @actions/core: they log through `log` and reach the
// rest of the platform through `platform()`, so one pipeline serves every entry.
import type { CodeHost, NoCodeHost } from '../code-hosts/code-host.js'
import type { ReviewHost } from '../review/review-host.js'
import type { Settings } from '../settings/settings.js'
import { breakLegacyCommands } from './workflow-commands.js'

export interface Log {
  debug(message: string): void
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  error(message: string): void
  /** A collapsed section; GitHub folds it, other CIs print the title. */
  startGroup(title: string): void
  endGroup(): void
  /** Text from the agent, its tools or the repository: printed so that it cannot act as a CI command. */
  verbatim(text: string): void
  /**
   * Resolves once the log's reader has caught up; undefined when the log can take more now. The run
   * stops reading the CLI's output while it is pending, so a slow reader never balloons memory.
   * Platforms that log to stdout use `stdoutDrained` (stdout.ts).
   */
  drain?(): Promise<void> | undefined
}

/** What ties this run to the CI's records: an id for session names, attributes for audit trails. */
export interface RunIdentity {
  /** Unique per run attempt, e.g. GitHub's `<run_id>-<run_attempt>`; '' when the CI gives none. */
  id: string
  /** OpenTelemetry resource attributes, e.g. `github.run_id`; only those the CI knows. */
  attributes: Record<string, string>
}

/** What settings/ and the Claude Code env ask of the CI, instead of testing its name. */
export interface PlatformTraits {
  /** The input that holds the code host's token, and the job variable read when it is unset. */
  codeHostToken: { input: string; variable: string }
  /** The token is a CI variable every process of the job sees (so it is kept from Claude Code), not an input. */
  codeHostTokenInJobEnv: boolean
  /** The input problem when `feature` has no token; undefined when there is none to report. */
  missingToken(feature: 'comment-on-pr' | 'review-comments', commentEnabled: boolean): [input: string, problem: string] | undefined
  /** The CI issues the job's OIDC token itself (GitHub); elsewhere id-token-env or id-token-file names it. */
  issuesIdToken: boolean
  /** Outputs and the summary are files in output-dir (the command), not the CI's own. */
  writesOutputFiles: boolean
  /** The CI variable holding the job's own token (GitLab's CI_JOB_TOKEN), which Claude Code never gets, nor any variable that carries it. */
  jobTokenVariable?: string
  /** A run may name the pull request it is about (the pull-request input) instead of taking the event's. */
  pullRequestByNumber: boolean
  /** How messages name the CI's things, so that a hint on GitLab never gives GitHub's fix. */
  words: PlatformWords
}

export interface PlatformWords {
  /** The job's OIDC token: `GitHub OIDC token`, `GitLab ID token (id_tokens:)`. */
  idToken: string
  /** Where it comes from, for a request that got no answer: `GitHub's OIDC token endpoint`. */
  idTokenSource: string
  /** What sets the token's audience, to be changed when a provider expects another: `audience input`. */
  audienceSetting: string
  /** Where the value of a secret input comes from: `the secret that anthropic-api-key reads`. */
  secretOf(input: string): string
}

export interface Platform {
  readonly name: 'github-actions' | 'gitlab' | 'generic'
  readonly log: Log
  readonly traits: PlatformTraits
  /** An input's value as given, '' when unset. */
  input(name: string): string
  /**
   * The value the workflow gave under the input's snake_case name (claude-code-action's spelling,
   * `anthropic_api_key`), which the action does not read; '' when unset, or where none can be given.
   */
  snakeCaseInput(name: string): string
  /** The CI masks the value in its log; the action redacts it from what it writes (see secrets.ts). */
  registerSecret(value: string): void
  /** Why this job cannot get an OIDC token, with the fix; undefined when it can. */
  idTokenUnavailable(): string | undefined
  /** The job's OIDC token for an audience (raw JWT). */
  idToken(audience: string): Promise<string>
  /** Sets these step outputs, in one write to the CI's files. */
  setOutputs(outputs: Record<string, string>): void
  /** Replaces the job summary with this Markdown. */
  writeSummary(markdown: string): Promise<void>
  /** Marks the step or job failed with one message. */
  setFailed(message: string): void
  /** Sets a variable for the job's later steps (GitHub's GITHUB_ENV); false where the CI has none. */
  exportVariable(name: string, value: string): boolean
  /** State carried to the post step (GitHub only; elsewhere kept in memory for this process). */
  saveState(name: string, value: string): void
  getState(name: string): string
  runIdentity(): RunIdentity
  /**
   * Where the sticky comment goes (loaded lazily, with the token that writes it), or why there is none;
   * `pullRequest` (the pull-request input) names it on any event.
   */
  codeHost(token: string, pullRequest?: number): Promise<CodeHost | NoCodeHost>
  /** Where line comments go (loaded lazily), or the notice saying why review-comments is ignored. */
  reviewHost(token: string, pullRequest?: number): Promise<ReviewHost | NoCodeHost>
  /** Why the event's actor may not start a run (a commenter without write access), or undefined. */
  triggerRefusal(settings: Settings): Promise<string | undefined>
}

let current: Platform | undefined

/** The entry (index.ts for the action, cli.ts for the command) chooses the platform first thing. */
export function usePlatform(platform: Platform): void {
  current = platform
}

export function platform(): Platform {
  if (!current) throw new Error('The platform was used before usePlatform')
  return current
}

/** Logging through the current platform, importable everywhere without holding a reference. */
export const log: Log = {
  debug: message => platform().log.debug(message),
  info: message => platform().log.info(message),
  notice: message => platform().log.notice(message),
  warning: message => platform().log.warning(message),
  error: message => platform().log.error(message),
  startGroup: title => platform().log.startGroup(title),
  endGroup: () => platform().log.endGroup(),
  verbatim: text => platform().log.verbatim(text),
  drain: () => platform().log.drain?.()
}

/**
 * A value from the CLI, the agent or the repository, made safe for one log line: line breaks and
 * other control characters are shown escaped (`\n`), so the value cannot begin a line that the CI
 * reads as a command (`::error::`, `::add-mask::`), and `##[` is broken (`##\[`), which the GitHub
 * runner reads as a command anywhere in a line (breakLegacyCommands). Every such value goes through
 * here on its way to log.info and friends; log.verbatim is for whole blocks of text.
 */
export function inert(value: unknown): string {
  const text =
    typeof value === 'string' ? value : value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return breakLegacyCommands(
    // eslint-disable-next-line no-control-regex
    text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, ch =>
      ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
    )
  )
}
