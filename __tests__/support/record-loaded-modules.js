// @ts-check
// `node --import <this file>`: appends the URL of every module Node loads (import and require alike)
// to the file LOADED_MODULES_LOG names, one a line. Needs module.registerHooks (Node >= 22.15 / 23.5).
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
}
