export const id = 525;
export const ids = [525];
export const modules = {

/***/ 5525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentOnPullRequest: () => (/* binding */ commentOnPullRequest)
/* harmony export */ });
/* unused harmony exports COMMENT_LIMIT, commentMarker, commentTarget, renderComment, fitToComment, openFence */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4116);
/* harmony import */ var _pr_context_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5635);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(665);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7194);
// The sticky PR comment: one comment per pull request, workflow, job and comment-tag, found again by
// a hidden marker and updated in place. Loaded only with comment-on-pr; it never fails the step.




/** GitHub refuses a comment body longer than this (it counts characters; JS length is never less). */
const COMMENT_LIMIT = 65536;
/** A failure's message is shown whole in the summary; the comment keeps its start. */
const MAX_FAILURE_CHARS = 4000;
const COMMENT_DEADLINE_MS = 60_000;
/**
 * Posts or updates the sticky comment; returns its URL. Any failure, the API's or ours, is a
 * warning: a review whose comment could not be written has still run.
 */
async function commentOnPullRequest(report, settings, env = process.env) {
    (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .addSecret */ .Ck)(settings.token);
    const pr = (0,_pr_context_js__WEBPACK_IMPORTED_MODULE_1__/* .readPullRequestEvent */ .$f)(env);
    if (!pr) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(`comment-on-pr is ignored: ${whyNoPullRequest(env.GITHUB_EVENT_NAME)}. It works on pull_request, pull_request_target, pull_request_review(_comment) and issue_comment events on a pull request.`);
        return undefined;
    }
    try {
        const body = renderComment(report, commentTarget(settings.tag, env));
        const octokit = await (0,_pr_context_js__WEBPACK_IMPORTED_MODULE_1__/* .createGitHubClient */ .LX)(settings.token, env);
        const url = await upsertComment(octokit, pr, commentMarker(settings.tag, env), body);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`PR comment: ${url}`);
        return url;
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not write the PR comment on #${pr.number}: ${(0,_pr_context_js__WEBPACK_IMPORTED_MODULE_1__/* .describeGitHubError */ .dZ)(error, 'write')} The review itself ran; see the job summary.`);
        return undefined;
    }
}
function whyNoPullRequest(event) {
    if (!event)
        return 'GITHUB_EVENT_NAME is not set';
    if (event === 'issue_comment')
        return 'this comment is on an issue, not a pull request';
    if (_pr_context_js__WEBPACK_IMPORTED_MODULE_1__/* .PULL_REQUEST_EVENTS */ .m_.includes(event))
        return `the ${event} event payload (GITHUB_EVENT_PATH) names no pull request`;
    return `${event} events have no pull request`;
}
async function upsertComment(octokit, pr, marker, body) {
    const request = { signal: AbortSignal.timeout(COMMENT_DEADLINE_MS) };
    const where = { owner: pr.owner, repo: pr.repo };
    const existing = await findComment(octokit, pr, marker, request.signal);
    if (existing) {
        try {
            const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body, request });
            return data.html_url;
        }
        catch (error) {
            // Deleted since it was listed: write a new one.
            if (error.status !== 404)
                throw error;
        }
    }
    const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body, request });
    return data.html_url;
}
/** Pages through every comment of the PR, oldest first; the first with our marker on top is ours. */
async function findComment(octokit, pr, marker, signal) {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner: pr.owner,
        repo: pr.repo,
        issue_number: pr.number,
        per_page: 100,
        request: { signal }
    });
    for await (const page of pages) {
        const found = page.data.find(comment => comment.body?.startsWith(marker));
        if (found)
            return found.id;
    }
    return undefined;
}
/**
 * The hidden key of the comment: workflow, job and tag. The workflow is its file when the runner
 * says (GITHUB_WORKFLOW_REF), else its name; every value is URI-encoded so none can end the HTML comment.
 */
function commentMarker(tag, env = process.env) {
    const parts = { workflow: workflowKey(env), job: env.GITHUB_JOB ?? '', tag };
    const fields = Object.entries(parts).map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2F/g, '/')}`);
    return `<!-- claude-cloud-action sticky-comment ${fields.join(' ')} -->`;
}
function workflowKey(env) {
    // owner/repo/.github/workflows/review.yml@refs/pull/7/merge → .github/workflows/review.yml
    const ref = env.GITHUB_WORKFLOW_REF?.match(/^[^/]+\/[^/]+\/(.+?)@/)?.[1];
    return ref ?? env.GITHUB_WORKFLOW ?? '';
}
function commentTarget(tag, env = process.env) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const runUrl = `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
    const label = [env.GITHUB_WORKFLOW, env.GITHUB_JOB, tag].filter(Boolean).join(' · ');
    return { marker: commentMarker(tag, env), runUrl, label };
}
/**
 * Marker, headline, result (cut to fit), table, failover attempts and the run link. Secrets are
 * redacted before anything is cut, so a cut cannot leave half a secret behind.
 */
function renderComment(report, target) {
    const head = [target.marker, `### ${(0,_report_js__WEBPACK_IMPORTED_MODULE_2__/* .renderHeadline */ .Lf)(report)}`, '', ''].join('\n');
    const failure = report.failureMessage && report.failureMessage !== report.result
        ? codeBlock(cutText((0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(report.failureMessage), MAX_FAILURE_CHARS), 'text')
        : '';
    const attempts = (0,_report_js__WEBPACK_IMPORTED_MODULE_2__/* .renderAttempts */ .Z$)(report);
    const footer = `<sub>[Workflow run ${target.runUrl.split('/').pop()}](${target.runUrl})${target.label ? ` · ${escapeMarkdown(target.label)}` : ''}</sub>`;
    const tail = ['', '', (0,_report_js__WEBPACK_IMPORTED_MODULE_2__/* .renderTable */ .bo)(report), '', ...(attempts ? [attempts, ''] : []), footer, ''].join('\n');
    let main = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(report.result);
    if (report.structuredOutput)
        main += `${main ? '\n\n' : ''}${codeBlock((0,_secrets_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(report.structuredOutput), 'json').trimEnd()}`;
    if (!main && !failure)
        main = '_Claude Code gave no result text._';
    const budget = COMMENT_LIMIT - head.length - failure.length - tail.length;
    return `${head}${failure}${fitToComment(main, budget, target.runUrl)}${tail}`;
}
/** `text` as it is when it fits `budget`, else its start, code fences closed, and a note with the run link. */
function fitToComment(text, budget, runUrl) {
    if (text.length <= budget)
        return text;
    const note = `\n\n_… cut to fit GitHub's comment limit. The whole result is in the job summary and the \`result\` output of [the workflow run](${runUrl})._`;
    // Room for the note and for a fence that closes a code block the cut leaves open.
    let cut = cutText(text, Math.max(0, budget - note.length - 16));
    // End on a whole line when one ends near the cut.
    const lineEnd = cut.lastIndexOf('\n');
    if (lineEnd > 0 && lineEnd >= cut.length - 1000)
        cut = cut.slice(0, lineEnd);
    const fence = openFence(cut);
    if (fence)
        cut += `\n${fence}`;
    return `${cut}${note}`;
}
/** The first `max` UTF-16 units of `text`, never half a surrogate pair. */
function cutText(text, max) {
    if (text.length <= max)
        return text;
    let end = max;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff)
        end--;
    return text.slice(0, end);
}
/** The fence that would close a code block still open at the end of `markdown`, or ''. */
function openFence(markdown) {
    let open;
    for (const line of markdown.split('\n')) {
        const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
        if (!m)
            continue;
        const [char, length] = [m[1][0], m[1].length];
        if (!open) {
            // A backtick fence's info string may not hold a backtick.
            if (char === '`' && m[2].includes('`'))
                continue;
            open = { char, length };
        }
        else if (char === open.char && length >= open.length && m[2].trim() === '') {
            open = undefined;
        }
    }
    return open ? open.char.repeat(open.length) : '';
}
/** A fenced block that the text's own backticks cannot close. */
function codeBlock(text, info) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}${info}\n${text}\n${fence}\n\n`;
}
function escapeMarkdown(text) {
    return text.replace(/[\\`*_[\]<>|]/g, '\\$&');
}


/***/ })

};
