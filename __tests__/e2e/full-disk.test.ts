// A full disk under the private directory (TMPDIR for the command): the execution file cannot be
// written half-way through the run. The step says so ("the disk is full", and where), still reports
// the run (outputs, summary), fails, and its cleanup removes the credential files. The disk is a
// 256 KiB tmpfs when the tests run as root and may mount one; otherwise the run gets a file-size
// limit (ulimit -f) that the execution file reaches, the nearest a user can come to a full disk.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startBedrockWorld, type BedrockWorld } from '../support/bedrock-stand-ins.js'
import { runCommand } from '../support/command-runner.js'
import { STEP_NODE } from '../support/runner.js'
import { INIT_EVENT, printEvents, resultEvent, writeStub } from '../support/stub-claude.js'

let world: BedrockWorld | undefined
let unmount: (() => void) | undefined
afterEach(async () => {
  await world?.close()
  unmount?.()
  world = unmount = undefined
})

interface SmallDisk {
  tmp: string
  /** How the disk fills, and the words that say so. */
  how: 'tmpfs' | 'ulimit'
  node?: string
}

function smallDisk(): SmallDisk {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cca-small-disk-'))
  if (process.getuid?.() === 0) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=1777', 'tmpfs', tmp], { stdio: 'ignore' })
      unmount = () => execFileSync('umount', [tmp], { stdio: 'ignore' })
      return { tmp, how: 'tmpfs' }
    } catch {
      // Root without the right to mount (a container): the file-size limit below.
    }
  }
  const node = path.join(mkdtempSync(path.join(os.tmpdir(), 'cca-ulimit-')), 'node')
  // 400 blocks of 512 bytes: the outputs and the credentials fit, the 300 KB execution file does not.
  writeFileSync(node, `#!/bin/sh\nulimit -f 400\nexec '${STEP_NODE}' "$@"\n`)
  chmodSync(node, 0o755)
  return { tmp, how: 'ulimit', node }
}

test('the execution file on a full disk: the command reports it, fails, and removes the credential files', async () => {
  world = await startBedrockWorld({ oidc: { issuer: 'https://gitlab.com', subject: 'project_path:g/p:ref_type:branch:ref:main' } })
  const disk = smallDisk()
  // About 300 KB of turns, then the result.
  const turn = { type: 'assistant', session_id: 's', message: { id: 'msg_1', content: [{ type: 'text', text: 'x'.repeat(90) }], usage: {} } }
  const stub = writeStub(
    `${printEvents(INIT_EVENT)}\ni=0\nwhile [ $i -lt 3000 ]; do\n${printEvents(turn)}\ni=$((i+1))\ndone\n${printEvents(resultEvent('done'))}`
  )

  const run = await runCommand({
    args: [
      '--provider',
      'bedrock',
      '--region',
      'us-east-1',
      '--role-to-assume',
      world.inputs['role-to-assume'],
      '--sts-endpoint',
      world.stsUrl,
      '--prompt',
      'x',
      '--id-token-env',
      'CLAUDE_ID_TOKEN',
      '--claude-path',
      stub
    ],
    env: { CLAUDE_ID_TOKEN: world.oidc.mint('sts.amazonaws.com'), TMPDIR: disk.tmp },
    node: disk.node
  })

  const why = disk.how === 'tmpfs' ? 'the disk is full' : 'the file has reached the size this job may write'
  const message = new RegExp(`Could not write the execution file: ${why} \\(${disk.tmp}/claude-cloud-action-\\w+/execution\\.jsonl`)
  expect(run.stderr).toMatch(new RegExp(`^Error: ${message.source}`, 'm'))
  expect(run.exitCode).toBe(1)
  // The run is still reported: its result, and why the step failed.
  expect(run.outputs).toMatchObject({ conclusion: 'failure', 'is-error': 'true', subtype: 'error_write', result: 'done' })
  expect(run.summary).toMatch(message)
  // Credentials were issued and written, and are gone with the private directory.
  expect(world.sts!.issued).toHaveLength(1)
  expect(readdirSync(disk.tmp)).toEqual([])
}, 120_000)
