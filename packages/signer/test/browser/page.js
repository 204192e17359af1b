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

async function main() {
  const vectors = (await (await fetch('/vectors.json')).json()).signatures
  const lines = []
  for (const v of vectors) lines.push(await check(v))
  const failed = lines.some((line) => line.startsWith('FAIL')) || vectors.length < 4
  return `JSS-SIGNER-BROWSER: ${failed ? 'FAIL' : 'PASS'} ${vectors.length} vectors in ${navigator.userAgent}\n${lines.join('\n')}`
}

main()
  .catch((error) => `JSS-SIGNER-BROWSER: FAIL ${error?.stack ?? error}`)
  .then((text) => {
    document.getElementById('result').textContent = text
  })
