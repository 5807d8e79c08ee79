// Where output-dir may be: its own module, since read-settings.ts checks the input on every platform that
// writes output files, and the writer (output-files.ts) loads only with such a platform.
import { lstatSync, realpathSync } from 'node:fs'
import path from 'node:path'

/** output-dir's default (action.yml), relative to the working directory. */
export const DEFAULT_OUTPUT_DIR = 'claude-cloud-action-output'
/**
 * Why output-dir may not be written, or undefined. A link is refused wherever it points; a relative
 * path must stay inside the checkout (the working directory, or GitLab's CI_PROJECT_DIR) once its
 * links are followed, since the checkout is the PR author's; an absolute path is the user's choice.
 */
export function outputDirProblem(value: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = value || DEFAULT_OUTPUT_DIR
  const fullPath = path.resolve(given)
  const stat = lstatOrUndefined(fullPath)
  if (stat?.isSymbolicLink()) return `${fullPath} is a symbolic link; give a real directory (outputs are never written through a link).`
  if (stat && !stat.isDirectory()) return `${fullPath} is a file; give a directory (it is created when missing).`
  if (path.isAbsolute(given)) return undefined
  const real = realPathOfNearest(fullPath)
  const checkouts = [process.cwd(), env.CI_PROJECT_DIR].filter((dir): dir is string => !!dir).map(dir => realPathOfNearest(path.resolve(dir)))
  if (checkouts.some(checkout => isInside(real, checkout))) return undefined
  return `${fullPath} resolves to ${real}, outside the checkout (${checkouts.join(', ')}); give an absolute path to write outside it.`
}

function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file)
  } catch {
    return undefined
  }
}

/** The real path of `file`, or of its nearest existing ancestor with the rest appended (it may not exist yet). */
function realPathOfNearest(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    const parent = path.dirname(file)
    return parent === file ? file : path.join(realPathOfNearest(parent), path.basename(file))
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
}
