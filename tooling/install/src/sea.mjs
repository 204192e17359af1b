#!/usr/bin/env node
// `pnpm --filter @jss/install run pack:sea`: jss-stream as one executable file, with Node's single
// executable applications (SEA): artifacts/sea/jss-stream-<version>-<platform>-<arch>, a copy of the
// node binary running this script with the CLI injected (about the node binary's size). Built from
// the built workspace (`npm run setup` first); no dependencies of its own at run time.
//
// A SEA's main script must be one CommonJS file that `require`s built-in modules only, so unlike the
// npm tarball everything is bundled, undici too. The sources read files next to themselves through
// `createRequire(import.meta.url)` (`../package.json`, `undici/lib/...`); `import.meta.url` means
// nothing in a CommonJS bundle, so those `require`s are handed to the bundler, which inlines what they
// name (the package.json files as JSON, undici's modules).
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { root } from './pack.mjs'

const app = join(root, 'apps', 'jss-stream')
const { version } = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))

/** Bundles jss-stream into one CommonJS file at `file`. */
async function bundle(file) {
  const fromImportMeta = /\bconst (require\d*) = createRequire\(import\.meta\.url\);?/g
  const result = await build({
    // What bin/jss-stream.js does: the V8 flags first, then the CLI (and with it undici).
    stdin: {
      contents: [
        "const { applyV8Flags } = require('./dist/v8-flags.js')",
        'applyV8Flags()',
        "require('./dist/main.js').main()",
      ].join('\n'),
      resolveDir: app,
      sourcefile: 'sea-main.cjs',
      loader: 'js',
    },
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node}`,
    logLevel: 'warning',
    metafile: true,
    plugins: [
      {
        name: 'require-from-import-meta',
        setup(build) {
          build.onLoad({ filter: /[/\\]dist[/\\].*\.js$/ }, ({ path }) => {
            const source = readFileSync(path, 'utf8')
            if (!fromImportMeta.test(source)) return undefined
            // `const require = createRequire(import.meta.url)` → the bundler's own `require`.
            const contents = source.replace(fromImportMeta, (_, name) =>
              name === 'require' ? '' : `const ${name} = require;`,
            )
            return { contents, loader: 'js', resolveDir: dirname(path) }
          })
        },
      },
    ],
  })
  const output = readFileSync(file, 'utf8')
  if (output.includes('import.meta')) throw new Error(`${file} still uses import.meta`)
  for (const out of Object.values(result.metafile.outputs)) {
    const left = out.imports.filter((i) => i.external && !i.path.startsWith('node:'))
    if (left.length > 0) throw new Error(`not bundled: ${left.map((i) => i.path).join(', ')}`)
  }
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' })
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
  }
  return result.stdout
}

/** Builds the executable into `out` (default artifacts/sea); returns its path. */
export async function buildSea({ out = join(root, 'artifacts', 'sea') } = {}) {
  const work = join(out, '.work')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  const main = join(work, 'jss-stream.cjs')
  await bundle(main)
  const blob = join(work, 'jss-stream.blob')
  writeFileSync(
    join(work, 'sea-config.json'),
    JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true }),
  )
  run(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], work)
  const executable = join(out, `jss-stream-${version}-${process.platform}-${process.arch}`)
  rmSync(executable, { force: true })
  copyFileSync(process.execPath, executable)
  chmodSync(executable, 0o755)
  const require = createRequire(import.meta.url)
  const postject = require.resolve('postject/dist/cli.js')
  run(
    process.execPath,
    [
      postject,
      executable,
      'NODE_SEA_BLOB',
      blob,
      '--sentinel-fuse',
      'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    ],
    work,
  )
  rmSync(work, { recursive: true, force: true })
  const printed = run(executable, ['--version'], out).trim()
  if (printed !== version) throw new Error(`${executable} --version printed "${printed}"`)
  return executable
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out')
  const out = outFlag === -1 ? undefined : resolve(process.argv[outFlag + 1])
  const executable = await buildSea({ out })
  const inRoot = relative(root, executable)
  console.log(inRoot.startsWith('..') ? executable : inRoot)
}
