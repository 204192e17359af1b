// `pnpm test:browser`: serves a page that imports the built dist/ and runs every vector in real
// headless Chromium (Debian's `chromium` package), then, against a jss-local started with
// `--cors <the page's origin>`, a presigned PUT and a presigned GET from the page (CORS). It passes
// or fails, never skips.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const packageDir = join(here, '..', '..')
const distDir = join(packageDir, 'dist')
const vectorsPath = join(packageDir, '..', '..', 'spec', 'vectors.json')
const s3ExamplesPath = join(here, '..', 'vectors', 'sigv4', 's3-examples.json')
const chromium = process.env.JSS_CHROMIUM_PATH || '/usr/bin/chromium'
const jssLocalBin = join(packageDir, '..', '..', 'apps', 'jss-local', 'bin', 'jss-local.js')
const jssLocalDist = join(packageDir, '..', '..', 'apps', 'jss-local', 'dist', 'main.js')

if (!existsSync(chromium)) {
  console.error(
    `test:browser: no Chromium at ${chromium}. Install Debian's package as root: ` +
      '`apt-get update && apt-get install -y chromium` (or set JSS_CHROMIUM_PATH).',
  )
  process.exit(1)
}
if (!existsSync(join(distDir, 'index.js'))) {
  console.error('test:browser: dist/index.js is missing; run `pnpm build` first.')
  process.exit(1)
}
if (!existsSync(jssLocalDist)) {
  console.error(
    'test:browser: apps/jss-local/dist is missing; build it first (`pnpm turbo run build --filter jss-local`).',
  )
  process.exit(1)
}
const { presignUrl } = await import(join(distDir, 'index.js'))

const html = `<!doctype html><meta charset="utf-8"><title>@jss/signer</title>
<pre id="result">JSS-SIGNER-BROWSER: FAIL the page script did not finish</pre>
<script type="module" src="/page.js"></script>`

/** What the page's CORS check needs (`/jss.json`): presigned URLs and the expected object. */
let jssCheck

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  let body
  let type = 'text/javascript; charset=utf-8'
  if (path === '/') [body, type] = [html, 'text/html; charset=utf-8']
  else if (path === '/jss.json') [body, type] = [JSON.stringify(jssCheck), 'application/json']
  else if (path === '/page.js') body = readFileSync(join(here, 'page.js'))
  else if (path === '/vectors.json') [body, type] = [readFileSync(vectorsPath), 'application/json']
  else if (path === '/s3-examples.json') {
    ;[body, type] = [readFileSync(s3ExamplesPath), 'application/json']
  } else if (path.startsWith('/dist/') && path.endsWith('.js')) {
    const file = normalize(join(distDir, path.slice('/dist/'.length)))
    if (file.startsWith(distDir + sep) && existsSync(file)) body = readFileSync(file)
  }
  if (body === undefined) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address()
const pageOrigin = `http://127.0.0.1:${port}`

// jss-local on another port (another origin), allowing the page's origin only.
const jssLocal = spawn(
  process.execPath,
  [jssLocalBin, '--json', '--bucket', 'browser', '--cors', pageOrigin],
  { stdio: ['ignore', 'pipe', 'pipe'] },
)
let jssStderr = ''
jssLocal.stderr.setEncoding('utf8').on('data', (chunk) => {
  jssStderr += chunk
})
const jssExited = new Promise((resolve) => jssLocal.once('exit', resolve))
const jss = await new Promise((resolve) => {
  let out = ''
  jssLocal.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk
    if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))))
  })
  void jssExited.then(() => resolve(undefined))
})
if (jss === undefined) {
  console.error(`test:browser: jss-local did not start: ${jssStderr}`)
  server.close()
  process.exit(1)
}
/** The object the page uploads: every byte value, then some more, 1000 bytes. */
const objectBytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) % 256))
const credentials = { accessKey: jss.accessKey, secretKey: jss.secretKey }
const objectUrl = `${jss.endpoint}/browser/from-page.bin`
const expires = new Date(Date.now() + 10 * 60_000)
jssCheck = {
  origin: pageOrigin,
  // A fetch body that is a Uint8Array has no Content-Type: none is signed.
  put: await presignUrl({ method: 'PUT', url: objectUrl, expires }, credentials),
  get: await presignUrl({ method: 'GET', url: objectUrl, expires }, credentials),
  size: objectBytes.length,
  md5: createHash('md5').update(objectBytes).digest('hex'),
}

const profile = mkdtempSync(join(tmpdir(), 'jss-signer-chromium-'))

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--user-data-dir=${profile}`,
  '--virtual-time-budget=5000',
  '--dump-dom',
  `http://127.0.0.1:${port}/`,
]
let dom = ''
let stderr = ''
const code = await new Promise((resolve) => {
  const child = spawn(chromium, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
  child.stdout.on('data', (chunk) => {
    dom += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  child.on('error', (error) => {
    stderr += String(error)
    resolve(1)
  })
  child.on('close', (status) => {
    clearTimeout(timer)
    resolve(status ?? 1)
  })
})
server.close()
rmSync(profile, { recursive: true, force: true })
jssLocal.kill('SIGTERM')
await jssExited

const match = /JSS-SIGNER-BROWSER: [^<]*/.exec(dom)
const text = match
  ? match[0].replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>')
  : ''
if (code === 0 && text.startsWith('JSS-SIGNER-BROWSER: PASS')) {
  console.log(text)
  process.exit(0)
}
console.error(`test:browser failed (chromium exit ${code})`)
console.error(text || dom.slice(0, 2000))
if (!text) console.error(stderr.slice(-2000))
process.exit(1)
