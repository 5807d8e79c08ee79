// npm, run with a hard time limit in a process group of its own (@actions/exec can neither time out
// nor kill a child): npm can be a wrapper script (a version manager's shim) whose child holds the
// pipes open, so only killing the whole group ends it. The group is also stopped when this process
// ends or is cancelled while npm runs: a detached group would not get the runner's signal, and would
// go on writing into the tool cache after the step.
import { spawn } from 'node:child_process'

export type Npm = (args: string[], cwd?: string) => Promise<{ stdout: string }>

/** How to kill each npm now running (its whole process group). */
const running = new Set<() => void>()
const CANCEL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * While npm runs: at exit, its groups are killed (the command's cleanup exits this way on a cancel);
 * and on SIGINT or SIGTERM that nothing else handles (the action's main step during the install), they
 * are killed and the signal is raised again, so the step still ends as Node's default would end it.
 */
function watchForCancel(): void {
  if (running.size > 0) return
  process.on('exit', killRunning)
  for (const signal of CANCEL_SIGNALS) if (process.listenerCount(signal) === 0) process.on(signal, onCancel)
}

function unwatchIfIdle(): void {
  if (running.size > 0) return
  process.off('exit', killRunning)
  for (const signal of CANCEL_SIGNALS) process.off(signal, onCancel)
}

function killRunning(): void {
  for (const kill of running) kill()
}

function onCancel(signal: NodeJS.Signals): void {
  killRunning()
  const othersListen = process.listeners(signal).some(listener => listener !== onCancel)
  for (const name of CANCEL_SIGNALS) process.off(name, onCancel)
  if (!othersListen) process.kill(process.pid, signal)
}

/** Runs npm with a hard time limit (@actions/exec can neither time out nor kill a child). */
export function runNpm(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('Installing Claude Code was abandoned: the step is failing'))
    const windows = process.platform === 'win32'
    // npm is npm.cmd on Windows, which only a shell can start; the arguments are ours, not the user's.
    // Elsewhere npm gets its own process group: npm can be a wrapper script (a version manager's shim)
    // whose child holds our pipes open, so only killing the whole group really ends a stalled install.
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: windows, detached: !windows })
    let timedOut = false
    const kill = (): void => {
      try {
        if (windows || !child.pid) child.kill('SIGKILL')
        else process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      kill()
    }, timeoutMs)
    signal?.addEventListener('abort', kill, { once: true })
    watchForCancel()
    running.add(kill)
    const done = (): void => {
      running.delete(kill)
      unwatchIfIdle()
    }
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    child.on('error', error => {
      clearTimeout(timer)
      done()
      reject(error)
    })
    child.on('close', (code, killedBy) => {
      clearTimeout(timer)
      done()
      signal?.removeEventListener('abort', kill)
      if (signal?.aborted) return reject(new Error('Installing Claude Code was abandoned: the step is failing'))
      if (code === 0) return resolve({ stdout })
      const why = timedOut
        ? `was stopped after ${timeoutMs / 1000} s (${killedBy}); is the npm registry reachable?`
        : killedBy
          ? `was killed by ${killedBy}`
          : `exited with code ${code}`
      // npm's error code (E401, E404, ETARGET…) comes first in its output and says most.
      const npmCode = /npm (?:error|ERR!) code (\S+)/.exec(stderr)?.[1]
      const tail = stderr.trim().split('\n').slice(-3).join(' ')
      reject(new Error(`npm ${args[0]} ${why} ${npmCode && !tail.includes(npmCode) ? `(${npmCode}) ` : ''}${tail}`.trim()))
    })
  })
}
