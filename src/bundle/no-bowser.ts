// Bundled in place of bowser (tsconfig.build.json), about 34 KB of dist/. @aws-sdk/core requires it for
// a browser's user agent, which it parses only where there is a window: in Node, where the action runs,
// it never calls parse.
export function parse(): never {
  throw new Error('bowser is not bundled: there is no browser user agent to parse in Node')
}
