// npm run demo [-- --provider anthropic|bedrock|vertex]
// Runs the bundled action (dist/index.js) the way the GitHub runner does, against loopback
// stand-ins of GitHub OIDC, AWS STS (moto when installed), Google STS/IAM and the model APIs, with
// the real Claude Code CLI (installed by the action into .cache/tool-cache on first use).
// Prints the inputs, the step log as the runner would show it, the step outputs and the job summary,
// and removes every directory it made.
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { startGoogle, startModel, startMoto, startOidc, startSts } from '../__tests__/stand-ins/index.js'
import { runAction, TOOL_CACHE, visibleLog } from '../__tests__/support/runner.js'

const PROVIDERS = ['anthropic', 'bedrock', 'vertex']
const flag = process.argv.indexOf('--provider')
const chosen = flag === -1 ? PROVIDERS : [process.argv[flag + 1]]
if (chosen.some(p => !PROVIDERS.includes(p))) {
  console.error(`usage: npm run demo -- --provider ${PROVIDERS.join('|')}`)
  process.exit(2)
}

console.log('Demo: the model is a loopback stand-in that answers from a script, so the answers, the tokens and the')
console.log('cost below are made up; no request leaves 127.0.0.1 and nothing is billed.')
if (!existsSync(path.join(TOOL_CACHE, 'claude-code'))) {
  console.log(`The first run installs the real Claude Code CLI from npm into ${TOOL_CACHE} (a few hundred MB); later runs reuse it.`)
}

const PROMPT = 'List the files in this repository, then say in one sentence what it is.'
// The stand-in model answers like Claude would: one tool call, then a summary.
const TURNS = [
  { text: 'Let me look.', toolUse: { name: 'Bash', input: { command: 'ls' } } },
  { text: 'This repository holds a README; it looks like a fresh project.' }
]

/** Each provider's stand-ins, inputs and env. */
const setups = {
  async anthropic(model) {
    return { inputs: { 'anthropic-api-key': 'sk-ant-demo-not-a-real-key' }, env: { ANTHROPIC_BASE_URL: model.url }, close: async () => {} }
  },
  async bedrock(model) {
    const oidc = await startOidc()
    const moto = await startMoto()
    const sts = moto ?? (await startSts())
    console.log(`STS: ${moto ? 'moto_server' : 'the project STS stand-in (moto_server not found)'} at ${sts.url}`)
    return {
      inputs: {
        provider: 'bedrock',
        region: 'us-east-1',
        'role-to-assume': 'arn:aws:iam::123456789012:role/claude-code-ci',
        'sts-endpoint': sts.url,
        'fallback-regions': 'us-west-2'
      },
      env: { ANTHROPIC_BEDROCK_BASE_URL: model.url, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken },
      close: () => Promise.all([oidc.close(), sts.close()])
    }
  },
  async vertex(model) {
    const oidc = await startOidc()
    const provider = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/demo-repo'
    // Google STS is asked for //iam.googleapis.com/<provider>; the OIDC token's own audience is https://…
    const google = await startGoogle({ expectedAudience: `//iam.googleapis.com/${provider}` })
    return {
      inputs: {
        provider: 'vertex',
        region: 'us-east5',
        'workload-identity-provider': provider,
        'service-account': 'claude-ci@demo-project.iam.gserviceaccount.com',
        'sts-endpoint': google.stsUrl,
        'iam-credentials-endpoint': google.iamUrl
      },
      env: { ANTHROPIC_VERTEX_BASE_URL: `${model.url}/v1`, ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken },
      close: () => Promise.all([oidc.close(), google.close()])
    }
  }
}

let failed = false
for (const provider of chosen) {
  console.log(`\n━━━ provider: ${provider} ━━━`)
  const model = await startModel({ turns: TURNS })
  const setup = await setups[provider](model)
  let dir
  try {
    const inputs = { prompt: PROMPT, model: 'claude-sonnet-4-5', 'allowed-tools': 'Bash(ls:*)', ...setup.inputs }
    console.log('── inputs (with:) ──')
    for (const [name, value] of Object.entries(inputs)) console.log(`${name.padEnd(28)} ${value}`)
    const run = await runAction({ inputs, env: setup.env, prepare: workspace => writeFileSync(path.join(workspace, 'README.md'), '# demo\n') })
    dir = run.dir
    console.log('\n── step log ──')
    console.log(renderLog(visibleLog(run)))
    console.log('── step outputs ──')
    for (const [name, value] of Object.entries(run.outputs)) {
      // The post step has removed the execution file by now; a path to nothing would mislead.
      const shown = name === 'execution-file' ? '(in RUNNER_TEMP during the job; removed by the post step)' : value.split('\n')[0]
      console.log(`${name.padEnd(28)} ${shown}`)
    }
    console.log('── job summary ──')
    console.log(run.summary.trim())
    console.log('── exported for later steps ──')
    for (const [name, value] of Object.entries(run.exportedEnv)) console.log(`${name}=${value}`)
    console.log(
      `── model requests: ${model.requests
        .filter(r => r.provider)
        .map(r => `${r.method} ${r.path}`)
        .join(', ')}`
    )
    if (run.exitCode !== 0) failed = true
  } finally {
    await Promise.all([model.close(), setup.close()])
    // The runner's directories (workspace, HOME, RUNNER_TEMP, file commands) go with the demo.
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}
process.exit(failed ? 1 : 0)

/** Shows the log the way the Actions UI does: groups folded to their title, commands hidden. */
function renderLog(log) {
  const lines = []
  let depth = 0
  for (const line of log.split('\n')) {
    if (line.startsWith('::group::')) {
      if (depth++ === 0) lines.push(`▸ ${line.slice(9)}`)
    } else if (line.startsWith('::endgroup::')) {
      depth = Math.max(0, depth - 1)
    } else if (depth === 0 && line.trim() && !/^::(debug::|stop-commands::|[0-9a-f-]{36}::)/.test(line)) {
      lines.push(line.replace(/^::(error|warning|notice)[^:]*::/, (_, kind) => `${kind.toUpperCase()}: `).replace(/%0A/g, '\n'))
    }
  }
  return lines.join('\n')
}
