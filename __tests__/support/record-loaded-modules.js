// @ts-check
// `node --import <this file>`: appends the URL of every module Node loads (import and require alike)
// to the file LOADED_MODULES_LOG names, one a line, and at exit `builtin:<id>` for every built-in
// module Node loaded itself (node:net loading node:dns, which no hook sees). Needs module.registerHooks
// (Node >= 22.15 / 23.5).
import { appendFileSync } from 'node:fs'
import { registerHooks } from 'node:module'

const log = process.env.LOADED_MODULES_LOG
if (log) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(log, `${url}\n`)
      return nextLoad(url, context)
    }
  })
  process.on('exit', () => {
    // An undocumented list Node keeps of what it loaded: 'NativeModule <id>', 'Internal Binding <name>'.
    const loaded = /** @type {{ moduleLoadList: string[] }} */ (/** @type {unknown} */ (process)).moduleLoadList
    const builtins = loaded.filter(entry => entry.startsWith('NativeModule ')).map(entry => `builtin:${entry.slice('NativeModule '.length)}`)
    appendFileSync(log, `${builtins.join('\n')}\n`)
  })
}
