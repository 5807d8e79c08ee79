// Unit tests run modules outside an entry; they use the GitHub Actions platform, as the action does.
import { githubActions } from '../../src/platform/github-actions.js'
import { usePlatform } from '../../src/platform/platform.js'

usePlatform(githubActions())
