// The review tool's names, shared by the main step (argv, allowed tools) and the MCP server.
export const REVIEW_SERVER = 'action_review'
export const REVIEW_TOOL = 'add_comment'
/** How Claude Code names the tool: mcp__<server>__<tool>. */
export const REVIEW_TOOL_ID = `mcp__${REVIEW_SERVER}__${REVIEW_TOOL}`
