import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, makeData, runCli, startServer } from './cli.js'

let server: JssLocal
let env: Record<string, string>

beforeAll(async () => {
  server = await startServer()
  env = cliEnv(server)
})

afterAll(async () => {
  await server.close()
})

/** The file in the server's data directory that holds exactly `data` (found by content). */
function storedFile(data: Buffer): string {
  const walk = (dir: string): string | undefined => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      const stat = statSync(path)
      if (stat.isDirectory()) {
        const found = walk(path)
        if (found) return found
      } else if (stat.size === data.length && readFileSync(path).equals(data)) {
        return path
      }
    }
    return undefined
  }
  const found = walk(server.data)
  if (!found) throw new Error('stored data not found')
  return found
}

describe('get integrity', () => {
  it('fails with exit 1 on an MD5 mismatch (a corrupted single PUT)', async () => {
    const data = makeData(100_000, 31)
    expect((await runCli(['put', 'test-bucket/corrupt.bin'], env, data)).code).toBe(0)
    const file = storedFile(data)
    const corrupted = Buffer.from(data)
    corrupted[500] = (corrupted[500] ?? 0) ^ 0xff
    writeFileSync(file, corrupted)
    const get = await runCli(['get', 'test-bucket/corrupt.bin'], env)
    expect(get.code).toBe(1)
    expect(get.stderr).toMatch(
      /^jss-stream: MD5 mismatch: the data received does not match the ETag [0-9a-f]{32}\n$/,
    )
  })
})

describe('get verification of multipart objects', () => {
  it('verifies a multipart object put wrote, along its recorded part schedule', async () => {
    const data = makeData(11 * 2 ** 20, 33)
    const put = await runCli(['put', 'test-bucket/multi.bin', '--part-size', '5MiB'], env, data)
    expect(put.code).toBe(0)
    const get = await runCli(['get', 'test-bucket/multi.bin', '--verbose'], env)
    expect(get.code).toBe(0)
    expect(get.stdout.equals(data)).toBe(true)
    expect(get.stderr).toMatch(/multipart ETag verified along the recorded part schedule\n$/)
  })

  it('fails on a corrupted part of a multipart object', async () => {
    const data = makeData(11 * 2 ** 20, 34)
    const put = await runCli(['put', 'test-bucket/multi-bad.bin', '--part-size', '5MiB'], env, data)
    expect(put.code).toBe(0)
    const secondPart = data.subarray(5 * 2 ** 20, 10 * 2 ** 20)
    const file = storedFile(secondPart)
    const corrupted = Buffer.from(secondPart)
    corrupted[7] = (corrupted[7] ?? 0) ^ 0x01
    writeFileSync(file, corrupted)
    const get = await runCli(['get', 'test-bucket/multi-bad.bin'], env)
    expect(get.code).toBe(1)
    expect(get.stderr).toMatch(/^jss-stream: MD5 mismatch: /)
  })

  it('says so when a multipart ETag cannot be checked (no recorded schedule)', async () => {
    const { createClient } = await import('@jss/protocol')
    const client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
    const data = makeData(11 * 2 ** 20, 35)
    try {
      const ref = { bucket: 'test-bucket', key: 'foreign.bin' }
      const { uploadId } = await client.initiateMultipartUpload(ref)
      const one = await client.uploadPart({
        ...ref,
        uploadId,
        partNumber: 1,
        body: data.subarray(0, 6 * 2 ** 20),
      })
      const two = await client.uploadPart({
        ...ref,
        uploadId,
        partNumber: 2,
        body: data.subarray(6 * 2 ** 20),
      })
      await client.completeMultipartUpload({
        ...ref,
        uploadId,
        parts: [
          { partNumber: 1, etag: one.etag },
          { partNumber: 2, etag: two.etag },
        ],
      })
    } finally {
      await client.close()
    }
    const get = await runCli(['get', 'test-bucket/foreign.bin', '--verbose'], env)
    expect(get.code).toBe(0)
    expect(get.stdout.equals(data)).toBe(true)
    expect(get.stderr).toMatch(
      /without a recorded part schedule: MD5 not verifiable, size verified\n$/,
    )
  })
})
