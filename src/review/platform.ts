// What the review needs from a code host, so a GitLab merge-request poster can implement it later.
import type { DiffFile, LineComment } from './hunks.js'

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
  /** Where the review goes, for messages: "pull request #7". */
  readonly label: string
  readDiff(): Promise<ReviewDiff>
  /** Line comments this token's identity already left on `headSha`. */
  ownComments(headSha: string): Promise<PostedComment[]>
  /** Posts one review with these comments; returns its URL. */
  postReview(headSha: string, body: string, comments: LineComment[]): Promise<string>
  /** One sentence about a failed request. */
  describeError(error: unknown): string
}
