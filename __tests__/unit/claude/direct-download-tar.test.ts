// The direct download's tar reader on archives npm's own packer could write: pax and GNU long
// names, ustar prefixes, files split across chunks, and names that only look like a kept file.
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { DirectDownloadDeclined, downloadPackage } from '../../../src/claude/direct-download.js'

let dir: string
const servers: Server[] = []
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cca-tar-'))
})
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
  rmSync(dir, { recursive: true, force: true })
})

type Entry = { name: string; data: string | Buffer; type?: string; prefix?: string }

function header(name: string, size: number, type: string, prefix = ''): Buffer {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100)
  h.write('0000644\0', 100)
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  h.write(type, 156)
  h.write('ustar\0', 257)
  h.write(prefix, 345, 155)
  return h
}

function tar(entries: Entry[]): Buffer {
  const blocks: Buffer[] = []
  for (const { name, data, type = '0', prefix } of entries) {
    const body = Buffer.from(data)
    blocks.push(header(name, body.length, type, prefix), body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

/** A pax record: "<length> key=value\n", the length counting itself. */
function pax(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`
  let length = rest.length + 1
  while (`${length}${rest}`.length !== length) length++
  return `${length}${rest}`
}

/** Serves the gzipped archive in small writes, so headers and data arrive split across chunks. */
async function serve(archive: Buffer): Promise<{ url: string; integrity: string }> {
  const tgz = gzipSync(archive)
  const server = createServer((_req, res) => {
    res.writeHead(200)
    for (let at = 0; at < tgz.length; at += 97) res.write(tgz.subarray(at, at + 97))
    res.end()
  })
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return { url: `http://127.0.0.1:${address.port}/p.tgz`, integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}` }
}

const into = () => path.join(dir, 'node_modules', '@anthropic-ai', 'claude-code-linux-x64')
const download = async (archive: Buffer) =>
  downloadPackage({ kind: 'direct', ...(await serve(archive)) }, { keep: { claude: 0o755, 'package.json': 0o644 }, into: into(), idleTimeoutMs: 10_000 })

test('only the kept files of package/ are written, whatever else the archive holds or pretends to be', async () => {
  const big = Buffer.alloc(300_000, 7)
  await download(
    tar([
      { name: 'package/package.json', data: '{"version":"2.1.331"}' },
      { name: 'package/README.md', data: 'readme' },
      { name: 'package/../claude', data: 'escape' },
      { name: 'other/claude', data: 'not ours' },
      { name: 'package/claude', data: '', type: '5' },
      { name: 'package/claude', data: big }
    ])
  )

  expect(readdirSync(into()).sort()).toEqual(['claude', 'package.json'])
  expect(readFileSync(path.join(into(), 'claude')).equals(big)).toBe(true)
  expect(statSync(path.join(into(), 'claude')).mode & 0o111).not.toBe(0)
  expect(readdirSync(dir).sort()).toEqual(['node_modules'])
})

test('names from a pax header, a GNU long name and a ustar prefix are read as tar readers read them', async () => {
  await download(
    tar([
      { name: 'PaxHeader/x', data: pax('path', 'package/claude'), type: 'x' },
      { name: 'ignored-name', data: 'from pax' },
      { name: '././@LongLink', data: 'package/package.json\0', type: 'L' },
      { name: 'short', data: '{"from":"longname"}' },
      { name: 'README.md', prefix: 'package', data: 'prefixed' }
    ])
  )

  expect(readFileSync(path.join(into(), 'claude'), 'utf8')).toBe('from pax')
  expect(readFileSync(path.join(into(), 'package.json'), 'utf8')).toBe('{"from":"longname"}')
  expect(readdirSync(into()).sort()).toEqual(['claude', 'package.json'])
})

test('an archive without the binary, or one cut off inside it, gives way to npm', async () => {
  await expect(download(tar([{ name: 'package/package.json', data: '{}' }]))).rejects.toThrow(new DirectDownloadDeclined('the tarball has no package/claude'))
  const cut = tar([{ name: 'package/claude', data: Buffer.alloc(4096, 1) }]).subarray(0, 512 + 1000)
  await expect(download(cut)).rejects.toThrow(/the download broke off \(the tarball ends inside a file\)/)
})
