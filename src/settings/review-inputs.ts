// The inputs of a review across runs: incremental re-review, the verdict's check, the pull request's
// spend limit, and the pull request a run names itself (pull-request).
import { platform } from '../platform/platform.js'
import type { InputReader } from './input-reader.js'
import type { ReviewSettings } from './settings.js'

export const DEFAULT_CHECK_NAME = 'Claude review'
/** GitHub shows check names in one line; a long one is cut there anyway. */
const MAX_CHECK_NAME_CHARS = 100

export function readReviewRounds(inputs: InputReader, reviewEnabled: boolean): Pick<ReviewSettings, 'incremental' | 'checkName' | 'maxPrCostUsd'> {
  const checkName = inputs.text('check-name')?.trim() ?? DEFAULT_CHECK_NAME
  if (checkName.length > MAX_CHECK_NAME_CHARS || /[\r\n]/.test(checkName)) {
    inputs.problem('check-name', `give one line of at most ${MAX_CHECK_NAME_CHARS} characters, e.g. Claude review.`)
  }
  const maxPrCostUsd = inputs.positiveNumber('max-pr-cost-usd')
  if (maxPrCostUsd !== undefined && !reviewEnabled) {
    inputs.problem('max-pr-cost-usd', "counts what a pull request's reviews cost, which the review keeps track of; set review-comments: true as well.")
  }
  return { incremental: inputs.boolean('incremental', true), checkName, ...(maxPrCostUsd !== undefined ? { maxPrCostUsd } : {}) }
}

/** pull-request: a number of this repository's pull requests, on GitHub only. */
export function readPullRequestNumber(inputs: InputReader): number | undefined {
  const number = inputs.integer('pull-request', 1)
  if (number !== undefined && !platform().traits.pullRequestByNumber) {
    return inputs.problem('pull-request', "names a GitHub pull request; here the merge request is the pipeline's own (CI_MERGE_REQUEST_IID), so remove it.")
  }
  return number
}
