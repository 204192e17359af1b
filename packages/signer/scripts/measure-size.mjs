// `pnpm size`: the size of the built dist/ as users pay for it. Bundles and minifies with the
// rolldown that the workspace already has (no dependency of this package); without it, reports
// the raw and gzip sizes of dist/*.js.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(packageDir, 'dist')
if (!existsSync(join(dist, 'index.js'))) {
  console.error('size: dist/index.js is missing; run `pnpm build` first.')
  process.exit(1)
}
const gzip = (code) => gzipSync(code, { level: 9 }).length

function findRolldown() {
  const store = join(packageDir, '..', '..', 'node_modules', '.pnpm')
  if (!existsSync(store)) return undefined
  const dir = readdirSync(store).find((name) => /^rolldown@\d/.test(name))
  const entry = dir && join(store, dir, 'node_modules', 'rolldown', 'dist', 'index.mjs')
  return entry && existsSync(entry) ? { entry, version: dir.slice('rolldown@'.length) } : undefined
}

const files = readdirSync(dist, { recursive: true }).filter((name) => name.endsWith('.js'))
const raw = files.map((name) => readFileSync(join(dist, name)))
console.log(
  `dist/*.js: ${files.length} files, ${raw.reduce((n, b) => n + b.length, 0)} B raw, ` +
    `${raw.reduce((n, b) => n + gzip(b), 0)} B gzip (file by file)`,
)
const found = findRolldown()
if (!found) {
  console.log('rolldown not found in the workspace: no minified size')
  process.exit(0)
}
const { rolldown } = await import(pathToFileURL(found.entry).href)
const index = pathToFileURL(join(dist, 'index.js')).href
const entries = {
  everything: `export * from ${JSON.stringify(index)}`,
  'signRequest + presignUrl': `export { signRequest, presignUrl } from ${JSON.stringify(index)}`,
  verifyRequest: `export { verifyRequest } from ${JSON.stringify(index)}`,
  'signRequestSigV4 + presignUrlSigV4': `export { signRequestSigV4, presignUrlSigV4 } from ${JSON.stringify(index)}`,
  verifyRequestSigV4: `export { verifyRequestSigV4 } from ${JSON.stringify(index)}`,
}
console.log(`rolldown ${found.version}, tree-shaken ESM, minified, gzip -9:`)
for (const [name, source] of Object.entries(entries)) {
  const virtual = {
    name: 'entry',
    resolveId: (id) => (id === 'entry' ? id : null),
    load: (id) => (id === 'entry' ? source : null),
  }
  const bundle = await rolldown({ input: 'entry', plugins: [virtual], treeshake: true })
  const { output } = await bundle.generate({ format: 'esm', minify: true })
  await bundle.close()
  console.log(`  ${name}: ${output[0].code.length} B min, ${gzip(output[0].code)} B min+gzip`)
}
