import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@jss/protocol'
import { build } from 'esbuild'
import { type JssLocal, startJssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')
const require = createRequire(import.meta.url)
const LIBRARIES = ['signer', 'protocol', 'stream'] as const
const BUCKET = 'consumer'
const PART = 64 * 1024

interface Run {
  stdout: string
  stderr: string
}

/** Runs a command; a failure throws with everything it printed. */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<Run> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const line = [command, ...args].join(' ')
        fail(new Error(`${line} (in ${cwd}) failed: ${error.message}\n${stdout}\n${stderr}`))
      } else done({ stdout, stderr })
    })
  })
}

/** The environment without what pnpm or turbo put there for npm (`npm_config_*`, `npm_package_*`). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('npm_')) env[name] = value
  return { ...env, ...extra }
}

/** `pnpm` as the workspace runs it: the one that started this test, else the pinned version. */
async function pnpm(args: readonly string[], cwd: string): Promise<Run> {
  const execPath = process.env.npm_execpath
  if (execPath && /pnpm/.test(execPath)) {
    const viaNode = /\.[cm]?js$/.test(execPath)
    return run(viaNode ? process.execPath : execPath, viaNode ? [execPath, ...args] : args, cwd)
  }
  const { packageManager } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    packageManager: string
  }
  return run('npm', ['exec', '--yes', `--package=${packageManager}`, '--', 'pnpm', ...args], cwd)
}

const versionOf = async (dir: string): Promise<string> =>
  (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string }).version

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex')

/** A pass-through HTTP server in front of `target` that notes each request's User-Agent. */
async function recorder(
  target: string,
): Promise<{ url: string; agents: string[]; server: Server }> {
  const upstream = new URL(target)
  const agents: string[] = []
  const server = createServer((req, res) => {
    agents.push(req.headers['user-agent'] ?? '')
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, agents, server }
}

interface ConsumerOutput {
  userAgent: string
  uploads: {
    name: string
    key: string
    size: number
    sha256: string
    etag: string
    parts: number
    readBack: boolean
  }[]
}

let work: string
let app: string
let jss: JssLocal
let inputFile: string
let protocolVersion: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'jss-consumer-'))
  // Outside the repository: nothing of the workspace (node_modules, tsconfig) can leak in.
  expect(relative(root, work).startsWith('..')).toBe(true)
  const tarballs = join(work, 'tarballs')
  await mkdir(tarballs)
  for (const name of LIBRARIES) {
    await pnpm(['pack', '--pack-destination', tarballs], join(root, 'packages', name))
  }
  const packed = await readdir(tarballs)
  const tarball = (name: string): string => {
    const file = packed.find((f) => f.startsWith(`jss-${name}-`) && f.endsWith('.tgz'))
    if (!file) throw new Error(`no tarball of @jss/${name} in ${packed.join(', ')}`)
    return `file:../tarballs/${file}`
  }
  protocolVersion = await versionOf(join(root, 'packages/protocol'))
  const typesNode = await versionOf(dirname(require.resolve('@types/node/package.json')))
  app = join(work, 'app')
  await mkdir(app)
  await writeFile(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: 'jss-consumer',
        private: true,
        type: 'module',
        dependencies: Object.fromEntries(LIBRARIES.map((n) => [`@jss/${n}`, tarball(n)])),
        devDependencies: { '@types/node': typesNode },
      },
      null,
      2,
    )}\n`,
  )
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app)
  await copyFile(join(here, '../fixture/consumer.ts'), join(app, 'consumer.ts'))
  const strict = {
    target: 'ES2022',
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    // The packages' declarations are part of what is checked.
    skipLibCheck: false,
    types: ['node'],
    noEmit: true,
  }
  const configs = {
    node16: { ...strict, module: 'node16', moduleResolution: 'node16', lib: ['ES2023'] },
    // A bundler setup with the DOM's globals (its ReadableStream and Blob, without the async
    // iterator of "DOM.AsyncIterable") and the workspace's development condition set: the published
    // exports must not react to it.
    bundler: {
      ...strict,
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      customConditions: ['@jss/source'],
    },
    emit: {
      ...strict,
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['ES2023'],
      noEmit: false,
      outDir: 'out',
    },
  }
  for (const [name, compilerOptions] of Object.entries(configs)) {
    const config = { compilerOptions, files: ['consumer.ts'] }
    await writeFile(join(app, `tsconfig.${name}.json`), `${JSON.stringify(config, null, 2)}\n`)
  }
  jss = await startJssLocal({ buckets: [BUCKET], minPartSize: PART })
  inputFile = join(work, 'input.bin')
  await writeFile(inputFile, randomBytes(6 * PART + 99))
})

afterAll(async () => {
  await jss?.close()
  if (work && !process.env.JSS_CONSUMER_KEEP) await rm(work, { recursive: true, force: true })
})

describe('the packed packages', () => {
  for (const name of LIBRARIES) {
    it(`@jss/${name}: a manifest for the registry, a LICENSE, a README that stands alone`, async () => {
      const dir = join(app, 'node_modules', '@jss', name)
      const text = await readFile(join(dir, 'package.json'), 'utf8')
      const manifest = JSON.parse(text) as Record<string, unknown> & {
        dependencies?: Record<string, string>
        files: string[]
      }
      expect(text).not.toContain('@jss/source')
      expect(text).not.toMatch(/"(workspace|catalog):/)
      // @jss/stream also exports the MD5 lanes' compile step alone (loaded before V8 flags are set)
      const subpaths =
        name === 'stream'
          ? {
              './md5-lanes': {
                types: './dist/hashing/md5-lanes-compile.d.ts',
                default: './dist/hashing/md5-lanes-compile.js',
              },
            }
          : {}
      expect(manifest.exports).toEqual({
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        ...subpaths,
        './package.json': './package.json',
      })
      expect(manifest.repository).toEqual({
        type: 'git',
        url: 'git+https://github.com/jss-stream/jss-stream.git',
        directory: `packages/${name}`,
      })
      expect(manifest.homepage).toBe('https://github.com/jss-stream/jss-stream#readme')
      expect(manifest.bugs).toEqual({ url: 'https://github.com/jss-stream/jss-stream/issues' })
      if (name === 'protocol') expect(manifest.dependencies?.undici).toMatch(/^\^7\.\d+\.\d+$/)
      // Every module shipped is built from a source of today (no stale file of a removed one).
      for (const file of await readdir(join(dir, 'dist'))) {
        if (!file.endsWith('.js')) continue
        expect(existsSync(join(dir, 'src', file.replace(/\.js$/, '.ts'))), `dist/${file}`).toBe(
          true,
        )
      }
      expect(await readFile(join(dir, 'LICENSE'), 'utf8')).toContain(
        'Copyright (c) 2026 the jss-stream authors',
      )
      const readme = await readFile(join(dir, 'README.md'), 'utf8')
      expect(readme).toMatch(/TypeScript 5\.7/)
      // Relative links must point into the package; anything else is an absolute URL.
      for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^(https?:|#|mailto:)/.test(target)) continue
        expect(existsSync(join(dir, target.replace(/#.*$/, ''))), target).toBe(true)
      }
      // Nor, outside a URL, a path of the repository that the tarball does not contain.
      const withoutUrls = readme
        .replace(/\[[^\]]*\]\(https?:[^)]*\)/g, '')
        .replace(/https?:\/\/[^\s)]+/g, '')
      const cited =
        /`((?:\.\.?\/|(?:apps|docs|packages|scripts|shared|spec|test|tooling)\/)[^`\s]*)`/g
      for (const [, path = ''] of withoutUrls.matchAll(cited)) {
        expect(existsSync(join(dir, path)), `README cites ${path}`).toBe(true)
      }
    })
  }
})

describe('type-checking a consumer against the packed declarations', () => {
  const compilers = {
    'TypeScript 5.7 (the stated minimum)': 'typescript-5.7/bin/tsc',
    [`TypeScript ${require('typescript/package.json').version} (the workspace's)`]:
      'typescript/bin/tsc',
  }
  for (const [compiler, bin] of Object.entries(compilers)) {
    for (const config of ['node16', 'bundler']) {
      it(`${compiler}, moduleResolution ${config}`, async () => {
        await run(process.execPath, [require.resolve(bin), '-p', `tsconfig.${config}.json`], app)
      })
    }
  }
})

describe('running the consumer', () => {
  async function check(output: ConsumerOutput): Promise<void> {
    expect(output.uploads.map((u) => u.name)).toEqual([
      'async-generator',
      'web-readable-stream',
      'blob-stream',
      'file-stream',
    ])
    const client = createClient({ endpoint: jss.endpoint, credentials: jss.credentials })
    try {
      for (const upload of output.uploads) {
        expect(upload.readBack, upload.name).toBe(true)
        expect(upload.parts, upload.name).toBeGreaterThan(1)
        const stored = await client.getObject({ bucket: BUCKET, key: upload.key })
        const chunks: Buffer[] = []
        for await (const chunk of stored.body) chunks.push(chunk as Buffer)
        const bytes = Buffer.concat(chunks)
        expect(bytes.length, upload.name).toBe(upload.size)
        expect(sha256(bytes), upload.name).toBe(upload.sha256)
        expect(stored.etag, upload.name).toBe(upload.etag)
      }
    } finally {
      await client.close()
    }
    const file = output.uploads.find((u) => u.name === 'file-stream')
    expect(file?.sha256).toBe(sha256(await readFile(inputFile)))
    expect(output.userAgent).toBe(`@jss/protocol/${protocolVersion}`)
  }

  const consumerEnv = (endpoint: string): NodeJS.ProcessEnv =>
    cleanEnv({
      JSS_ENDPOINT: endpoint,
      JSS_ACCESS_KEY: jss.credentials.accessKey,
      JSS_SECRET_KEY: jss.credentials.secretKey,
      JSS_BUCKET: BUCKET,
      CONSUMER_FILE: inputFile,
    })

  const parse = (stdout: string): ConsumerOutput =>
    JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ConsumerOutput

  it('compiled by tsc: uploads a generator, web streams and a file stream, byte-identical', async () => {
    await run(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.emit.json'],
      app,
    )
    const { stdout } = await run(
      process.execPath,
      ['out/consumer.js'],
      app,
      consumerEnv(jss.endpoint),
    )
    await check(parse(stdout))
  })

  it('bundled by esbuild and run from another directory: the same, and the right User-Agent', async () => {
    const elsewhere = join(work, 'elsewhere')
    await mkdir(elsewhere)
    const outfile = join(elsewhere, 'consumer.cjs')
    await build({
      absWorkingDir: app,
      entryPoints: [join(app, 'consumer.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // The workspace's development condition, set by a consumer: the published exports ignore it.
      conditions: ['@jss/source'],
      logLevel: 'silent',
    })
    expect(await readdir(elsewhere)).toEqual(['consumer.cjs'])
    const proxy = await recorder(jss.endpoint)
    try {
      const { stdout } = await run(process.execPath, [outfile], elsewhere, consumerEnv(proxy.url))
      await check(parse(stdout))
      expect(proxy.agents.length).toBeGreaterThan(10)
      expect(new Set(proxy.agents)).toEqual(new Set([`@jss/protocol/${protocolVersion}`]))
    } finally {
      proxy.server.closeAllConnections()
      await new Promise((done) => proxy.server.close(done))
    }
  })
})
