// GitLab as a code host: the merge request of a merge request pipeline (CI_MERGE_REQUEST_IID), its
// notes through @gitbeaker/rest. The API is CI_API_V4_URL, the project CI_PROJECT_ID. The token must
// be able to write notes (api scope): CI_JOB_TOKEN cannot.
import { log } from '../../platform/platform.js'
import { redact } from '../../platform/secrets.js'
import type { CodeHost, NoCodeHost, RunLink } from '../code-host.js'
import { createNote as postNote, editNote, withoutQuickActions } from './note-bodies.js'
import type { Gitlab } from '@gitbeaker/rest'

/** Each API call is cut off here, its retries (requester.ts) included. */
const QUERY_TIMEOUT_MS = 60_000
/** A note create is sent at most this many times, each after checking the one before made nothing. */
const CREATE_ATTEMPTS = 3

interface Note {
  id: number
  body?: string
  system?: boolean
  author?: { id?: number }
}

/** The merge request of this pipeline and where its API is, from the CI_* variables GitLab sets. */
export interface MergeRequestPipeline {
  iid: number
  project: string
  apiUrl: string
  /** The merge request's page, e.g. https://gitlab.com/group/project/-/merge_requests/12. */
  webUrl: string
}

export type GitLabClient = InstanceType<typeof Gitlab>

export function readMergeRequestPipeline(env: NodeJS.ProcessEnv = process.env): MergeRequestPipeline | NoCodeHost {
  const iid = env.CI_MERGE_REQUEST_IID
  if (!iid) {
    return {
      unavailable:
        'CI_MERGE_REQUEST_IID is not set, so this is not a merge request pipeline. It works in pipelines of merge requests (rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event").'
    }
  }
  const apiUrl = env.CI_API_V4_URL
  const project = env.CI_PROJECT_ID
  if (!apiUrl || !project) return { unavailable: 'CI_API_V4_URL or CI_PROJECT_ID is not set; GitLab sets both in every job.' }
  return { iid: Number(iid), project, apiUrl, webUrl: `${env.CI_PROJECT_URL ?? ''}/-/merge_requests/${iid}` }
}

/** A @gitbeaker/rest client, loaded on first use (a lazy chunk of its own), on our HTTP layer (requester.ts). */
export function gitLabClient(apiUrl: string, token: string): () => Promise<GitLabClient> {
  let client: Promise<GitLabClient> | undefined
  // gitbeaker builds `${host}/api/v4`; a self-managed GitLab may live under a path.
  return () =>
    (client ??= Promise.all([import('@gitbeaker/rest'), import('./requester.js')]).then(
      ([{ Gitlab }, { gitLabRequester }]) =>
        new Gitlab({ host: apiUrl.replace(/\/api\/v4\/?$/, ''), token, queryTimeout: QUERY_TIMEOUT_MS, requesterFn: gitLabRequester() })
    ))
}

export function gitLabCodeHost(token: string, env: NodeJS.ProcessEnv = process.env): CodeHost | NoCodeHost {
  const mr = readMergeRequestPipeline(env)
  if ('unavailable' in mr) return mr
  const { iid, project } = mr
  const api = gitLabClient(mr.apiUrl, token)
  const noteUrl = (id: number): string => `${mr.webUrl}#note_${id}`
  return {
    name: 'GitLab',
    commentName: 'MR note',
    change: `!${iid}`,
    run: gitLabRunLink(env),
    comments: {
      findOwn: async marker => {
        const gitlab = await api()
        const notes = (await gitlab.MergeRequestNotes.all(project, iid, { sort: 'asc', orderBy: 'created_at', perPage: 100 })) as Note[]
        const marked = notes.filter(note => !note.system && note.body?.startsWith(marker))
        if (marked.length === 0) return []
        // Anyone can post the marker; only a note this token's user wrote can be updated.
        const me = await gitlab.Users.showCurrentUser().then(
          user => user.id,
          () => undefined
        )
        return marked.filter(note => me !== undefined && note.author?.id === me).map(note => note.id)
      },
      create: async body => noteUrl(await createNote(await api(), mr, body)),
      update: async (id, body) => noteUrl((await editNote(await api(), project, iid, id, body)).id),
      isGoneOrForbidden: error => [403, 404].includes(statusOf(error) ?? 0)
    },
    describeError: error => describeGitLabError(error, project)
  }
}

/**
 * Creates the note so that it is never made twice: a POST is not retried by the HTTP layer, since
 * GitLab may have made the note and still answered 5xx (a proxy giving up). After such an answer, or
 * none, our notes are searched for this body, and only when it is not there is it sent again.
 */
async function createNote(gitlab: GitLabClient, mr: MergeRequestPipeline, body: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await postNote(gitlab, mr.project, mr.iid, body)).id
    } catch (error) {
      const status = statusOf(error)
      if ((status !== undefined && status < 500) || attempt >= CREATE_ATTEMPTS) throw error
      const mine = await ownNoteWithBody(gitlab, mr, body).catch(() => {
        throw error
      })
      const answered = status === undefined ? 'nothing' : `HTTP ${status}`
      if (mine !== undefined) {
        log.info(`GitLab answered ${answered} to creating the MR note, but had made it; it is not sent again.`)
        return mine
      }
      log.info(`GitLab answered ${answered} to creating the MR note, and made nothing; sending it again.`)
      await new Promise(resolve => setTimeout(resolve, 1000 * attempt))
    }
  }
}

async function ownNoteWithBody(gitlab: GitLabClient, mr: MergeRequestPipeline, body: string): Promise<number | undefined> {
  const me = (await gitlab.Users.showCurrentUser()).id
  const notes = (await gitlab.MergeRequestNotes.all(mr.project, mr.iid, { sort: 'desc', orderBy: 'created_at', perPage: 100, maxPages: 1 })) as Note[]
  // GitLab holds the body as sent, its quick-action lines shown as code.
  const sent = withoutQuickActions(body).trimEnd()
  return notes.find(note => note.author?.id === me && note.body?.trimEnd() === sent)?.id
}

/** The pipeline file and job find the same note again; the footer links the job. */
export function gitLabRunLink(env: NodeJS.ProcessEnv): RunLink {
  return {
    workflow: env.CI_CONFIG_PATH || '.gitlab-ci.yml',
    job: env.CI_JOB_NAME ?? '',
    url: env.CI_JOB_URL ?? '',
    linkText: `Job ${env.CI_JOB_ID ?? ''}`.trim(),
    label: [env.CI_PROJECT_PATH ?? '', env.CI_JOB_NAME ?? '']
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { cause?: { response?: { status?: unknown } } }).cause?.response?.status
  return typeof status === 'number' ? status : undefined
}

/** `doing` is what the token was refused, for the 403 advice: writing the note, reading the diff, writing the review. */
export function describeGitLabError(error: unknown, project: string, doing = 'write notes on this merge request'): string {
  const status = statusOf(error)
  const text = redact(String((error as Error).message ?? error))
    .replace(/\s+/g, ' ')
    .trim()
  if (status === 401) return `HTTP 401, ${text}. Check gitlab-token (or GITLAB_TOKEN): it must be a token with api scope; CI_JOB_TOKEN cannot write notes.`
  if (status === 403) return `HTTP 403, ${text}. The token may not ${doing}; give it the api scope and at least the Reporter role in the project.`
  if (status === 404) return `HTTP 404, ${text}. Does the token see project ${project}?`
  if (status === 429) return `HTTP 429, GitLab's API rate limit was hit (${text}), and did not lift within the wait the action allows.`
  if (status === 422 || status === 400)
    return `HTTP ${status}, ${text}. GitLab refused the request; a line position goes stale when the merge request gets a new push during the run.`
  if (status !== undefined && status >= 500) return `HTTP ${status}, ${text}.`
  if ((error as Error).name === 'GitbeakerTimeoutError') return `GitLab's API did not answer within ${QUERY_TIMEOUT_MS / 1000} s.`
  return text.endsWith('.') ? text : `${text}.`
}
