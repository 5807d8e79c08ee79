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
  /** Line comments this token's identity already left on `headSha`, with their bodies as posted. */
  ownComments(headSha: string): Promise<PostedComment[]>
  /** Posts one review with these comments; returns its URL. */
  postReview(headSha: string, body: string, comments: LineComment[]): Promise<string>
  /** The comment's body as the host posts it, when it rewrites it (GitLab's multi-line suggestions); the re-run check compares this. */
  postedBody?(comment: LineComment): string
  /** One sentence about a failed request, while reading the diff or writing the review. */
  describeError(error: unknown, doing: 'read' | 'write'): string
}
