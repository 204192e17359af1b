// The soak scenario, shared by `pnpm test:soak` (50 × 0–300 MiB) and its short default-suite
// version: uploads of random sizes piped into `jss-stream put` against a fault-injecting jss-local,
// each read back with `jss-stream get` and compared by SHA-256; then no open upload may remain.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { createClient } from '@jss/protocol'
import { cliEnv, countRequests, randomChunks, runCli } from './harness.mjs'

/**
 * The fault mix at a total rate `rate` (0–1) of requests: 500, 503 SlowDown, connection resets
 * mid-body and 2 s stalls on every operation, and wrong ETags on part uploads (the only answer
 * whose ETag the client can check against what it sent, hence the only retryable one).
 */
export function faultSpec(rate) {
  const p = (rate / 4).toFixed(4)
  const q = (rate / 5).toFixed(4)
  return `uploadPart:500=${q},503=${q},reset=${q},stall=2s@${q},etag=${q};*:500=${p},503=${p},reset=${p},stall=2s@${p}`
}

/** A small deterministic PRNG (mulberry32) for sizes. */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A readable of `size` deterministic bytes of `seed`; `digest()` is their SHA-256 once read. */
function source(size, seed) {
  const hash = createHash('sha256')
  function* chunks() {
    for (const chunk of randomChunks(size, seed)) {
      hash.update(chunk)
      yield chunk
    }
  }
  return {
    stream: Readable.from(chunks(), { objectMode: false }),
    digest: () => hash.digest('hex'),
  }
}

/**
 * Runs `count` uploads of sizes uniform in [0, maxSize] (seeded) against `server`
 * ({ endpoint, credentials }), bucket `bucket`. Returns one row per upload and the open uploads
 * left at the end. `deadline` (ms epoch) stops starting new uploads.
 */
export async function runSoak({
  server,
  bucket,
  count,
  maxSize,
  seed,
  partSize = '5MiB',
  deadline = Number.POSITIVE_INFINITY,
  log = () => {},
}) {
  const env = cliEnv(server)
  const random = prng(seed)
  const rows = []
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const size = Math.floor(random() * (maxSize + 1))
    const dataSeed = seed * 1000 + i
    const key = `soak/${seed}/${i}.bin`
    const input = source(size, dataSeed)
    const started = Date.now()
    const put = await runCli(
      ['put', `${bucket}/${key}`, '--part-size', partSize, '--verbose', '--json'],
      env,
      input.stream,
    )
    const putSeconds = (Date.now() - started) / 1000
    const inputSha = input.digest()
    const get = await runCli(['get', `${bucket}/${key}`, '--verbose'], env, undefined, {
      hashStdout: true,
    })
    const verified = put.code === 0 && get.code === 0 && get.stdoutSha256 === inputSha
    const putRequests = countRequests(put.stderr)
    const getRequests = countRequests(get.stderr)
    const row = {
      i,
      key,
      size,
      dataSeed,
      putExit: put.code,
      getExit: get.code,
      verified,
      requests: putRequests.requests + getRequests.requests,
      retries: putRequests.retries + getRequests.retries,
      putSeconds,
      sha256: inputSha,
      error: verified
        ? undefined
        : `put exit ${put.code} ${put.signal ?? ''}: ${put.stderr
            .split('\n')
            .filter((l) => !/ 200 .*attempt=/.test(l))
            .slice(-40)
            .join(
              '\n    ',
            )}\n  get exit ${get.code}: ${get.stderr.split('\n').slice(-3).join('\n    ')}`,
    }
    rows.push(row)
    log(row)
    if (verified) await runCli(['rm', `${bucket}/${key}`], env)
  }
  return { rows, openUploads: await openUploads(server, bucket) }
}

/** Every open multipart upload of `bucket`, by `jss-stream uploads` and by listMultipartUploads. */
export async function openUploads(server, bucket) {
  const cli = await runCli(['uploads', bucket], cliEnv(server))
  const client = createClient({ endpoint: server.endpoint, credentials: server.credentials })
  try {
    const page = await client.listMultipartUploads({ bucket })
    return {
      cliExit: cli.code,
      cliLines: cli.stdout.toString('utf8').split('\n').filter(Boolean),
      listed: page.uploads ?? page.Upload ?? [],
    }
  } finally {
    await client.close()
  }
}
