// Bundled in place of ajv and ajv-formats (tsconfig.build.json), about 150 KB of dist/. The MCP SDK's
// Server imports them for one thing, validating elicitation answers, which the review server never
// asks for; it is given its own validator (src/review/server-main.ts), so this is never constructed.
export default class NoAjv {
  constructor() {
    throw new Error('ajv is not bundled: the review server validates no JSON schema')
  }
}
