// Every command of the CLI in the S3 dialect, against jss-local's S3 dialect (same port, same store),
// configured only by the standard AWS_* variables; and the same objects read back in the JSS dialect.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@jss/protocol'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, makeData, runCli } from './cli.js'

let server: JssLocal
let aws: Record<string, string>
let jss: Record<string, string>
let dir: string
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex')

/** S3's multipart ETag, computed here independently: MD5 of the binary part MD5s, then -N. */
function s3Etag(data: Buffer, partSize: number): string {
  const hash = createHash('md5')
  let parts = 0
  for (let at = 0; at < data.length; at += partSize, parts++) {
    hash.update(
      createHash('md5')
        .update(data.subarray(at, at + partSize))
        .digest(),
    )
  }
  return `${hash.digest('hex')}-${parts}`
}

beforeAll(async () => {
  server = await startJssLocal({ buckets: ['test-bucket'], region: 'eu-west-3' })
  // Nothing but the standard AWS variables: the S3 dialect is inferred from AWS_ENDPOINT_URL.
  aws = cliEnv(undefined, {
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_ACCESS_KEY_ID: server.credentials.accessKey,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretKey,
    AWS_REGION: 'eu-west-3',
  })
  jss = cliEnv(server)
  dir = mkdtempSync(join(tmpdir(), 'jss-stream-s3-'))
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the S3 dialect', () => {
  const big = makeData(12 * 2 ** 20 + 7, 21)

  it('shows the dialect, region and AWS sources in config', async () => {
    const config = await runCli(['config', '--json'], aws)
    expect(config.code).toBe(0)
    const rows = JSON.parse(config.stdout.toString('utf8'))
    expect(rows.dialect).toEqual({ value: 's3', source: 'env AWS_ENDPOINT_URL' })
    expect(rows.endpoint).toEqual({ value: server.endpoint, source: 'env AWS_ENDPOINT_URL' })
    expect(rows.region).toEqual({ value: 'eu-west-3', source: 'env AWS_REGION' })
    expect(rows.accessKey.source).toBe('env AWS_ACCESS_KEY_ID')
  })

  it('makes a bucket, puts a multipart stream, lists, stats and gets it back verified', async () => {
    expect((await runCli(['mb', 's3-bucket'], aws)).code).toBe(0)
    const put = await runCli(
      ['put', 's3-bucket/dir/big.bin', '--part-size', '5MiB', '--json'],
      aws,
      big,
    )
    expect(put.stderr).toBe('')
    expect(put.code).toBe(0)
    const line = JSON.parse(put.stdout.toString('utf8').trim().split('\n').at(-1) ?? '{}')
    expect(line).toMatchObject({ size: big.length, etag: s3Etag(big, 5 * 2 ** 20) })

    const ls = await runCli(['ls', 's3-bucket/dir/'], aws)
    expect(ls.code).toBe(0)
    expect(ls.stdout.toString('utf8')).toContain('dir/big.bin')

    const stat = await runCli(['stat', 's3-bucket/dir/big.bin', '--json'], aws)
    expect(stat.code).toBe(0)
    expect(JSON.parse(stat.stdout.toString('utf8'))).toMatchObject({
      size: big.length,
      etag: s3Etag(big, 5 * 2 ** 20),
    })

    const get = await runCli(['get', 's3-bucket/dir/big.bin', '--json'], aws)
    expect(get.code).toBe(0)
    expect(get.stdout.equals(big)).toBe(true)
    // Along the recorded schedule: the S3 multipart ETag checked from the part MD5s.
    expect(JSON.parse(get.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      verified: 'parts',
    })
    const file = join(dir, 'big.bin')
    const toFile = await runCli(['get', 's3-bucket/dir/big.bin', '-o', file], aws)
    expect(toFile.code).toBe(0)
    expect(readFileSync(file).equals(big)).toBe(true)

    // The same store: the JSS dialect reads the bytes the S3 dialect wrote.
    const viaJss = await runCli(['get', 's3-bucket/dir/big.bin', '--no-verify'], jss)
    expect(viaJss.code).toBe(0)
    expect(md5(viaJss.stdout)).toBe(md5(big))
  })

  it('puts a small object in one PUT, and presigns a GET that works', async () => {
    const small = makeData(3000, 3)
    expect((await runCli(['put', 's3-bucket/small.txt'], aws, small)).code).toBe(0)
    const presign = await runCli(['presign', 's3-bucket/small.txt', '--expires', '10m'], aws)
    expect(presign.code).toBe(0)
    const url = presign.stdout.toString('utf8').trim()
    expect(url).toContain('X-Amz-Signature=')
    const answer = await fetch(url)
    expect(answer.status).toBe(200)
    expect(Buffer.from(await answer.arrayBuffer()).equals(small)).toBe(true)
    // A signature never authorizes what it did not sign: another key is refused.
    const other = await fetch(url.replace('small.txt', 'big.txt'))
    expect(other.status).toBe(403)
    await other.arrayBuffer()
  })

  it('lists and aborts open uploads, removes objects and the bucket', async () => {
    // An upload left open (by another client, in the S3 dialect).
    const client = createClient({
      endpoint: server.endpoint,
      credentials: server.credentials,
      dialect: 's3',
      region: 'eu-west-3',
    })
    const open = await client.initiateMultipartUpload({ bucket: 's3-bucket', key: 'left/open.bin' })
    await client.close()
    const listed = await runCli(['uploads', 's3-bucket'], aws)
    expect(listed.code).toBe(0)
    expect(listed.stdout.toString('utf8')).toContain(open.uploadId)
    const abort = await runCli(['abort', 's3-bucket/left/open.bin', open.uploadId], aws)
    expect(abort.stderr).toBe('')
    expect(abort.code).toBe(0)
    const none = await runCli(['uploads', 's3-bucket'], aws)
    expect(none.code).toBe(0)
    expect(none.stdout.toString('utf8')).not.toContain(open.uploadId)

    const rm = await runCli(['rm', 's3-bucket/dir/big.bin', 's3-bucket/small.txt'], aws)
    expect(rm.code).toBe(0)
    const rb = await runCli(['rb', 's3-bucket'], aws)
    expect(rb.stderr).toBe('')
    expect(rb.code).toBe(0)
    const gone = await runCli(['ls', 's3-bucket'], aws)
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/NoSuchBucket|does not exist/)
  })

  it('signs the session token of temporary credentials (AWS_SESSION_TOKEN)', async () => {
    const ls = await runCli(['ls', 'test-bucket', '--verbose'], {
      ...aws,
      AWS_SESSION_TOKEN: 'TEMP',
    })
    expect(ls.code).toBe(0)
    // The token is a secret too: never shown.
    expect(ls.stderr).not.toContain('TEMP')
  })

  it('fails clearly with a wrong secret key or region, naming the problem', async () => {
    const badKey = await runCli(['ls', 'test-bucket'], { ...aws, AWS_SECRET_ACCESS_KEY: 'wrong' })
    expect(badKey.code).toBe(1)
    expect(badKey.stderr).toMatch(/SignatureDoesNotMatch.*AWS_SECRET_ACCESS_KEY/)
    expect(badKey.stderr).not.toMatch(/\n\s+at /) // no stack trace
    const badRegion = await runCli(['ls', 'test-bucket', '--region', 'us-west-2'], aws)
    expect(badRegion.code).toBe(1)
    expect(badRegion.stderr).toMatch(/AuthorizationHeaderMalformed\): check --region/)
  })
})
