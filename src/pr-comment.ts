// Sticky PR comment: not yet implemented.
import * as core from '@actions/core'
import type { RunReport } from './run-report.js'
import type { CommentSettings } from './settings.js'

export async function commentOnPullRequest(_report: RunReport, _settings: CommentSettings): Promise<string | undefined> {
  core.notice('comment-on-pr is not implemented yet')
  return undefined
}
