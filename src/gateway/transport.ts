// How the gateway reaches an upstream: node:http(s) with keep-alive agents. Proxies (HTTPS_PROXY,
// HTTP_PROXY, NO_PROXY) are Node's own agent support (`proxyEnv`, Node >= 24.5, which action.yml's node24
// has; older Node connects directly, as the action's STS client does). TLS trusts Node's roots plus
// NODE_EXTRA_CA_CERTS unless `ca` replaces them. The answer is handed back unread, to be piped.
import http from 'node:http'
import https from 'node:https'

export interface TransportOptions {
  /** Where proxy settings are read; process.env by default. */
  proxyEnv?: NodeJS.ProcessEnv
  /** Certificates that replace Node's roots for upstream TLS (a private CA; tests). */
  ca?: string | Buffer | (string | Buffer)[]
}

export interface SendInit {
  method: string
  headers: Record<string, string>
  body: Buffer
  /** Aborting destroys the request, and the answer if it already came. */
  signal: AbortSignal
}

export interface Transport {
  send(url: URL, init: SendInit): Promise<http.IncomingMessage>
  close(): void
}

export function createTransport(options: TransportOptions = {}): Transport {
  const agentOptions = { keepAlive: true, proxyEnv: options.proxyEnv ?? process.env }
  const httpAgent = new http.Agent(agentOptions)
  const httpsAgent = new https.Agent({ ...agentOptions, ...(options.ca === undefined ? {} : { ca: options.ca }) })
  return {
    send(url, init) {
      const secure = url.protocol === 'https:'
      if (!secure && url.protocol !== 'http:') return Promise.reject(new Error(`Unsupported upstream protocol ${url.protocol}`))
      return new Promise((resolve, reject) => {
        const request = (secure ? https : http).request(url, {
          method: init.method,
          headers: { ...init.headers, 'content-length': String(init.body.length) },
          agent: secure ? httpsAgent : httpAgent,
          signal: init.signal
        })
        request.once('response', resolve)
        // Kept for the request's life: an abort after the answer came still emits 'error' here.
        request.on('error', reject)
        request.end(init.body)
      })
    },
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
    }
  }
}
