// The review on GitLab: the merge request's diff_refs and diffs (paged, bounded), our user's earlier
// diff notes, and one review. GitLab's review is its draft notes: one per comment (with a text
// position) and one for the body, then bulk_publish, so reviewers get one notification. There is no
// fallback to posting discussions one by one: that would notify once per comment, and stop halfway
// on an error; a GitLab without draft notes answers 404, and the comments go to the job summary.
// The verdict is a commit status at the head; the records of earlier reviews are in our notes.
import { describeGitLabError, gitLabClient, gitLabRunLink, type GitLabClient, type MergeRequestPipeline } from './comments.js'
import { writeMergeRequestContext, type MergeRequestHead } from './mr-context.js'
import { log } from '../../platform/platform.js'
import { MAX_CHANGED_FILES } from '../code-host.js'
import { gitLabBody, textPosition, type DiffRefs, type MergeRequestFile } from './position.js'
import { createDraftNote, withoutQuickActions } from './note-bodies.js'
import { diffFile, type DiffFile, type LineComment } from '../../review/hunks.js'
import { MAX_PATCH_BYTES, type PostedComment, type ReviewDiff, type ReviewHost } from '../../review/review-host.js'

const PER_PAGE = 100
/** The earlier discussions the re-run check reads; past them a re-run may repeat a comment. */
const MAX_DISCUSSION_PAGES = 20
/** GitLab keeps a commit status's description short. */
const MAX_STATUS_DESCRIPTION_CHARS = 255

/** One changed file of GET /merge_requests/:iid/diffs. */
interface MergeRequestDiff {
  old_path: string
  new_path: string
  new_file?: boolean
  renamed_file?: boolean
  deleted_file?: boolean
  diff?: string
  /** Newer GitLabs mark a diff they cut or left out; `diff` is then empty. */
  too_large?: boolean
}

interface DiscussionNote {
  type?: string | null
  body?: string
  author?: { id?: number }
  position?: { head_sha?: string; new_path?: string; new_line?: number | null; old_line?: number | null }
}

export function gitLabReviewHost(token: string, mr: MergeRequestPipeline, env: NodeJS.ProcessEnv = process.env): ReviewHost {
  const api = gitLabClient(mr.apiUrl, token)
  const files = new Map<string, MergeRequestFile>()
  let refs: DiffRefs | undefined
  let head: MergeRequestHead | undefined
  return {
    label: `merge request !${mr.iid}`,
    words: { change: 'merge request', host: 'GitLab' },
    commentName: 'MR note',
    run: { url: gitLabRunLink(env).url, text: 'job' },
    async readDiff(): Promise<ReviewDiff> {
      const gitlab = await api()
      const shown = (await gitlab.MergeRequests.show(mr.project, mr.iid)) as { diff_refs?: DiffRefs | null; source_branch?: string; target_branch?: string }
      const diffRefs = shown.diff_refs
      // GitLab computes a new push's diff in the background; until then the merge request has none.
      if (!diffRefs?.head_sha || !diffRefs.base_sha || !diffRefs.start_sha) {
        throw new Error("GitLab has not computed the merge request's diff yet (no diff_refs); re-run the job")
      }
      refs = diffRefs
      const listed = await listDiffFiles(gitlab, mr)
      for (const file of listed.patches) files.set(file.path, file)
      head = { headSha: diffRefs.head_sha, sourceBranch: shown.source_branch, targetBranch: shown.target_branch, diffs: listed.diffs }
      return { headSha: diffRefs.head_sha, files: listed.files, ...(listed.truncated ? { truncated: listed.truncated } : {}) }
    },
    async ownComments(headSha: string): Promise<PostedComment[]> {
      const gitlab = await api()
      const me = (await gitlab.Users.showCurrentUser()).id
      const discussions = (await gitlab.MergeRequestDiscussions.all(mr.project, mr.iid, { perPage: PER_PAGE, maxPages: MAX_DISCUSSION_PAGES })) as {
        notes?: DiscussionNote[]
      }[]
      const own: PostedComment[] = []
      for (const note of discussions.flatMap(d => d.notes ?? [])) {
        const position = note.position
        if (note.type !== 'DiffNote' || note.author?.id !== me || position?.head_sha !== headSha || !position.new_path) continue
        // A context line has both numbers: our comment on it was on one side or the other.
        for (const line of [position.new_line, position.old_line]) {
          if (typeof line === 'number') own.push({ path: position.new_path, line, body: note.body ?? '' })
        }
      }
      return own
    },
    async readRecords(): Promise<string[]> {
      const gitlab = await api()
      const me = (await gitlab.Users.showCurrentUser()).id
      const notes = (await gitlab.MergeRequestNotes.all(mr.project, mr.iid, { perPage: PER_PAGE, maxPages: MAX_DISCUSSION_PAGES })) as DiscussionNote[]
      return notes.filter(note => note.author?.id === me && note.body?.includes('review-record')).map(note => note.body ?? '')
    },
    async postVerdict(check): Promise<string> {
      const gitlab = await api()
      // GitLab has no neutral: a review without a verdict is a skipped status, which blocks nothing.
      const state = check.verdict === 'pass' ? 'success' : check.verdict === 'fail' ? 'failed' : 'skipped'
      const reason = check.reason.split('\n').find(line => line.trim()) ?? ''
      const description = `${check.title}: ${reason}`
      await gitlab.Commits.editStatus(mr.project, check.headSha, state as 'success', {
        name: check.name,
        description: description.length > MAX_STATUS_DESCRIPTION_CHARS ? `${description.slice(0, MAX_STATUS_DESCRIPTION_CHARS - 1)}…` : description,
        ...(env.CI_JOB_URL ? { targetUrl: env.CI_JOB_URL } : {}),
        ...(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME ? { ref: env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME } : {})
      })
      return env.CI_PROJECT_URL ? `${env.CI_PROJECT_URL}/-/commit/${check.headSha}` : ''
    },
    describeVerdictError: (error, checkName) =>
      describeGitLabError(error, mr.project, `set the commit status "${checkName}" (it needs the api scope and at least the Developer role)`),
    async writeContext(dir, headSha, since) {
      if (!head || head.headSha !== headSha) throw new Error(`the context is for ${headSha.slice(0, 12)}, but the diff read was not`)
      return writeMergeRequestContext(await api(), mr, dir, head, since)
    },
    postedBody: comment => withoutQuickActions(gitLabBody(comment)),
    async postReview(headSha: string, body: string, comments: LineComment[]): Promise<string> {
      if (!refs || refs.head_sha !== headSha) throw new Error(`the review is for ${headSha.slice(0, 12)}, but the diff read was not`)
      const gitlab = await api()
      const drafts: number[] = []
      const draft = async (note: string, position?: object): Promise<void> => {
        drafts.push((await createDraftNote(gitlab, mr.project, mr.iid, note, position)).id)
      }
      try {
        await draft(body)
        for (const comment of comments) {
          const file = files.get(comment.path)
          if (!file) throw new Error(`${comment.path} is not in the merge request's diff`)
          await draft(gitLabBody(comment), textPosition(refs, file, comment))
        }
        await gitlab.MergeRequestDraftNotes.publishBulk(mr.project, mr.iid)
      } catch (error) {
        await discardDrafts(gitlab, mr, drafts)
        throw error
      }
      return `${mr.webUrl}/diffs`
    },
    describeError: (error, doing) =>
      describeGitLabError(error, mr.project, doing === 'read' ? "read this merge request's diffs" : 'write draft notes on this merge request')
  }
}

async function listDiffFiles(
  gitlab: GitLabClient,
  mr: MergeRequestPipeline
): Promise<{ files: DiffFile[]; patches: MergeRequestFile[]; diffs: MergeRequestDiff[]; truncated?: string }> {
  const diffs = (await gitlab.MergeRequests.allDiffs(mr.project, mr.iid, {
    perPage: PER_PAGE,
    maxPages: Math.ceil(MAX_CHANGED_FILES / PER_PAGE)
  })) as MergeRequestDiff[]
  const files: DiffFile[] = []
  const patches: MergeRequestFile[] = []
  let bytes = 0
  for (const d of diffs.slice(0, MAX_CHANGED_FILES)) {
    const patch = d.too_large ? '' : (d.diff ?? '')
    bytes += patch.length
    if (bytes > MAX_PATCH_BYTES) return { files, patches, diffs, truncated: `its diffs pass ${MAX_PATCH_BYTES / 1024 / 1024} MiB` }
    const previousPath = d.renamed_file && d.old_path !== d.new_path ? d.old_path : undefined
    const status = d.new_file ? 'added' : d.deleted_file ? 'removed' : previousPath ? 'renamed' : 'modified'
    files.push(diffFile({ filename: d.new_path, ...(previousPath ? { previous_filename: previousPath } : {}), status, patch }))
    if (patch) patches.push({ path: d.new_path, ...(previousPath ? { previousPath } : {}), patch })
  }
  if (diffs.length >= MAX_CHANGED_FILES) {
    log.info(`The review tool takes comments on the first ${MAX_CHANGED_FILES} changed files.`)
    return { files, patches, diffs, truncated: `it changes ${MAX_CHANGED_FILES} files or more` }
  }
  return { files, patches, diffs }
}

/** Drafts are visible to their author only, and a later bulk_publish would publish them: a failed review takes its drafts back. */
async function discardDrafts(gitlab: GitLabClient, mr: MergeRequestPipeline, drafts: number[]): Promise<void> {
  let left = 0
  for (const id of drafts) {
    await gitlab.MergeRequestDraftNotes.remove(mr.project, mr.iid, id).catch(() => left++)
  }
  if (left > 0) {
    log.warning(
      `Could not discard ${left} draft notes of the unpublished review on merge request !${mr.iid}; the token's user sees them as a pending review, and its next published review would include them.`
    )
  }
}
