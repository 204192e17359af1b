// Shared by the vitest suites and the soak script (plain ESM so that `node src/soak.mjs` runs it
// without a build step). Black-box: the BUILT jss-stream and jss-local bins, spawned.
import { spawn } from 'node:child_process'
import { createCipheriv, createHash } from 'node:crypto'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** The built jss-stream bin (throws with the build command when it is not built). */
export const cliBin = join(dirname(require.resolve('jss-stream/package.json')), 'bin/jss-stream.js')
/** The built jss-local bin. */
export const localBin = join(dirname(require.resolve('jss-local/package.json')), 'bin/jss-local.js')

for (const [bin, name] of [
  [cliBin, 'jss-stream'],
  [localBin, 'jss-local'],
]) {
  if (!existsSync(join(dirname(bin), '../dist/main.js'))) {
    throw new Error(
      `${name} is not built: run \`pnpm exec turbo run build --filter=@jss/reliability...\``,
    )
  }
}

/** The CLI environment for `server` ({ endpoint, credentials }); nothing inherited but PATH/HOME. */
export function cliEnv(server, extra = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(server
      ? {
          JSS_ENDPOINT: server.endpoint,
          JSS_ACCESS_KEY: server.credentials.accessKey,
          JSS_SECRET_KEY: server.credentials.secretKey,
        }
      : {}),
    ...extra,
  }
  return Object.fromEntries(Object.entries(env).filter((e) => e[1] !== undefined))
}

/** Spawns the CLI with piped stdio. */
export function spawnCli(args, env) {
  return spawn(process.execPath, [cliBin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
}

/**
 * Collects a child's exit, stderr and stdout. With `hashStdout`, stdout is hashed (SHA-256 hex)
 * and counted instead of kept.
 */
export async function finish(child, { hashStdout = false } = {}) {
  const out = []
  const err = []
  const hash = createHash('sha256')
  let outBytes = 0
  child.stdout?.on('data', (chunk) => {
    outBytes += chunk.length
    if (hashStdout) hash.update(chunk)
    else out.push(chunk)
  })
  child.stderr?.on('data', (chunk) => err.push(chunk))
  const [code, signal] = await once(child, 'close')
  return {
    code,
    signal,
    stdout: Buffer.concat(out),
    stdoutBytes: outBytes,
    stdoutSha256: hash.digest('hex'),
    stderr: Buffer.concat(err).toString('utf8'),
  }
}

/** Runs the CLI to the end with `input` (bytes, string or a byte stream) on stdin. */
export async function runCli(args, env, input, options = {}) {
  const child = spawnCli(args, env)
  const done = finish(child, options)
  child.stdin.on('error', () => {})
  if (input === undefined || typeof input === 'string' || input instanceof Uint8Array) {
    child.stdin.end(input ?? '')
  } else {
    input.on('error', () => child.stdin.destroy())
    input.pipe(child.stdin)
  }
  return done
}

/**
 * Deterministic pseudo-random bytes: AES-128-CTR keystream of `seed` (fast, GB/s). `size` bytes,
 * yielded in chunks of at most `chunkSize`.
 */
export function* randomChunks(size, seed, chunkSize = 1 << 20) {
  const key = createHash('sha256').update(`jss-reliability-${seed}`).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  const zeros = Buffer.alloc(chunkSize)
  for (let left = size; left > 0; left -= chunkSize) {
    yield cipher.update(zeros.subarray(0, Math.min(chunkSize, left)))
  }
}

/** `size` deterministic bytes of `seed` in one buffer (small sizes: tests). */
export function randomBytesOf(size, seed) {
  return Buffer.concat([...randomChunks(size, seed)], size)
}

/** SHA-256 hex of bytes. */
export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Counts `--verbose` request lines and those that were retries (attempt > 1). */
export function countRequests(stderr) {
  let requests = 0
  let retries = 0
  for (const line of stderr.split('\n')) {
    const m = /attempt=(\d+) \d+ms$/.exec(line)
    if (!m) continue
    requests++
    if (Number(m[1]) > 1) retries++
  }
  return { requests, retries }
}

/** Resolves when `check()` is true (polling every 20 ms); rejects after `timeoutMs`. */
export async function waitFor(check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
