// Bundled in place of web-streams-polyfill (tsconfig.build.json), about 60 KB of dist/. fetch-blob (under
// google-auth-library's node-fetch) loads it only on a Node with neither a global ReadableStream nor
// node:stream/web; every Node the action runs on (20 and later) has both, so this is never evaluated.
throw new Error('web-streams-polyfill is not bundled: this Node has no web streams (node:stream/web)')

export {}
