// The review tool's names, shared by the main step (argv, allowed tools) and the MCP server.
export const REVIEW_SERVER = 'action_review'
export const REVIEW_TOOL = 'add_comment'
/** How Claude Code names the tool: mcp__<server>__<tool>. */
export const REVIEW_TOOL_ID = `mcp__${REVIEW_SERVER}__${REVIEW_TOOL}`
/** The review's verdict, pass or fail, called once at the end. */
export const VERDICT_TOOL = 'set_verdict'
export const VERDICT_TOOL_ID = `mcp__${REVIEW_SERVER}__${VERDICT_TOOL}`
