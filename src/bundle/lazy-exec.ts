// Bundled in place of @actions/exec (tsconfig.build.json). @actions/core imports it for
// platform.getDetails() only, which this action never calls; evaluated at start it and
// @actions/io cost every step a few milliseconds. Its API is async, so loading on first call is enough.
import type * as Exec from '../../node_modules/@actions/exec/lib/exec.js'

const real = () => import('../../node_modules/@actions/exec/lib/exec.js')

export const exec: typeof Exec.exec = async (...args) => (await real()).exec(...args)
export const getExecOutput: typeof Exec.getExecOutput = async (...args) => (await real()).getExecOutput(...args)
