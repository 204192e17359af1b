// A real install: the artifacts of `npm run pack`, installed with plain npm into a temporary prefix,
// run from a directory outside the repository with nothing of the workspace on PATH: jss-local,
// then jss-stream mb/put/get/ls against it, and Ctrl-C of a slow put.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  write,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, relative } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packArtifacts, root } from '../src/pack.mjs'

const MiB = 1024 * 1024
const appVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(join(root, 'apps', name, 'package.json'), 'utf8')) as {
      version: string
    }
  ).version

let work: string
let prefix: string
let artifacts: { libraries: Record<string, string>; apps: Record<string, string> }
let server: ChildProcess | undefined
let connection: { endpoint: string; accessKey: string; secretKey: string } | undefined

/** Only the installed bins and node itself on PATH; HOME is the temporary directory. */
const baseEnv = (): NodeJS.ProcessEnv => ({
  PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
  HOME: work,
})
const cliEnv = (): NodeJS.ProcessEnv =>
  connection === undefined
    ? baseEnv()
    : {
        ...baseEnv(),
        JSS_ENDPOINT: connection.endpoint,
        JSS_ACCESS_KEY: connection.accessKey,
        JSS_SECRET_KEY: connection.secretKey,
      }

interface Result {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: string
}

async function finish(child: ChildProcess): Promise<Result> {
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null]
  return { code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }
}

/** Runs the installed `jss-stream` from the temporary directory; stdin is a file descriptor or nothing. */
/** Every jss-stream started, killed in afterAll if a failed test left one running. */
const started: ChildProcess[] = []

function jssStream(args: string[], stdin: number | 'ignore' = 'ignore'): ChildProcess {
  const child = spawn(join(prefix, 'bin', 'jss-stream'), args, {
    cwd: work,
    env: cliEnv(),
    stdio: [stdin, 'pipe', 'pipe'],
    // Its own process group, as a shell gives a foreground job: Ctrl-C signals the whole group.
    detached: true,
  })
  started.push(child)
  return child
}

const run = (args: string[], stdin?: number): Promise<Result> => finish(jssStream(args, stdin))

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'jss-install-')))
  prefix = join(work, 'prefix')
  artifacts = await packArtifacts({ out: join(work, 'artifacts') })
  // Plain npm, none of pnpm's settings (`npm_config_*` of the script that runs vitest).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_PATH'),
  )
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      artifacts.apps['jss-local'] as string,
      artifacts.apps['jss-stream'] as string,
    ],
    { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
}, 120_000)

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  if (server && server.exitCode === null) {
    server.kill('SIGKILL')
    await once(server, 'close')
  }
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the artifacts', () => {
  it('are built outside the repository, one tarball per library and per app', () => {
    expect(relative(root, work).startsWith('..')).toBe(true)
    expect(Object.keys(artifacts.libraries).sort()).toEqual([
      '@jss/protocol',
      '@jss/signer',
      '@jss/stream',
    ])
    expect(Object.keys(artifacts.apps).sort()).toEqual(['jss-local', 'jss-stream'])
  })

  it('have package.json files without workspace: or catalog: specs; the apps are not private', () => {
    for (const [name, tarball] of Object.entries({ ...artifacts.libraries, ...artifacts.apps })) {
      const text = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
        encoding: 'utf8',
      })
      expect(text, name).not.toMatch(/workspace:|catalog:/)
      const manifest = JSON.parse(text) as { name: string; private?: boolean }
      expect(manifest.name).toBe(name)
      expect(manifest.private, name).toBeUndefined()
    }
  })

  it('each app tarball holds the MIT LICENSE; its only dependency is undici from the registry', () => {
    for (const tarball of Object.values(artifacts.apps)) {
      const license = execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], {
        encoding: 'utf8',
      })
      expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the jss-stream authors\n/)
    }
    // Installed: the apps and what they fetched from the registry, nothing of the workspace.
    const modules = join(prefix, 'lib', 'node_modules')
    expect(readdirSync(modules).filter((name) => !name.startsWith('.'))).toEqual([
      'jss-local',
      'jss-stream',
    ])
    expect(existsSync(join(modules, 'jss-local', 'node_modules'))).toBe(false)
    expect(readdirSync(join(modules, 'jss-stream', 'node_modules'))).toEqual(['undici'])
    // A plain version (from the registry): the one the workspace's lockfile resolved and the tests
    // ran against (a global install has no lockfile).
    const manifest = JSON.parse(
      execFileSync(
        'tar',
        ['-xzOf', artifacts.apps['jss-stream'] as string, 'package/package.json'],
        {
          encoding: 'utf8',
        },
      ),
    ) as { dependencies: Record<string, string> }
    const workspaceUndici = JSON.parse(
      readFileSync(join(root, 'packages/protocol/node_modules/undici/package.json'), 'utf8'),
    ) as { version: string }
    expect(manifest.dependencies).toEqual({ undici: workspaceUndici.version })
    const installedUndici = JSON.parse(
      readFileSync(join(modules, 'jss-stream/node_modules/undici/package.json'), 'utf8'),
    ) as { version: string }
    expect(installedUndici.version).toBe(workspaceUndici.version)
  })
})

describe('the installed bins, from a directory outside the repository', () => {
  it('print their version and help', async () => {
    const version = await run(['--version'])
    expect(version.code, version.stderr).toBe(0)
    expect(version.stdout.toString()).toBe(`${appVersion('jss-stream')}\n`)
    const help = await finish(
      spawn(join(prefix, 'bin', 'jss-local'), ['--help'], { cwd: work, env: baseEnv() }),
    )
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout.toString()).toMatch(/^Usage: jss-local \[options\]\n/)
  })

  it('jss-local starts on a free port and prints its endpoint and credentials', async () => {
    server = spawn(join(prefix, 'bin', 'jss-local'), ['--port', '0', '--json'], {
      cwd: work,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const lines = createInterface({ input: server.stdout! })
    const [line] = (await once(lines, 'line')) as [string]
    const printed = JSON.parse(line) as NonNullable<typeof connection>
    connection = printed
    expect(printed.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(printed.endpoint).not.toMatch(/:0$/)
    expect(printed.accessKey).toEqual(expect.any(String))
  })

  it('jss-stream mb, put from a file on stdin, get (byte-identical), ls', async () => {
    const mb = await run(['mb', 'installed'])
    expect(mb.code, mb.stderr).toBe(0)

    const data = randomBytes(6 * MiB + 3) // two parts of the 5 MiB part size
    const input = join(work, 'input.bin')
    writeFileSync(input, data)
    const fd = openSync(input, 'r')
    const put = await run(['put', 'installed/dir/data.bin', '--part-size', '5MiB', '--json'], fd)
    closeSync(fd)
    expect(put.code, put.stderr).toBe(0)
    const summary = JSON.parse(put.stdout.toString()) as { size: number; parts: number }
    expect(summary).toMatchObject({ size: data.length, parts: 2 })

    const get = await run(['get', 'installed/dir/data.bin'])
    expect(get.code, get.stderr).toBe(0)
    expect(get.stdout.length).toBe(data.length)
    expect(sha256(get.stdout)).toBe(sha256(data))

    const ls = await run(['ls', 'installed', '--recursive'])
    expect(ls.code, ls.stderr).toBe(0)
    const rows = ls.stdout.toString().trim().split('\n')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatch(new RegExp(`\\s${data.length}\\s+dir/data\\.bin$`))
  })

  it('Ctrl-C of a slow put from a FIFO exits 130 and leaves no open upload', async () => {
    const uploads = async (): Promise<string> => {
      const listed = await run(['uploads', 'installed'])
      expect(listed.code, listed.stderr).toBe(0)
      return listed.stdout.toString()
    }
    expect(await uploads()).toBe('')

    // A FIFO, as a shell pipe is: opened read-write here first so that neither open blocks.
    const fifo = join(work, 'stdin.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = openSync(fifo, 'r+')
    const reader = openSync(fifo, 'r')
    const child = jssStream(['put', 'installed/slow.bin', '--part-size', '5MiB'], reader)
    closeSync(reader)
    const done = finish(child)
    let exited = false
    void done.then(() => {
      exited = true
    })
    const writeAll = (bytes: Buffer): Promise<void> =>
      new Promise((resolve, reject) =>
        write(writer, bytes, (error) => (error ? reject(error) : resolve())),
      )
    // One part and a bit at once (the upload is created and its first part sent), then slowly: 4 KiB
    // every 50 ms, from the thread pool, until the CLI exits.
    const trickle = (async () => {
      await writeAll(randomBytes(5 * MiB + 1))
      while (!exited) {
        await writeAll(randomBytes(4096))
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()

    const deadline = Date.now() + 20_000
    let open = ''
    while (open === '' && Date.now() < deadline) open = await uploads()
    expect(open).toMatch(/\sslow\.bin\n$/)
    expect(exited).toBe(false)

    // Ctrl-C: SIGINT to the job's process group (through `pnpm exec`, pnpm would add a SIGTERM).
    process.kill(-child.pid!, 'SIGINT')
    const result = await done
    await trickle
    closeSync(writer)
    expect(result.signal).toBeNull()
    expect(result.code).toBe(130)
    expect(result.stderr).toMatch(
      /^jss-stream: interrupted by SIGINT; upload \S+ aborted, nothing left behind\n$/,
    )
    expect(await uploads()).toBe('')
    const ls = await run(['ls', 'installed', '--recursive'])
    expect(ls.stdout.toString()).not.toMatch(/slow\.bin/)
  })

  it('jss-local stops on SIGTERM', async () => {
    const stopped = once(server!, 'close')
    server!.kill('SIGTERM')
    const [code] = (await stopped) as [number | null]
    expect(code).toBe(0)
  })
})
