#!/usr/bin/env node
// claude-cloud-action as a command (GitLab CI, any CI): the action's bundle, run as src/command.ts.
globalThis.claudeCloudActionCommand = true
await import('./index.js')
