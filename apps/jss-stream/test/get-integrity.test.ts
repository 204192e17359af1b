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

describe('get with a forged or wrong part schedule in the metadata', () => {
  const schedule = 'jss-stream-schedule'

  async function withClient<T>(
    use: (client: import('@jss/protocol').JssClient) => Promise<T>,
  ): Promise<T> {
    const { createClient } = await import('@jss/protocol')
    const client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
    try {
      return await use(client)
    } finally {
      await client.close()
    }
  }

  /** A multipart object of two parts (6 MiB and the rest), stored with `metadata`. */
  async function putMultipart(key: string, data: Buffer, metadata: Record<string, string>) {
    await withClient(async (client) => {
      const ref = { bucket: 'test-bucket', key }
      const { uploadId } = await client.initiateMultipartUpload({ ...ref, metadata })
      const bodies = [data.subarray(0, 6 * 2 ** 20), data.subarray(6 * 2 ** 20)]
      const parts = []
      for (const [i, body] of bodies.entries()) {
        const { etag } = await client.uploadPart({ ...ref, uploadId, partNumber: i + 1, body })
        parts.push({ partNumber: i + 1, etag })
      }
      await client.completeMultipartUpload({ ...ref, uploadId, parts })
    })
  }

  it('a single PUT recorded as 1/1/1/1/1: MD5 verified, fast, with a note', async () => {
    const data = makeData(16 * 2 ** 20, 61)
    await withClient((client) =>
      client.putObject({
        bucket: 'test-bucket',
        key: 'forged-bytes.bin',
        body: data,
        metadata: { [schedule]: '1/1/1/1/1' },
      }),
    )
    const started = Date.now()
    const get = await runCli(['get', 'test-bucket/forged-bytes.bin', '--verbose'], env)
    expect(Date.now() - started).toBeLessThan(8000)
    expect(get.stderr).not.toMatch(/mismatch/)
    expect(get.code).toBe(0)
    expect(get.stdout.equals(data)).toBe(true)
    expect(get.stderr).toMatch(
      /^jss-stream: ignored the part schedule recorded with test-bucket\/forged-bytes\.bin \("1\/1\/1\/1\/1"\): initialPartSize must be an integer from 5242880 to 5368709120 \(the part size limits\), got 1; MD5 verified\n/m,
    )
    expect(get.stderr).toMatch(/, MD5 verified\n$/)
  }, 20_000)

  it('a single PUT with a plausible but wrong schedule: fails closed, naming the schedule and --no-verify', async () => {
    const data = makeData(12 * 2 ** 20, 62)
    await withClient((client) =>
      client.putObject({
        bucket: 'test-bucket',
        key: 'plausible.bin',
        body: data,
        metadata: { [schedule]: '5242880/1728/10/5368709120/10000' },
      }),
    )
    // Along a schedule of several parts only the part MD5s are computed (in parallel): the plain
    // MD5 ETag of a single PUT cannot match them, and the whole body was not hashed.
    const get = await runCli(['get', 'test-bucket/plausible.bin', '--verbose'], env)
    expect(get.code).toBe(1)
    expect(get.stderr).toMatch(
      /^jss-stream: MD5 mismatch: the data received does not match the ETag [0-9a-f]{32} along the part schedule recorded with test-bucket\/plausible\.bin; if the object was not uploaded with that schedule \(its metadata jss-stream-schedule is wrong\), get it with --no-verify\n$/m,
    )
    const unverified = await runCli(
      ['get', 'test-bucket/plausible.bin', '--no-verify', '--verbose'],
      env,
    )
    expect(unverified.code).toBe(0)
    expect(unverified.stdout.equals(data)).toBe(true)
    expect(unverified.stderr).toMatch(/, not verified \(--no-verify\), size verified\n$/)
  })

  it.each([
    ['parts below the minimum', '1/1/1/1/1', /initialPartSize must be an integer from 5242880/],
    [
      'more parts than allowed',
      '5242880/1/1/5368709120/99999999',
      /maxParts must be an integer from 1 to 10000/,
    ],
    [
      'parts above the maximum',
      '5242880/1/1/10737418240/10000',
      /maxPartSize must be an integer from 5242880 to 5368709120/,
    ],
    [
      'too small for the object',
      '5242880/1/1/5242880/2',
      /cannot hold the object's 11534336 bytes/,
    ],
  ])(
    'a multipart object with a schedule of %s: size verified, with a note',
    async (_, text, why) => {
      const data = makeData(11 * 2 ** 20, 63)
      await putMultipart('forged-multi.bin', data, { [schedule]: text })
      const get = await runCli(['get', 'test-bucket/forged-multi.bin'], env)
      expect(get.code).toBe(0)
      expect(get.stdout.equals(data)).toBe(true)
      expect(get.stderr).toMatch(why)
      expect(get.stderr).toMatch(
        /^jss-stream: ignored the part schedule recorded with test-bucket\/forged-multi\.bin \(".*"\): .*; MD5 not verifiable, size verified\n$/,
      )
    },
  )
})
