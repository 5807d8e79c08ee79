// The command in GitLab CI/CD (GITLAB_CI=true): the generic command platform, plus collapsible log
// sections, the job's identity from the CI_* variables, and the merge request as the code host.
import { commandWords, genericPlatform, plainLog, type CommandOptions } from './generic.js'
import type { Platform, RunIdentity } from './platform.js'

export function gitLabPlatform(options: CommandOptions): Platform {
  const env = options.env ?? process.env
  return {
    ...genericPlatform(options),
    name: 'gitlab',
    traits: {
      codeHostToken: { input: 'gitlab-token', variable: 'GITLAB_TOKEN' },
      codeHostTokenInJobEnv: true,
      missingToken: (feature, commentEnabled) =>
        feature === 'comment-on-pr'
          ? ['gitlab-token', 'comment-on-pr needs a GitLab token with api scope; set the masked CI/CD variable GITLAB_TOKEN (CI_JOB_TOKEN cannot write notes).']
          : commentEnabled
            ? undefined
            : [
                'gitlab-token',
                'review-comments needs a GitLab token with api scope; set the masked CI/CD variable GITLAB_TOKEN (CI_JOB_TOKEN cannot write draft notes).'
              ],
      issuesIdToken: false,
      writesOutputFiles: true,
      words: commandWords('GitLab ID token (id_tokens:)', "aud: of the job's id_tokens: entry")
    },
    log: plainLog(options, env, sections()),
    runIdentity: () => gitLabRunIdentity(env),
    codeHost: async token => (await import('../code-hosts/gitlab/comments.js')).gitLabCodeHost(token, env),
    reviewHost: async token => {
      const { readMergeRequestPipeline } = await import('../code-hosts/gitlab/comments.js')
      const mr = readMergeRequestPipeline(env)
      if ('unavailable' in mr) return { unavailable: `review-comments is ignored: ${mr.unavailable}` }
      return (await import('../code-hosts/gitlab/review.js')).gitLabReviewHost(token, mr, env)
    }
  }
}

/** GitLab folds the lines between section_start and section_end markers (an ANSI erase, then the marker). */
function sections(): { start(title: string): string; end(): string } {
  const open: string[] = []
  let count = 0
  const now = (): number => Math.floor(Date.now() / 1000)
  return {
    start: title => {
      const name = `claude_cloud_action_${++count}`
      open.push(name)
      return `\x1b[0Ksection_start:${now()}:${name}[collapsed=true]\r\x1b[0K${title}\n`
    },
    end: () => {
      const name = open.pop()
      return name ? `\x1b[0Ksection_end:${now()}:${name}\r\x1b[0K\n` : ''
    }
  }
}

export function gitLabRunIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  const known: Record<string, string | undefined> = {
    'gitlab.project_path': env.CI_PROJECT_PATH,
    'gitlab.pipeline_id': env.CI_PIPELINE_ID,
    'gitlab.job_id': env.CI_JOB_ID,
    'gitlab.user_login': env.GITLAB_USER_LOGIN,
    'gitlab.pipeline_source': env.CI_PIPELINE_SOURCE,
    'gitlab.merge_request_iid': env.CI_MERGE_REQUEST_IID
  }
  const attributes = Object.fromEntries(Object.entries(known).filter((entry): entry is [string, string] => !!entry[1]))
  // A retried job gets a new job id, as a GitHub re-run gets a new attempt.
  const id = env.CI_PIPELINE_ID && env.CI_JOB_ID ? `${env.CI_PIPELINE_ID}-${env.CI_JOB_ID}` : ''
  return { id, attributes }
}
