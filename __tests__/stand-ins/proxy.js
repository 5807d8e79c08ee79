// @ts-check
// A forward HTTP proxy: absolute-URI requests (plain http) and CONNECT tunnels (https). It records
// each target, so a test can tell that a client honoured HTTP(S)_PROXY.
import { createServer, request } from 'node:http'
import { connect } from 'node:net'
import { closeServer, listen } from './http-util.js'

export async function startProxy() {
  /** @type {{ method: string, target: string }[]} */
  const requests = []
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', target: req.url ?? '' })
    const target = new URL(req.url ?? '')
    const upstream = request(target, { method: req.method, headers: req.headers }, answer => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  // A tunnel's sockets leave the HTTP server's books (closeAllConnections misses them), so they are kept here.
  /** @type {Set<import('node:stream').Duplex>} */
  const tunnels = new Set()
  server.on('connect', (req, socket, head) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '' })
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    for (const [one, other] of [
      [socket, upstream],
      [upstream, socket]
    ]) {
      tunnels.add(one)
      // Either end closing (or failing) ends the tunnel: the client side is half-open otherwise.
      one.on('error', () => other.destroy())
      one.on('close', () => {
        tunnels.delete(one)
        other.destroy()
      })
    }
  })
  const url = await listen(server)
  return {
    url,
    requests,
    close: () => {
      for (const socket of tunnels) socket.destroy()
      return closeServer(server)
    }
  }
}
