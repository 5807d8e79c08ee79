// Entry point of both steps. action.yml runs this one bundle as main and as post, as
// actions/checkout does, so the two share every chunk; the main step marks itself first.
import { isPostStep, markMainStep } from './state.js'

if (isPostStep()) {
  const { post } = await import('./post.js')
  await post()
} else {
  markMainStep()
  const { run } = await import('./main.js')
  await run()
}
