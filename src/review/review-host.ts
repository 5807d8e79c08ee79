// What the review needs from a code host: GitHub's pull request review (github.ts) and GitLab's
// merge request review of draft notes (gitlab.ts) implement it.
import type { ChangeWords, DiffFile, LineComment } from './hunks.js'

/** The patches the review tool checks against; past this many bytes, further files take no comments. */
export const MAX_PATCH_BYTES = 16 * 1024 * 1024

export interface ReviewDiff {
  /** The commit the comments are made on: the PR's head. */
  headSha: string
  files: DiffFile[]
  /** Set when the listing was cut at a bound: some changed files take no comments. */
  truncated?: string
}

export interface PostedComment {
  path: string
  line: number
  body: string
}

/** The verdict as the host's check: a check run (GitHub) or a commit status (GitLab) at the head. */
export interface VerdictCheck {
  /** check-name */
  name: string
  headSha: string
  /** Undefined when Claude gave none: neutral, not failing. */
  verdict?: 'pass' | 'fail'
  /** One line, e.g. "Pass: 2 line comments". */
  title: string
  /** Markdown: Claude's summary, or why there is none, and the pull request's cost so far. */
  summary: string
  /** Claude's summary alone, or why there is none: where a host takes one short line (GitLab), its first line. */
  reason: string
  /** Every line comment of this run (GitHub shows them as annotations). */
  comments: LineComment[]
  /** The review record (record.ts), which the next run reads back. */
  record: string
}

/** The change's diff for Claude, where the code host has no context of its own (GitLab). */
export interface ChangeContext {
  /** The line for Claude's system prompt that names the files. */
  systemPromptLine: string
  /** The directory holding only these files, for --add-dir. */
  dir: string
  /** The last reviewed head, when the diff file holds only the changes since it. */
  since?: string
}

export interface ReviewHost {
  /** Where the review goes, for messages: "pull request #7", "merge request !12". */
  readonly label: string
  /** How the review tool's answers name the change and the host. */
  readonly words: ChangeWords
  /** What the sticky comment is called there, for the review body: "PR comment", "MR note". */
  readonly commentName: string
  /** The run the review body links when there is no sticky comment. */
  readonly run: { url: string; text: string }
  readDiff(): Promise<ReviewDiff>
  /**
   * Line comments this token's identity already left that stand on `headSha`: made there, or made on an
   * earlier head and moved to it by the host because their lines did not change. Bodies as posted.
   */
  ownComments(headSha: string): Promise<PostedComment[]>
  /** Texts this token wrote on the change that may end with a review record (record.ts): comments, review bodies, check runs. */
  readRecords(headSha: string, checkName: string): Promise<string[]>
  /** Posts the verdict at the head; returns its URL, '' when the host gives none. */
  postVerdict(check: VerdictCheck): Promise<string>
  /** One sentence about a refused verdict. */
  describeVerdictError(error: unknown, checkName: string): string
  /**
   * Writes the change's whole diff into `dir` and, when `since` is an ancestor of the head, the changes
   * since it; returns the system prompt line. Only hosts whose changes have no context of their own.
   */
  writeContext?(dir: string, headSha: string, since: string | undefined): Promise<ChangeContext>
  /** Posts one review with these comments; returns its URL. */
  postReview(headSha: string, body: string, comments: LineComment[]): Promise<string>
  /** The comment's body as the host posts it, when it rewrites it (GitLab's multi-line suggestions); the re-run check compares this. */
  postedBody?(comment: LineComment): string
  /** One sentence about a failed request, while reading the diff or writing the review. */
  describeError(error: unknown, doing: 'read' | 'write'): string
}
