// @ts-check
// Loopback stand-ins for every service the action talks to. See README.md.
export { startOidc, decodeJwt } from './oidc.js'
export { startSts } from './aws-sts.js'
export { startMoto } from './moto.js'
export { startModel } from './model.js'
export { startGoogle } from './google.js'
export { startGitHubApi } from './github-api.js'
export { encodeEventStreamMessage, bedrockChunk } from './bedrock-eventstream.js'
export { startProxy } from './proxy.js'
export { loopbackTls, writeCaBundle } from './tls.js'
export { startNpmRegistry } from './npm-registry.js'
