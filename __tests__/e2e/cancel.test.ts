// A cancelled job, as the runner cancels it: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that.
// Even a CLI that ignores SIGTERM is gone with its whole process group before the runner's SIGKILL,
// and the step has written its outputs and summary by then.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { assistantEvent, INIT_EVENT, printEvents, writeStub } from '../support/stub-claude.js'
import { runAction, visibleLog } from '../support/runner.js'

const KEY = { 'anthropic-api-key': 'sk-ant-stub-0000000000' }

/** Whether a process of the group still runs. A killed orphan may stay a zombie until init reaps it; it runs nothing. */
function processGroupAlive(pgid: number): boolean {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .some(pid => {
      let stat: string
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      } catch {
        return false
      }
      // pid (comm) state ppid pgrp …; comm may hold spaces, so read after its closing parenthesis.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return Number(pgrp) === pgid && state !== 'Z' && state !== 'X'
    })
}

test("the runner's cancel schedule: a CLI that ignores SIGTERM is killed with its group, and the step reports before SIGKILL", async () => {
  // The stub and the tool it starts ignore SIGTERM (sh passes the ignored signal on to sleep).
  const toolResult = { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_stub_1', content: 'ok' }] } }
  const stub = writeStub(
    `trap '' TERM INT\necho $$ > "$(dirname "$0")/pgid"\n${printEvents(INIT_EVENT, assistantEvent('Working on it.'), toolResult)}\nsleep 600 &\nsleep 600`
  )
  const run = await runAction({
    inputs: { prompt: 'hi', 'claude-path': stub, ...KEY },
    cancel: { when: 'Turn 1: Working on it.', signal: 'SIGINT', runnerSchedule: true }
  })

  // The step stopped the CLI itself, and ended on its own before the runner's SIGKILL was due.
  expect(visibleLog(run)).toContain('Received SIGINT: the job is cancelled; stopping Claude Code')
  expect(run.signalsSent).not.toContain('SIGKILL')
  expect(run.signal).toBeNull()
  expect(run.exitCode).toBe(1)
  expect(processGroupAlive(Number(readFileSync(path.join(path.dirname(stub), 'pgid'), 'utf8')))).toBe(false)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', subtype: 'cancelled', 'num-turns': '1' })
  expect(run.summary).toContain('## ✗ Claude Code failed (cancelled)')
})

test("the runner's SIGTERM while the CLI is still being stopped kills the group at once, and the step still reports", async () => {
  const stub = writeStub(
    `trap '' TERM INT\necho $$ > "$(dirname "$0")/pgid"\n${printEvents(INIT_EVENT, assistantEvent('Working on it.'))}\nprintf '%s\\n' '{"type":"system","subtype":"status"}'\nsleep 600`
  )
  const run = await runAction({
    inputs: { prompt: 'hi', 'claude-path': stub, ...KEY },
    // The runner's second signal, sent once the step says it is stopping the CLI: well inside the grace period.
    cancel: { when: 'Turn 1: Working on it.', signal: 'SIGINT', then: { when: 'stopping Claude Code', signal: 'SIGTERM' } }
  })

  expect(visibleLog(run)).toContain("Received SIGTERM again: killing Claude Code's process group now")
  expect(run.signal).toBeNull()
  expect(processGroupAlive(Number(readFileSync(path.join(path.dirname(stub), 'pgid'), 'utf8')))).toBe(false)
  expect(run.outputs).toMatchObject({ conclusion: 'failure', subtype: 'cancelled' })
  expect(run.summary).toContain('## ✗ Claude Code failed (cancelled)')
})
