// Every note the command writes on GitLab (the MR note, created or edited, and each draft note of
// the review, which publishing posts) goes through here, so that none of its lines runs as a quick
// action. GitLab runs a line such as `/approve`, `/merge` or `/label ~x` in a note as a command of
// the token's user, and the text is the model's: a diff can make it write one.
import type { Gitlab } from '@gitbeaker/rest'

type GitLabClient = InstanceType<typeof Gitlab>

/**
 * What GitLab would read as a quick action: `/` and a name at the start of a line, then a space and
 * arguments or the line's end (Gitlab::QuickActions::Extractor). Leading blanks are taken too, and a
 * tab after the name, though GitLab reads neither: the rule errs on the side of a harmless change.
 */
const QUICK_ACTION = /^([ \t]*)(\/\w+(?:[ \t].*)?)$/

/**
 * The Markdown with each such line shown as code, as GitLab's own redact_commands does (`/approve`
 * becomes "`/approve`"), so it reads the same and runs nothing. Lines in code blocks are changed
 * too: GitLab's extractor finds blocks by pattern, and backticks earlier in the text can shift what
 * it takes for one. Only lines of that exact form change; `/src/app.ts` at a line's start does not.
 */
export function withoutQuickActions(markdown: string): string {
  // GitLab drops carriage returns before it looks, which could join `/appr\rove` into a command.
  return markdown
    .replace(/\r/g, '')
    .split('\n')
    .map(line => {
      const m = QUICK_ACTION.exec(line)
      return m ? `${m[1]}${codeSpan(m[2].trimEnd())}` : line
    })
    .join('\n')
}

/** A code span of `text`: a fence of more backticks than any run in it, padded when it ends with one. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  return text.endsWith('`') ? `${fence}${text} ${fence}` : `${fence}${text}${fence}`
}

export async function createNote(gitlab: GitLabClient, project: string, iid: number, body: string): Promise<{ id: number }> {
  return (await gitlab.MergeRequestNotes.create(project, iid, withoutQuickActions(body))) as { id: number }
}

export async function editNote(gitlab: GitLabClient, project: string, iid: number, id: number, body: string): Promise<{ id: number }> {
  return (await gitlab.MergeRequestNotes.edit(project, iid, id, { body: withoutQuickActions(body) })) as { id: number }
}

/** A draft note of the review; it runs what it holds when published, so it is made safe now. */
export async function createDraftNote(gitlab: GitLabClient, project: string, iid: number, note: string, position?: object): Promise<{ id: number }> {
  // The position goes as GitLab names its fields; gitbeaker's types want them camel-cased, its request sends snake_case either way.
  return gitlab.MergeRequestDraftNotes.create(project, iid, withoutQuickActions(note), position ? { position: position as never } : {})
}
