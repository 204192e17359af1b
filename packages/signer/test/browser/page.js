// Runs in the browser: imports the built package and checks every vector, writing PASS or FAIL.
import * as signer from '/dist/index.js'

/** What a server routes: the origin-form target of the URL, path-style. */
function routed(method, headers, url) {
  const { pathname, search } = new URL(url)
  return { method, headers, resource: signer.parseRequestTarget(pathname + search) }
}

async function check(v) {
  const { bucket, key, headers = {}, expires } = v.request
  const path =
    bucket === undefined ? '/' : key ? `/${bucket}/${signer.encodeKey(key)}` : `/${bucket}`
  const request = { method: v.request.method, url: `https://s.jcloud.com${path}`, headers }
  const credentials = { accessKey: v.accessKey, secretKey: v.secretKey }
  const lookupSecret = (ak) => (ak === v.accessKey ? v.secretKey : undefined)
  const problems = []
  const toSign = signer.stringToSign(request, expires === undefined ? {} : { expires })
  if (toSign !== v.stringToSign) problems.push(`stringToSign ${JSON.stringify(toSign)}`)
  const signature = await signer.signString(v.secretKey, toSign)
  if (signature !== v.signature) problems.push(`signature ${signature}`)
  if (expires === undefined) {
    const sent = await signer.signRequest(request, credentials)
    const expected = v.authorization ?? `jingdong ${v.accessKey}:${v.signature}`
    if (sent.Authorization !== expected) problems.push(`authorization ${sent.Authorization}`)
    const now = Date.parse(sent.Date)
    const result = await signer.verifyRequest(routed(request.method, sent, request.url), {
      lookupSecret,
      now,
    })
    if (!result.ok) problems.push(`verify ${result.reason}`)
  } else {
    const url = await signer.presignUrl({ ...request, expires }, credentials)
    if (new URL(url).search !== `?${v.query}`) problems.push(`query ${url}`)
    const result = await signer.verifyRequest(routed(request.method, headers, url), {
      lookupSecret,
      now: expires * 1000,
    })
    if (!result.ok) problems.push(`verify ${result.reason}`)
  }
  return problems.length ? `FAIL ${v.name}: ${problems.join('; ')}` : `ok ${v.name}`
}

/**
 * A presigned PUT, then a presigned GET, against jss-local on another origin (CORS): the bytes
 * come back, and the ETag (an exposed header) is readable and is the MD5 of the bytes.
 */
async function checkCors() {
  const jss = await (await fetch('/jss.json')).json()
  const bytes = Uint8Array.from({ length: jss.size }, (_, i) => (i * 31 + 7) % 256)
  const problems = []
  if (new URL(jss.put).origin === location.origin) problems.push('jss-local is on the page origin')
  let put
  let get
  try {
    put = await fetch(jss.put, { method: 'PUT', body: bytes, cache: 'no-store' })
    get = await fetch(jss.get, { cache: 'no-store' })
  } catch (error) {
    return `FAIL cors: fetch failed (CORS refused?): ${error}`
  }
  if (put.status !== 200) problems.push(`PUT status ${put.status}: ${await put.text()}`)
  const putEtag = put.headers.get('ETag')
  if (putEtag?.replaceAll('"', '') !== jss.md5) problems.push(`PUT ETag ${putEtag}`)
  if (get.status !== 200) problems.push(`GET status ${get.status}`)
  const got = new Uint8Array(await get.arrayBuffer())
  if (got.length !== bytes.length || got.some((b, i) => b !== bytes[i])) {
    problems.push(`GET returned ${got.length} other bytes`)
  }
  const getEtag = get.headers.get('ETag')
  if (getEtag !== putEtag) problems.push(`GET ETag ${getEtag}`)
  if (!/^[0-9A-F]{16}$/.test(get.headers.get('x-jss-request-id') ?? '')) {
    problems.push('x-jss-request-id not readable')
  }
  return problems.length
    ? `FAIL cors: ${problems.join('; ')}`
    : `ok cors: presigned PUT and GET of ${bytes.length} bytes from ${location.origin}, ETag ${getEtag}`
}

/** SigV4: every S3 documentation example, signed or presigned, then verified, in the browser. */
async function checkSigV4(s3, v, presign) {
  const options = { region: s3.region, date: new Date(s3.date) }
  const payload = v.body === undefined ? { payloadHash: v.payloadHash } : { body: v.body }
  const out = presign
    ? await signer.presignUrlSigV4(
        { method: v.method, url: v.url, expiresIn: v.expiresIn },
        s3.credentials,
        options,
      )
    : await signer.signRequestSigV4(
        { method: v.method, url: v.url, headers: v.headers },
        s3.credentials,
        { ...options, ...payload },
      )
  const problems = []
  if (out.canonicalRequest !== v.canonicalRequest)
    problems.push(`canonical request ${JSON.stringify(out.canonicalRequest)}`)
  if (out.signature !== v.signature) problems.push(`signature ${out.signature}`)
  if (presign && out.url !== v.presignedUrl) problems.push(`url ${out.url}`)
  const url = new URL(presign ? out.url : v.url)
  const result = await signer.verifyRequestSigV4(
    {
      method: v.method,
      headers: { ...(presign ? {} : out.headers), host: url.host },
      resource: signer.parseRequestTarget(url.pathname + url.search, { bucket: 'examplebucket' }),
      addressing: 'virtual-host',
    },
    {
      lookupSecret: (ak) =>
        ak === s3.credentials.accessKey ? s3.credentials.secretKey : undefined,
      region: s3.region,
      now: new Date(s3.date),
    },
  )
  if (!result.ok) problems.push(`verify ${result.reason}`)
  return problems.length ? `FAIL sigv4 ${v.name}: ${problems.join('; ')}` : `ok sigv4 ${v.name}`
}

async function main() {
  const vectors = (await (await fetch('/vectors.json')).json()).signatures
  const s3 = await (await fetch('/s3-examples.json')).json()
  const lines = []
  for (const v of vectors) lines.push(await check(v))
  for (const v of s3.header) lines.push(await checkSigV4(s3, v, false))
  for (const v of s3.presign) lines.push(await checkSigV4(s3, v, true))
  lines.push(await checkCors())
  const sigv4 = s3.header.length + s3.presign.length
  const failed = lines.some((line) => line.startsWith('FAIL')) || vectors.length < 4 || sigv4 < 5
  return `JSS-SIGNER-BROWSER: ${failed ? 'FAIL' : 'PASS'} ${vectors.length} vectors, ${sigv4} SigV4 examples and CORS in ${navigator.userAgent}\n${lines.join('\n')}`
}

main()
  .catch((error) => `JSS-SIGNER-BROWSER: FAIL ${error?.stack ?? error}`)
  .then((text) => {
    document.getElementById('result').textContent = text
  })
