// Writes on a full disk: the execution file (on /dev/full, where every write fails with ENOSPC)
// records what happened and lets the run go on; a credential file whose write fails half-way leaves
// no part of itself behind. Each says "the disk is full" and where.
import { expect, jest, test } from '@jest/globals'
import * as fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ENOSPC = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })

// Only writePrivateFile's write is made to fail, after writing part of the file (as a full disk does).
jest.unstable_mockModule('node:fs', () => ({
  ...fs,
  writeFileSync: (file: fs.PathOrFileDescriptor, data: string, options?: fs.WriteFileOptions) => {
    if (typeof file === 'string' && file.endsWith('.partial')) {
      fs.writeFileSync(file, data.slice(0, 10), options)
      throw ENOSPC()
    }
    return fs.writeFileSync(file, data, options)
  }
}))
const { writePrivateFile } = await import('../../../src/lib/private-file.js')
const { ExecutionFile } = await import('../../../src/claude/execution-file.js')

test('the execution file on a full disk records the failure, takes no more writes, and closes', async () => {
  const file = new ExecutionFile('/dev/full')
  const chunk = Buffer.from(`${JSON.stringify({ type: 'assistant', message: { content: 'x'.repeat(70_000) } })}\n`)
  for (let i = 0; i < 5; i++) if (!file.write(chunk)) await file.drained()
  await file.close()

  expect(file.failure).toBe('Could not write the execution file: the disk is full (/dev/full)')
  expect(file.write(chunk)).toBe(true)
  await expect(file.drained()).resolves.toBeUndefined()
})

test('a credential file whose write fails leaves nothing behind, and the error names the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cca-full-'))
  const target = path.join(dir, 'aws-credentials.json')

  expect(() => writePrivateFile(target, '{"AccessKeyId":"ASIA…","SecretAccessKey":"…"}')).toThrow(
    `Could not write aws-credentials.json: the disk is full (${target})`
  )
  expect(fs.readdirSync(dir)).toEqual([])
})
