// The review tool's MCP server, started by Claude Code over stdio (dist/review-server.js, run with the
// action's own Node). It holds no token and talks to no API: it checks each comment against the
// PR's diff hunks (a file the main step wrote) and buffers the accepted ones in a file of the run's
// private directory, and the verdict in a file beside it; the main step posts them after the run.
//   usage: review-server.js <diff file> <buffer file> [verdict file]
import { readFileSync } from 'node:fs'
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js'
import { PULL_REQUEST_WORDS, type ChangeWords, type DiffFile } from '../review/hunks.js'
import { handleComment, handleVerdict, INPUT_SCHEMA, VERDICT_SCHEMA } from '../review/server.js'
import { REVIEW_SERVER, REVIEW_TOOL, VERDICT_TOOL } from '../review/tool-name.js'

async function main(): Promise<void> {
  const [diffPath, bufferFile, verdictFile] = process.argv.slice(2)
  if (!diffPath || !bufferFile) {
    process.stderr.write('usage: review-server.js <diff file> <buffer file> [verdict file]\n')
    process.exit(2)
  }
  const {
    files,
    words = PULL_REQUEST_WORDS,
    maxComments,
    truncated
  } = JSON.parse(readFileSync(diffPath, 'utf8')) as { files: DiffFile[]; words?: ChangeWords; maxComments?: number; truncated?: string }
  const limits = { maxComments: typeof maxComments === 'number' ? maxComments : Infinity, ...(truncated ? { filesCut: truncated } : {}) }
  // The SDK validates elicitation answers only, which this server never asks for; its default
  // validator (ajv) is left out of the bundle.
  const jsonSchemaValidator = { getValidator: refuseSchemaValidation }
  const server = new Server({ name: REVIEW_SERVER, version: '1.0.0' }, { capabilities: { tools: {} }, jsonSchemaValidator })
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      {
        name: REVIEW_TOOL,
        description:
          `Comment on a line or a range of lines of this ${words.change}'s diff, as part of one review posted after the run. ` +
          'Only lines the diff shows are accepted; an error names the commentable lines.',
        inputSchema: INPUT_SCHEMA
      },
      ...(verdictFile
        ? [
            {
              name: VERDICT_TOOL,
              description:
                `Give the review's verdict on this ${words.change}, once, when the review is done: pass or fail, with a short summary. ` +
                'It becomes the check that can block merging; a later call replaces an earlier one.',
              inputSchema: VERDICT_SCHEMA
            }
          ]
        : [])
    ]
  }))
  server.setRequestHandler(CallToolRequestSchema, async request => {
    if (request.params.name === REVIEW_TOOL) return handleComment(files, bufferFile, request.params.arguments, words, limits)
    if (request.params.name === VERDICT_TOOL && verdictFile) return handleVerdict(verdictFile, request.params.arguments)
    return { isError: true, content: [{ type: 'text', text: `Unknown tool ${request.params.name}.` }] }
  })
  await server.connect(new StdioServerTransport())
}

function refuseSchemaValidation(): never {
  throw new Error('The review server validates no JSON schema')
}

void main()
