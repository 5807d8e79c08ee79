// Where a run's comment goes, one module per code host (as danger-js's source/platforms/):
// github.ts for pull requests, gitlab.ts for merge requests. The sticky-comment logic itself
// (marker, body, find-then-update) is shared, in pr-comment.ts; a host only lists, writes and explains.

/** What the sticky comment is keyed on, and the run its footer links to. */
export interface RunLink {
  /** The marker's key: the same workflow (pipeline file) and job find the same comment again. */
  workflow: string
  job: string
  url: string
  /** The footer link's text, e.g. `Workflow run 4242`, `Job 77`. */
  linkText: string
  /** The footer's words before the tag, e.g. workflow and job names. */
  label: string[]
}

/** The comments of one pull or merge request, as far as the sticky comment needs them. */
export interface StickyComments {
  /** Comments that start with `marker` and that this token may have written, oldest first: the ones to try updating. */
  findOwn(marker: string, signal: AbortSignal): Promise<number[]>
  /** Each returns the comment's URL. */
  create(body: string, signal: AbortSignal): Promise<string>
  update(id: number, body: string, signal: AbortSignal): Promise<string>
  /** The update failed because the comment was deleted meanwhile or is not ours: write a new one instead. */
  isGoneOrForbidden(error: unknown): boolean
}

export interface CodeHost {
  /** e.g. `GitHub`, `GitLab`, for messages. */
  readonly name: string
  /** What the comment is called there, e.g. `PR comment`, `MR note`. */
  readonly commentName: string
  /** The change under review, e.g. `#7`, `!7`. */
  readonly change: string
  readonly run: RunLink
  readonly comments: StickyComments
  /** One sentence on what went wrong and, where it is clear, what to do about it. */
  describeError(error: unknown): string
}

/** No code host for this run (a push, a schedule, a CI without one), and why, for the notice. */
export interface NoCodeHost {
  unavailable: string
}

/** GitHub's pulls/{n}/files lists at most 3000; the context and the review tool take this many changed files. */
export const MAX_CHANGED_FILES = 1000
