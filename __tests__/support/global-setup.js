// @ts-check
// Before any test: build dist/ is the test script's job; here the real Claude Code CLI is installed
// once, by the bundled action's own installer, into the shared tool cache (a cache hit afterwards).
import { startModel } from '../stand-ins/index.js'
import { runAction, visibleLog } from './runner.js'

export default async function globalSetup() {
  const model = await startModel({ text: 'installed' })
  try {
    const run = await runAction({
      inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-setup-0000000000', model: 'claude-sonnet-4-5' },
      env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0' }
    })
    if (run.exitCode !== 0 || run.outputs.result !== 'installed') {
      throw new Error(`Installing Claude Code through the action failed (exit ${run.exitCode}):\n${visibleLog(run).slice(-4000)}`)
    }
  } finally {
    await model.close()
  }
}
