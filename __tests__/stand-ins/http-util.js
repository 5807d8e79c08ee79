// @ts-check
// Small helpers shared by the stand-in servers: listen on a random loopback
// port, read a request body, close every socket, make random tokens.
import { randomBytes } from 'node:crypto'

/**
 * Listen on 127.0.0.1 with a random port.
 * @param {import('node:http').Server} server
 * @returns {Promise<string>} base URL, e.g. http://127.0.0.1:34567
 */
export function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address())
      resolve(`http://127.0.0.1:${address.port}`)
    })
  })
}

/**
 * Close the server and every open connection (keep-alive sockets included),
 * so tests do not hang on exit.
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function closeServer(server) {
  return new Promise(resolve => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
export async function readBody(req) {
  return (await readBytes(req)).toString('utf8')
}

/**
 * The body as sent, for hashing (a signature covers the bytes).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export async function readBytes(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/**
 * Parse a body that may be JSON or form-encoded; unknown shapes give {}.
 * @param {string} text
 * @param {string | undefined} contentType
 * @returns {Record<string, any>}
 */
export function parseBody(text, contentType = '') {
  if (!text) return {}
  if (contentType.includes('json') || text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text)
    } catch {
      return {}
    }
  }
  return Object.fromEntries(new URLSearchParams(text))
}

/**
 * Every credential a stand-in hands out, so the runner helper can check each run leaked none of them.
 * @type {Set<string>}
 */
export const issuedSecrets = new Set()

/** Records a credential a stand-in issues and returns it. @param {string} value */
export function issueSecret(value) {
  issuedSecrets.add(value)
  return value
}

/**
 * @param {number} bytes
 * @returns {string} base64url
 */
export function randomToken(bytes = 32) {
  return randomBytes(bytes).toString('base64url')
}

/**
 * Random string from an alphabet (e.g. AWS access key ids).
 * @param {number} length
 * @param {string} alphabet
 */
export function randomChars(length, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += alphabet[b % alphabet.length]
  return out
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

/**
 * Lets a handler answer as usual and then, when its answer is a success (2xx), calls `instead` to
 * answer otherwise: the request took effect, the client hears of a failure. Other answers go out as
 * they were; `instead` is not called for them.
 * @param {import('node:http').ServerResponse} res
 * @param {(res: import('node:http').ServerResponse) => void} instead
 */
export function replaceSuccess(res, instead) {
  const { writeHead, end } = res
  /** @type {any[] | undefined} */
  let head
  res.writeHead = /** @type {any} */ (
    (/** @type {any[]} */ ...args) => {
      head = args
      return res
    }
  )
  res.end = /** @type {any} */ (
    (/** @type {any[]} */ ...args) => {
      res.writeHead = writeHead
      res.end = end
      const status = head ? Number(head[0]) : res.statusCode
      if (status >= 200 && status < 300) {
        instead(res)
      } else {
        if (head) writeHead.apply(res, /** @type {any} */ (head))
        end.apply(res, /** @type {any} */ (args))
      }
      return res
    }
  )
}
