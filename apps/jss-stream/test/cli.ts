import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type JssLocal, startJssLocal } from 'jss-local'

/** The built bin. */
export const bin: string = fileURLToPath(new URL('../bin/jss-stream.js', import.meta.url))

if (!existsSync(fileURLToPath(new URL('../dist/main.js', import.meta.url)))) {
  throw new Error(
    'jss-stream is not built: run `pnpm exec turbo run build --filter=jss-stream...` first',
  )
}

/** The environment of a CLI run against `server` (nothing inherited but PATH and HOME). */
export function cliEnv(
  server: JssLocal | undefined,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // A config directory that does not exist: a developer's ~/.config/jss-stream/config never
    // leaks into a test (a test that wants a config file passes its own HOME, XDG_CONFIG_HOME
    // or --config).
    XDG_CONFIG_HOME:
      'HOME' in extra ? undefined : join(tmpdir(), 'jss-stream-tests-have-no-config'),
    ...(server === undefined
      ? {}
      : {
          JSS_ENDPOINT: server.endpoint,
          JSS_ACCESS_KEY: server.credentials.accessKey,
          JSS_SECRET_KEY: server.credentials.secretKey,
        }),
    ...extra,
  }
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}

/** What a finished run produced. */
export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: string
}

/** Starts the CLI with piped stdio. */
export function spawnCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
}

/** Collects a child's output and exit. */
export async function finish(child: ChildProcess): Promise<CliResult> {
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null]
  return { code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }
}

/** Runs the CLI to the end with `input` on stdin (empty when not given). */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  input?: Uint8Array | string,
): Promise<CliResult> {
  const child = spawnCli(args, env)
  const done = finish(child)
  child.stdin?.on('error', () => {})
  child.stdin?.end(input ?? '')
  return done
}

/** A server with one bucket, `test-bucket`. */
export function startServer(): Promise<JssLocal> {
  return startJssLocal({ buckets: ['test-bucket'] })
}

/** Deterministic pseudo-random bytes (xorshift), the same for the same seed. */
export function makeData(size: number, seed = 1): Buffer {
  const data = Buffer.allocUnsafe(Math.ceil(size / 4) * 4)
  let x = seed >>> 0 || 1
  for (let i = 0; i < data.length; i += 4) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    data.writeUInt32LE(x, i)
  }
  return data.subarray(0, size)
}

/** Resolves when `check` is true, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
