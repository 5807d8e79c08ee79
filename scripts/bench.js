// npm run bench [-- --runs 15] [--install-runs 5] [--only overhead|memory|install|isolation|gateway|size] [--compare DIR]
// --compare DIR: the overhead section also times DIR/index.js (another build of dist/, e.g. before a
// change), interleaved with this one, and prints each provider's ratio to it.
// Runs the bundled action (dist/index.js) the way the runner does, against the loopback stand-ins, and
// prints one table of what issues #6 and #13 ask it to hold, each figure beside its yardstick from the same run:
//   overhead   the main step with a stub `claude` (claude-path), per provider, against `node -e 0`;
//   memory     peak RSS of the action process, for a normal run and for 100 MB of streamed events, read
//              at once and read at about 2 MB/s (a slow log reader);
//   install    the CLI install into an empty tool cache against plain `npm install -g`, a cache hit, and
//              the time from step start to the first model request on Bedrock with a cold tool cache and
//              STS holding its answer 2 s, against the same plain npm install;
//   isolation  bubblewrap and socat installed by the action (isolation: auto, Bash allowed) beside a cold CLI
//              install, on a machine without them: the time to the first model request against the same step with
//              them installed, in the same run. Needs root and apt-get; it removes both packages before each timed
//              run and leaves them installed;
//   gateway    the model gateway: added latency per request, a 429's failover to the next region, and peak
//              RSS with a 100 MB answer streamed through it (scripts/bench-gateway.js);
//   size       every file in dist/.
// Not a test: nothing here runs in `npm test`, and timings are never asserted there.
import { spawn } from 'node:child_process'
import { chmodSync, createWriteStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startGoogle, startModel, startMoto, startOidc, startSts } from '../__tests__/stand-ins/index.js'
import { readActionYml, ROOT, runAction, STEP_NODE } from '../__tests__/support/runner.js'
import { assistantEvent, INIT_EVENT, printEvents, resultEvent, SESSION_ID, writeStub } from '../__tests__/support/stub-claude.js'
import { gatewayBench } from './bench-gateway.js'

const RUNS = Number(option('--runs') ?? 15)
const WARMUPS = 3
const INSTALL_RUNS = Number(option('--install-runs') ?? 5)
const ONLY = option('--only')
const COMPARE = option('--compare')
const wanted = (/** @type {string} */ section) => ONLY === undefined || ONLY === section
const PROVIDER_NAMES = ['anthropic', 'bedrock', 'vertex']
/** What the stub prints at once: the init event, one turn, the result. */
const QUICK_STREAM = [INIT_EVENT, assistantEvent('done'), resultEvent('done')]
const TARGETS = {
  overheadRatio: /** @type {Record<string, number>} */ ({ anthropic: 2.0, bedrock: 4.0, vertex: 4.0 }),
  peakRssMiB: 80,
  coldInstallRatio: 0.85,
  firstRequestRatio: 1.05,
  warmInstallMs: 1000,
  distBytes: 2 * 1024 * 1024
}
/** The slow log reader's pace, bytes per second. */
const SLOW_READER_RATE = 2 * 1000 * 1000
/** How long the delayed STS stand-in holds each first AssumeRoleWithWebIdentity answer. */
const STS_DELAY_MS = 2000

const CLAUDE_VERSION = readActionYml().inputs.find(i => i.name === 'claude-version')?.default ?? 'latest'
/**
 * Reports the action process's own peak RSS as it exits. VmHWM counts from the exec; getrusage's
 * maxRSS would not do: Linux carries it over from the forked parent, here the benchmark itself.
 */
const PEAK_RSS_PROBE = `
import { readFileSync } from 'node:fs'
process.on('exit', () => {
  let kib = process.resourceUsage().maxRSS
  try { kib = Number(/VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) } catch {}
  process.stderr.write('\\nbench-max-rss-kib=' + kib + '\\n')
})`
const work = mkdtempSync(path.join(os.tmpdir(), 'cca-bench-'))
/** @type {{ section: string, name: string, value: string, yardstick: string, target: string, ok: boolean | undefined }[]} */
const rows = []

try {
  const nodeVersion = (await capture(STEP_NODE, ['--version'])).trim()
  console.log(
    `claude-cloud-action benchmark · ${new Date().toISOString().slice(0, 10)} · Node ${nodeVersion} · ` +
      `${os.cpus()[0]?.model.trim() ?? 'cpu'} × ${os.cpus().length} · ${(os.totalmem() / 2 ** 30) | 0} GiB · ${os.type()} ${os.release()}`
  )
  console.log(`${RUNS} timed runs after ${WARMUPS} warm-up runs, action and baseline interleaved\n`)

  const stub = writeStub(printEvents(...QUICK_STREAM), work)
  if (wanted('overhead')) await overhead(stub)
  if (wanted('memory')) await memory(stub)
  if (wanted('install')) await install()
  if (wanted('isolation')) await isolation()
  if (wanted('gateway')) await gatewayBench(rows, { work, peakRssProbe: PEAK_RSS_PROBE })
  if (wanted('size')) distSize()
} finally {
  rmSync(work, { recursive: true, force: true })
}
printTable()
process.exit(rows.some(r => r.ok === false) ? 1 : 0)

// ── sections ────────────────────────────────────────────────────────────────────────────────────

async function overhead(/** @type {string} */ stub) {
  // Each provider's steps against the `node -e 0` runs interleaved with them: the machine's pace drifts
  // over the minute the section takes (other VMs on the host), and a baseline pooled over every provider
  // would weigh one provider's steps against another's moment.
  /** @type {Record<string, number[]>} */
  const baseline = {}
  /** @type {Record<string, number[]>} */
  const times = {}
  /** @type {Record<string, number[]>} */
  const compared = {}
  for (const provider of PROVIDER_NAMES) {
    times[provider] = []
    baseline[provider] = []
    compared[provider] = []
    await withProvider(provider, async run => {
      for (let i = 0; i < WARMUPS + RUNS; i++) {
        const nodeMs = await timeSpawn(STEP_NODE, ['-e', '0'])
        const step = await run({ 'claude-path': stub })
        const other = COMPARE ? await run({ 'claude-path': stub }, undefined, undefined, { script: path.resolve(COMPARE, 'index.js') }) : undefined
        if (i >= WARMUPS) {
          baseline[provider].push(nodeMs)
          times[provider].push(step.durationMs)
          if (other) compared[provider].push(other.durationMs)
        }
      }
    })
  }
  const base = median(Object.values(baseline).flat())
  rows.push({ section: 'overhead', name: 'node -e 0', value: ms(base), yardstick: '1.00×', target: '', ok: undefined })
  for (const provider of PROVIDER_NAMES) {
    const own = median(baseline[provider])
    const ratio = median(times[provider]) / own
    const target = TARGETS.overheadRatio[provider]
    rows.push({
      section: 'overhead',
      name: `action, ${provider}`,
      value: ms(median(times[provider])),
      yardstick: `${ratio.toFixed(2)}× node -e 0 (${ms(own)} beside it)`,
      target: `≤ ${target.toFixed(1)}×`,
      ok: ratio <= target
    })
    if (COMPARE) {
      const against = median(times[provider]) / median(compared[provider])
      rows.push({
        section: 'overhead',
        name: `  ${COMPARE}, ${provider}`,
        value: ms(median(compared[provider])),
        yardstick: `this build ${against.toFixed(3)}× it`,
        target: '',
        ok: undefined
      })
    }
  }
}

async function memory(/** @type {string} */ quickStub) {
  const probe = ['--import', `data:text/javascript,${encodeURIComponent(PEAK_RSS_PROBE)}`]
  const peakMiB = (/** @type {{ stderr: string }} */ step) => Number(/bench-max-rss-kib=(\d+)/.exec(step.stderr)?.[1]) / 1024
  for (const provider of PROVIDER_NAMES) {
    const peaks = []
    await withProvider(provider, async run => {
      for (let i = 0; i < 3; i++) peaks.push(peakMiB(await run({ 'claude-path': quickStub }, probe)))
    })
    const peak = Math.max(...peaks)
    rows.push({
      section: 'memory',
      name: `peak RSS, ${provider}`,
      value: `${peak.toFixed(1)} MiB`,
      yardstick: 'normal run',
      target: `≤ ${TARGETS.peakRssMiB} MiB`,
      ok: peak <= TARGETS.peakRssMiB
    })
  }
  const big = await writeLargeStream(100 * 1024 * 1024)
  const bigStub = writeStub(`cat '${big.file}'`, work)
  await withProvider('anthropic', async run => {
    const step = await run({ 'claude-path': bigStub }, probe, 'streamed')
    if (step.outputs['num-turns'] !== String(big.turns)) throw new Error(`the 100 MB run reported ${step.outputs['num-turns']} turns, not ${big.turns}`)
    const peak = peakMiB(step)
    rows.push({
      section: 'memory',
      name: 'peak RSS, 100 MB streamed',
      value: `${peak.toFixed(1)} MiB`,
      yardstick: `${(big.bytes / 2 ** 20).toFixed(0)} MiB in ${big.turns} turns`,
      target: `≤ ${TARGETS.peakRssMiB} MiB`,
      ok: peak <= TARGETS.peakRssMiB
    })
  })
  // The same stream with the action's stdout read at about 2 MB/s, as a runner's log reader that masks
  // and uploads every line may: the steps run under a wrapper that pipes their stdout through a reader
  // at that pace. show-full-output prints every tool result, so the log is tens of MB and the reader
  // falls far behind (one line per turn would be a fraction of a MB). The final result line must still
  // arrive, or the row fails.
  const slowNode = slowReaderNode()
  await withProvider('anthropic', async run => {
    const step = await run({ 'claude-path': bigStub, 'show-full-output': 'true' }, probe, 'streamed', { node: slowNode })
    const seconds = step.durationMs / 1000
    const peak = peakMiB(step)
    const finalLine = step.stdout.includes(`✓ success · ${big.turns} turns`)
    const logMiB = Buffer.byteLength(step.stdout) / 2 ** 20
    rows.push({
      section: 'memory',
      name: 'peak RSS, 100 MB streamed, log read at 2 MB/s',
      value: `${peak.toFixed(1)} MiB`,
      yardstick: `${logMiB.toFixed(1)} MiB of log, step ${seconds.toFixed(1)} s, final line ${finalLine ? 'arrived' : 'LOST'}`,
      target: `≤ ${TARGETS.peakRssMiB} MiB`,
      ok: peak <= TARGETS.peakRssMiB && finalLine
    })
  })
}

async function install() {
  const model = await startModel({ text: 'installed' })
  // Bedrock with a delayed STS: each run's first AssumeRoleWithWebIdentity is answered STS_DELAY_MS after
  // it arrives (a thenable, so the hold starts when the stand-in awaits it, not when it is scripted).
  const oidc = await startOidc()
  const sts = await startSts({ validToken: jwt => oidc.issued.includes(jwt) })
  const bedrockModel = await startModel({ text: 'installed' })
  const cold = []
  const plain = []
  const firstRequest = []
  let warm
  try {
    for (let i = 0; i < INSTALL_RUNS; i++) {
      {
        const toolCache = fresh('tool-cache')
        const delayed = { then: (/** @type {(v: unknown) => void} */ resolve) => void setTimeout(resolve, STS_DELAY_MS) }
        sts.script([{ holdUntil: /** @type {Promise<unknown>} */ (/** @type {unknown} */ (delayed)) }])
        const stsBefore = sts.requests.length
        const modelBefore = bedrockModel.requests.length
        await settleDisk()
        const startedAt = Date.now()
        const step = await runAction({
          inputs: {
            prompt: 'Say hello.',
            provider: 'bedrock',
            region: 'us-east-1',
            'role-to-assume': 'arn:aws:iam::123456789012:role/claude-code-ci',
            'sts-endpoint': sts.url,
            model: 'claude-sonnet-4-5'
          },
          env: {
            ANTHROPIC_BEDROCK_BASE_URL: bedrockModel.url,
            CLAUDE_CODE_MAX_RETRIES: '0',
            ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
            RUNNER_TOOL_CACHE: toolCache,
            npm_config_cache: fresh('npm-cache')
          }
        })
        expectSuccess(step, 'installed')
        if (sts.requests.length === stsBefore) throw new Error('The Bedrock run never asked the delayed STS stand-in')
        const first = bedrockModel.requests.slice(modelBefore).find(r => r.provider === 'bedrock' && r.method === 'POST')
        if (!first) throw new Error('The Bedrock run made no model request')
        firstRequest.push(first.receivedAt - startedAt)
        rmSync(toolCache, { recursive: true, force: true })
      }

      // Both start from an empty npm cache too, as on a fresh runner: each downloads the CLI.
      const toolCache = fresh('tool-cache')
      await settleDisk()
      const step = await runAction({
        inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-bench-0000000000', model: 'claude-sonnet-4-5' },
        env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', RUNNER_TOOL_CACHE: toolCache, npm_config_cache: fresh('npm-cache') }
      })
      expectSuccess(step, 'installed')
      cold.push(loggedSeconds(step.stdout, /installed in ([\d.]+) s/) * 1000)
      if (i === 0) {
        const hit = await runAction({
          inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-bench-0000000000', model: 'claude-sonnet-4-5' },
          env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', RUNNER_TOOL_CACHE: toolCache }
        })
        expectSuccess(hit, 'installed')
        warm = loggedSeconds(hit.stdout, /found in the tool cache in ([\d.]+) s/) * 1000
      }
      rmSync(toolCache, { recursive: true, force: true })

      const prefix = fresh('npm-global')
      await settleDisk()
      plain.push(
        await timeSpawn(
          'npm',
          ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `@anthropic-ai/claude-code@${CLAUDE_VERSION}`],
          { ...process.env, npm_config_cache: fresh('npm-cache') }
        )
      )
      rmSync(prefix, { recursive: true, force: true })
    }
  } finally {
    await Promise.all([model.close(), bedrockModel.close(), sts.close(), oidc.close()])
  }
  const npmMs = median(plain)
  rows.push({
    section: 'install',
    name: `npm install -g ${CLAUDE_VERSION}`,
    value: spread(plain),
    yardstick: 'plain npm, empty cache',
    target: '',
    ok: undefined
  })
  const coldRatio = median(cold) / npmMs
  rows.push({
    section: 'install',
    name: 'cold (empty tool cache)',
    value: spread(cold),
    yardstick: `${coldRatio.toFixed(2)}× plain npm`,
    target: `≤ ${TARGETS.coldInstallRatio.toFixed(2)}×`,
    ok: coldRatio <= TARGETS.coldInstallRatio
  })
  const firstRatio = median(firstRequest) / npmMs
  rows.push({
    section: 'install',
    name: `first model request, bedrock, cold, STS +${STS_DELAY_MS / 1000} s`,
    value: spread(firstRequest),
    yardstick: `${firstRatio.toFixed(2)}× plain npm`,
    target: `≤ ${TARGETS.firstRequestRatio.toFixed(2)}×`,
    ok: firstRatio <= TARGETS.firstRequestRatio
  })
  rows.push({
    section: 'install',
    name: 'warm (tool cache hit)',
    value: ms(warm ?? NaN),
    yardstick: 'lookup only',
    target: `≤ ${TARGETS.warmInstallMs} ms`,
    ok: (warm ?? Infinity) <= TARGETS.warmInstallMs
  })
}

async function isolation() {
  const apt = ['-y', '-q', 'bubblewrap', 'socat']
  if (process.getuid?.() !== 0 || !(await capture('sh', ['-c', 'command -v apt-get']).catch(() => ''))) {
    rows.push({
      section: 'isolation',
      name: 'apt-get install bubblewrap socat',
      value: 'skipped',
      yardstick: 'needs root and apt-get',
      target: '',
      ok: undefined
    })
    return
  }
  const model = await startModel({ text: 'isolated' })
  const aptSeconds = []
  const cliSeconds = []
  const missing = []
  const present = []
  const step = async () => {
    const modelBefore = model.requests.length
    await settleDisk()
    const startedAt = Date.now()
    const run = await runAction({
      inputs: { prompt: 'Say hello.', 'anthropic-api-key': 'sk-ant-bench-0000000000', model: 'claude-sonnet-4-5', 'allowed-tools': 'Bash' },
      env: { ANTHROPIC_BASE_URL: model.url, CLAUDE_CODE_MAX_RETRIES: '0', RUNNER_TOOL_CACHE: fresh('tool-cache'), npm_config_cache: fresh('npm-cache') }
    })
    expectSuccess(run, 'isolated')
    if (!run.stdout.includes('Subprocess isolation is on')) throw new Error(`The step ran without isolation:\n${run.stdout.slice(-2000)}`)
    const first = model.requests.slice(modelBefore).find(r => r.main)
    if (!first) throw new Error('The step made no model request')
    return { run, firstMs: first.receivedAt - startedAt }
  }
  try {
    for (let i = 0; i < INSTALL_RUNS; i++) {
      // The packages go, so the step installs them (as root, as on a GitHub-hosted runner with sudo).
      await timeSpawn('apt-get', ['remove', ...apt], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' })
      const without = await step()
      aptSeconds.push(loggedSeconds(without.run.stdout, /Installed bubblewrap and socat for Claude Code's subprocess isolation in ([\d.]+) s/) * 1000)
      cliSeconds.push(loggedSeconds(without.run.stdout, /installed in ([\d.]+) s/) * 1000)
      missing.push(without.firstMs)
      // The yardstick: the same step, cold tool cache too, with both packages there.
      present.push((await step()).firstMs)
    }
  } finally {
    await model.close()
    await capture('apt-get', ['install', ...apt]).catch(() => '')
  }
  rows.push({
    section: 'isolation',
    name: 'apt-get install bubblewrap socat, in the step',
    value: spread(aptSeconds),
    yardstick: `beside the cold CLI install, ${spread(cliSeconds)}`,
    target: '',
    ok: undefined
  })
  const ratio = median(missing) / median(present)
  rows.push({
    section: 'isolation',
    name: 'first model request, cold, packages missing',
    value: spread(missing),
    yardstick: `${ratio.toFixed(2)}× the same with them installed (${ms(median(present))})`,
    target: '',
    ok: undefined
  })
}

function distSize() {
  const dist = path.join(ROOT, 'dist')
  const files = readdirSync(dist)
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(dist, f)).size, 0)
  rows.push({
    section: 'size',
    name: 'dist/, all files',
    value: `${(bytes / 2 ** 20).toFixed(2)} MiB`,
    yardstick: `${files.length} files, ${bytes} bytes`,
    target: '≤ 2 MiB',
    ok: bytes <= TARGETS.distBytes
  })
}

// ── providers and stand-ins ─────────────────────────────────────────────────────────────────────

/**
 * Starts one provider's stand-ins and hands `fn` a function that runs the action against them.
 * @param {string} provider
 * @param {(run: (inputs: Record<string, string>, nodeArgs?: string[], result?: string, more?: import('../__tests__/support/runner.js').RunOptions) => Promise<import('../__tests__/support/runner.js').ActionRun>) => Promise<void>} fn
 */
async function withProvider(provider, fn) {
  const closers = []
  /** @type {Record<string, string>} */
  let inputs = { 'anthropic-api-key': 'sk-ant-bench-0000000000' }
  /** @type {Record<string, string>} */
  let env = {}
  try {
    if (provider !== 'anthropic') {
      const oidc = await startOidc()
      closers.push(oidc.close)
      env = { ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken }
    }
    if (provider === 'bedrock') {
      const sts = (await startMoto()) ?? (await startSts())
      closers.push(sts.close)
      inputs = { provider, region: 'us-east-1', 'role-to-assume': 'arn:aws:iam::123456789012:role/claude-code-ci', 'sts-endpoint': sts.url }
    }
    if (provider === 'vertex') {
      const wif = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/bench-repo'
      const google = await startGoogle({ expectedAudience: `//iam.googleapis.com/${wif}` })
      closers.push(google.close)
      inputs = {
        provider,
        region: 'us-east5',
        'workload-identity-provider': wif,
        'service-account': 'claude-ci@bench-project.iam.gserviceaccount.com',
        'sts-endpoint': google.stsUrl,
        'iam-credentials-endpoint': google.iamUrl
      }
    }
    await fn(async (extra, nodeArgs, result = 'done', more = {}) => {
      const step = await runAction({ ...more, inputs: { prompt: 'Benchmark.', ...inputs, ...extra }, env, nodeArgs })
      expectSuccess(step, result)
      rmSync(step.dir, { recursive: true, force: true })
      return step
    })
  } finally {
    await Promise.all(closers.map(close => close()))
  }
}

// ── stub CLI streams ────────────────────────────────────────────────────────────────────────────

/** Many turns of a tool call with a long tool output, then the result: about `bytes` of stream-json. */
async function writeLargeStream(/** @type {number} */ bytes) {
  const file = path.join(work, 'large-stream.jsonl')
  const out = createWriteStream(file)
  const output = 'line of tool output from a long command\n'.repeat(1600)
  let written = 0
  let turns = 0
  const write = (/** @type {object} */ event) => {
    const line = `${JSON.stringify(event)}\n`
    written += Buffer.byteLength(line)
    return out.write(line) ? Promise.resolve() : new Promise(resolve => out.once('drain', resolve))
  }
  await write(INIT_EVENT)
  while (written < bytes) {
    turns++
    const id = `toolu_${turns}`
    await write({
      type: 'assistant',
      session_id: SESSION_ID,
      message: {
        id: `msg_${turns}`,
        content: [{ type: 'tool_use', id, name: 'Bash', input: { command: `cat log-${turns}.txt` } }],
        usage: { input_tokens: 100, output_tokens: 20 }
      }
    })
    await write({ type: 'user', session_id: SESSION_ID, message: { content: [{ type: 'tool_result', tool_use_id: id, content: output }] } })
  }
  await write(resultEvent('streamed', { num_turns: turns }))
  await new Promise(resolve => out.end(resolve))
  return { file, bytes: written, turns }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

/** Wall time of one process, measured as runner.js measures a step: spawn to close, stdin closed. */
function timeSpawn(/** @type {string} */ binary, /** @type {string[]} */ args, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stdout.resume()
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${binary} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`))
    )
  })
}

function capture(/** @type {string} */ binary, /** @type {string[]} */ args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.on('error', reject)
    child.on('close', () => resolve(stdout))
  })
}

/** @param {import('../__tests__/support/runner.js').ActionRun} step @param {string} result */
function expectSuccess(step, result) {
  if (step.exitCode !== 0 || step.outputs.result !== result) {
    throw new Error(
      `The action did not succeed (exit ${step.exitCode}, result ${JSON.stringify(step.outputs.result)}):\n${step.stdout.slice(-3000)}\n${step.stderr.slice(-2000)}`
    )
  }
}

/** A duration the action printed in its own log. */
function loggedSeconds(/** @type {string} */ log, /** @type {RegExp} */ pattern) {
  const match = pattern.exec(log)
  if (!match) throw new Error(`The log has no line matching ${pattern}:\n${log.slice(-2000)}`)
  return Number(match[1])
}

/**
 * A `node` for runAction that runs the step with its stdout piped through a reader taking about
 * SLOW_READER_RATE bytes a second; stderr (the memory probe's line) and the exit code pass straight through.
 */
function slowReaderNode() {
  const reader = path.join(work, 'slow-reader.js')
  // Paced by the total read so far, so timer slack on small chunks does not slow it below the rate.
  writeFileSync(
    reader,
    `
let started
let read = 0
process.stdin.on('data', chunk => {
  started ??= performance.now()
  read += chunk.length
  process.stdin.pause()
  process.stdout.write(chunk)
  setTimeout(() => process.stdin.resume(), started + read / ${SLOW_READER_RATE} * 1000 - performance.now())
})`
  )
  const wrapper = path.join(work, 'node-slow-reader')
  writeFileSync(wrapper, `#!/bin/bash\nset -o pipefail\n'${STEP_NODE}' "$@" | '${STEP_NODE}' '${reader}'\n`)
  chmodSync(wrapper, 0o755)
  return wrapper
}

/**
 * Each install writes 400 to 600 MB (the unpacked CLI, and npm's cache for npm); without this, the kernel would
 * still be writing the previous run's pages back while the next one is timed, whichever it is.
 */
async function settleDisk() {
  await capture('sync', [])
}

function fresh(/** @type {string} */ name) {
  return mkdtempSync(path.join(work, `${name}-`))
}

function median(/** @type {number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The median, then the range: the install rows depend on the registry and the disk, which vary from run to run. */
function spread(/** @type {number[]} */ values) {
  const seconds = (/** @type {number} */ v) => (v / 1000).toFixed(1)
  return `${ms(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))} s)`
}

function ms(/** @type {number} */ value) {
  return `${value.toFixed(value < 100 ? 1 : 0)} ms`
}

/** @param {string} name */
function option(name) {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

function printTable() {
  const header = ['section', 'measure', 'value', 'yardstick', 'target', '']
  const body = rows.map(r => [r.section, r.name, r.value, r.yardstick, r.target, r.ok === undefined ? '' : r.ok ? '✓' : '✗'])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map(row => row[i].length)))
  const line = (/** @type {string[]} */ cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`)
  for (const row of body) console.log(line(row))
  const missed = rows.filter(r => r.ok === false)
  console.log(missed.length === 0 ? '\nEvery target holds.' : `\n${missed.length} target(s) missed: ${missed.map(r => r.name).join(', ')}`)
}
