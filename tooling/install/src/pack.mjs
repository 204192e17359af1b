#!/usr/bin/env node
// `npm run pack`: installable artifacts in artifacts/ (or --out DIR), from the built workspace.
//
// - The libraries (packages/*, not private): `pnpm pack` into artifacts/packages/ (pnpm names the
//   tarball of @jss/stream jss-stream-<v>.tgz, as npm names the CLI's), which writes the real
//   versions in place of `workspace:^` and `catalog:`.
// - The apps (apps/*, each with a bin): what their bin imports from ../dist is bundled with esbuild,
//   the @jss/* workspace packages inlined, into a staging directory with a generated package.json
//   whose only dependencies are the third-party packages the bundle still loads (undici for
//   jss-stream, pinned exactly), plus the bin as it is, the README and the root LICENSE; then
//   `npm pack` of that directory. The apps' own package.json files stay private.
//
// Plain ESM run by node, no build step of its own; the workspace must be built (`turbo run pack`
// builds it first). Exported `packArtifacts` is what the install test calls.
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** The repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))

/** Workspace packages by name: { dir, manifest }. */
function workspacePackages() {
  const found = new Map()
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const name of readdirSync(join(root, group))) {
      const dir = join(root, group, name)
      if (!existsSync(join(dir, 'package.json'))) continue
      const manifest = readJson(join(dir, 'package.json'))
      found.set(manifest.name, { dir, manifest })
    }
  }
  return found
}

/**
 * The package.json of dependency `name` as resolved from the package in `dir`: found along the
 * resolution paths, since a package whose `exports` omit `./package.json` (fast-xml-parser) cannot
 * be `require.resolve`d for it.
 */
function manifestPath(name, dir) {
  const require = createRequire(join(dir, 'package.json'))
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = join(base, name, 'package.json')
    if (existsSync(candidate)) return candidate
  }
  throw new Error(`${dir}: cannot find the package ${name}`)
}

/**
 * The third-party packages an app needs at run time: its dependencies and those of the workspace
 * packages it depends on (transitively), with the version installed in the workspace (the lockfile's).
 */
function thirdPartyDependencies(app, workspace) {
  const result = new Map()
  const seen = new Set()
  const visit = ({ dir, manifest }) => {
    if (seen.has(manifest.name)) return
    seen.add(manifest.name)
    for (const [name, spec] of Object.entries(manifest.dependencies ?? {})) {
      if (spec.startsWith('workspace:')) {
        const dependency = workspace.get(name)
        if (!dependency) throw new Error(`${manifest.name}: no workspace package ${name}`)
        visit(dependency)
        continue
      }
      const { version } = readJson(manifestPath(name, dir))
      const known = result.get(name)
      if (known && known !== version) {
        throw new Error(`${name}: two versions in the workspace (${known}, ${version})`)
      }
      result.set(name, version)
    }
  }
  visit(app)
  return result
}

/** The `../dist/<file>` modules a bin imports, statically or with `import()`. */
function distImports(binFile) {
  const source = readFileSync(binFile, 'utf8')
  const files = [...source.matchAll(/['"]\.\.\/dist\/([^'"]+\.js)['"]/g)].map((m) => m[1])
  if (files.length === 0) throw new Error(`${binFile} imports nothing from ../dist`)
  return [...new Set(files)]
}

/** The root LICENSE (MIT), copied into every app tarball. */
const license = join(root, 'LICENSE')

function run(command, args, cwd) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config|package|lifecycle)_/i.test(key)),
  )
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' })
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed:\n${result.stdout}${result.stderr}`,
    )
  }
  return result.stdout
}

/** pnpm: the one running this script if any, else the one on PATH, else the pinned one via npm exec. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath
  if (execPath && /pnpm/.test(execPath) && existsSync(execPath)) {
    return [process.execPath, [execPath]]
  }
  const { packageManager } = readJson(join(root, 'package.json'))
  const version = packageManager.replace(/^pnpm@/, '')
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim() === version) return ['pnpm', []]
  return ['npm', ['exec', '--yes', `--package=pnpm@${version}`, '--', 'pnpm']]
}

/** The file name `npm pack` / `pnpm pack` give a package's tarball. */
export function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`
}

/**
 * Small pure-JavaScript packages (no files read at run time, no native code) that are inlined into
 * the bundle rather than installed: the tarball's registry dependencies stay undici alone.
 */
const inlined = new Set(['ini', 'fast-xml-parser'])

async function packApp(app, workspace, out, stageRoot) {
  const { dir, manifest } = app
  const stage = join(stageRoot, manifest.name)
  rmSync(stage, { recursive: true, force: true })
  mkdirSync(join(stage, 'dist'), { recursive: true })

  const dependencies = new Map(
    [...thirdPartyDependencies(app, workspace)].filter(([name]) => !inlined.has(name)),
  )
  const external = [...dependencies.keys()].flatMap((name) => [name, `${name}/*`])
  const bins = Object.values(manifest.bin ?? {})
  if (bins.length === 0) throw new Error(`${manifest.name} has no bin`)
  const entries = new Set()
  for (const bin of bins) {
    const binFile = join(dir, bin)
    for (const file of distImports(binFile)) {
      const entry = join(dir, 'dist', file)
      if (!existsSync(entry)) {
        throw new Error(
          `${manifest.name} is not built (${relative(root, entry)}): run npm run setup`,
        )
      }
      entries.add(entry)
    }
    mkdirSync(dirname(join(stage, bin)), { recursive: true })
    copyFileSync(binFile, join(stage, bin))
  }

  // Each entry at the path the bin imports, so that the bin runs unchanged. Code split: what the
  // CLI loads with `import()` only when it needs it (the commands, the HTTP stack) stays out of the
  // file that `--version` and `--help` load. Chunks sit in dist/ beside the entries, so that
  // `import.meta.url`-relative reads (`../package.json`) find the staged package.json from any file.
  const result = await build({
    entryPoints: [...entries],
    outdir: join(stage, 'dist'),
    outbase: join(dir, 'dist'),
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: `node${manifest.engines.node.replace(/^>=/, '')}`,
    external,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'inline',
  })
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const left = output.imports.filter((i) => i.external && !i.path.startsWith('node:'))
    for (const i of left) {
      if (!dependencies.has(i.path.split('/')[0])) {
        throw new Error(`${file} still imports ${i.path}, which is no dependency of the tarball`)
      }
    }
  }

  const packed = {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    license: manifest.license,
    type: manifest.type,
    engines: manifest.engines,
    bin: manifest.bin,
    files: [...new Set(bins.map((bin) => bin.replace(/^\.\//, '').split('/')[0])), 'dist'],
    dependencies: Object.fromEntries([...dependencies].sort()),
  }
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(packed, null, 2)}\n`)
  if (existsSync(join(dir, 'README.md')))
    copyFileSync(join(dir, 'README.md'), join(stage, 'README.md'))
  cpSync(license, join(stage, 'LICENSE'))

  run('npm', ['pack', '--pack-destination', out, '--silent'], stage)
  return join(out, tarballName(manifest.name, manifest.version))
}

function packLibrary({ dir, manifest }, out) {
  const [command, prefix] = pnpmCommand()
  mkdirSync(out, { recursive: true })
  run(command, [...prefix, 'pack', '--pack-destination', out], dir)
  return join(out, tarballName(manifest.name, manifest.version))
}

/**
 * Builds every artifact into `out` (emptied first): the apps' tarballs in it, the libraries' in
 * `out/packages`. Returns { libraries, apps }: package name → tarball path.
 * @param {{ out?: string }} [options]
 * @returns {Promise<{ libraries: Record<string, string>, apps: Record<string, string> }>}
 */
export async function packArtifacts({ out = join(root, 'artifacts') } = {}) {
  if (!existsSync(license)) throw new Error(`no ${license}`)
  const workspace = workspacePackages()
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const stageRoot = join(out, '.stage')
  /** @type {Record<string, string>} */
  const libraries = {}
  /** @type {Record<string, string>} */
  const apps = {}
  for (const entry of workspace.values()) {
    const group = relative(root, entry.dir).split('/')[0]
    if (group === 'packages' && !entry.manifest.private) {
      libraries[entry.manifest.name] = packLibrary(entry, join(out, 'packages'))
    } else if (group === 'apps' && entry.manifest.bin) {
      apps[entry.manifest.name] = await packApp(entry, workspace, out, stageRoot)
    }
  }
  rmSync(stageRoot, { recursive: true, force: true })
  for (const file of [...Object.values(libraries), ...Object.values(apps)]) {
    if (!existsSync(file)) throw new Error(`expected ${file}`)
  }
  return { libraries, apps }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out')
  const out = outFlag === -1 ? undefined : resolve(process.argv[outFlag + 1])
  const { libraries, apps } = await packArtifacts({ out })
  for (const file of [...Object.values(libraries), ...Object.values(apps)]) {
    const inRoot = relative(root, file)
    console.log(inRoot.startsWith('..') ? file : inRoot)
  }
}
