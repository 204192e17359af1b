// A table of requests an attacker would send to a server built on @jss/signer, with what each
// must get. Run by this package's suite against an in-process jss-local and by
// tooling/reliability against the built binary: every case asserts the status and that nothing
// outside the signed resource was read, written or deleted.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join, relative } from 'node:path'
import { presignUrl, signRequest } from '@jss/signer'

/** A running server to attack: its endpoint, credentials and data directory. */
export interface HostileTarget {
  readonly endpoint: string
  readonly credentials: { readonly accessKey: string; readonly secretKey: string }
  readonly data: string
}

/** What the attacker holds: a signature made for one resource. */
type Grant =
  | { readonly kind: 'none' }
  | { readonly kind: 'presign'; readonly method: string; readonly path: string }
  | { readonly kind: 'header'; readonly method: string; readonly path: string }

/** One hostile request. */
export interface HostileCase {
  readonly name: string
  readonly grant: Grant
  readonly method: string
  /** The request target as sent; `{sig}` is replaced by the presign query. */
  readonly target: string
  /** The Host header; `{host}` is the endpoint's host:port; `null` sends none. */
  readonly host: string | null
  readonly body?: string
  /** The status it must get. */
  readonly status: number
  /** The object it may read (a control case), or none. */
  readonly reads?: string
}

/** The objects the server holds before each case: what must never leak or change. */
export const SEEDED: Readonly<Record<string, string>> = {
  'bucket/public.txt': 'PUBLIC-DATA',
  'bucket/secret.txt': 'SECRET-DATA',
  'other-bucket/secret.txt': 'OTHER-SECRET-DATA',
}

const getPublic: Grant = { kind: 'presign', method: 'GET', path: '/bucket/public.txt' }
const putPublic: Grant = { kind: 'presign', method: 'PUT', path: '/bucket/public.txt' }
const listService: Grant = { kind: 'header', method: 'GET', path: '/' }
const putNew: Grant = { kind: 'header', method: 'PUT', path: '/bucket/new.txt' }
const headPublic: Grant = { kind: 'header', method: 'HEAD', path: '/bucket/public.txt' }
const deletePublic: Grant = { kind: 'header', method: 'DELETE', path: '/bucket/public.txt' }
const none: Grant = { kind: 'none' }

const badHosts = [
  'x/bucket/public.txt?',
  'x/bucket/public.txt#',
  'x#',
  'x?',
  'user@{host}',
  'x\\bucket\\public.txt',
  'x y',
  '{host}/',
  '127.0.0.1:99999',
  '{host},evil',
]

const dotTargets = [
  '/bucket/q/../new.txt',
  '/bucket/q/%2e%2e/new.txt',
  '/bucket/q/%2E%2e/new.txt',
  '/bucket/q/.%2E/new.txt',
  '/bucket/./new.txt',
  '/bucket/%2e/new.txt',
  '/other-bucket/../bucket/new.txt',
  '/bucket/q%2F..%2Fnew.txt',
  '/bucket/q/..',
  '/bucket/new.txt%3Facl',
]

/** The table: at least 30 cases. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  ...badHosts.map(
    (host): HostileCase => ({
      name: `presigned GET public.txt, Host ${JSON.stringify(host)}, path secret.txt`,
      grant: getPublic,
      method: 'GET',
      target: '/bucket/secret.txt?{sig}',
      host,
      status: 400,
    }),
  ),
  {
    name: 'presigned PUT public.txt, Host "x/bucket/public.txt?", overwrite secret.txt',
    grant: putPublic,
    method: 'PUT',
    target: '/bucket/secret.txt?{sig}',
    host: 'x/bucket/public.txt?',
    body: 'OVERWRITTEN',
    status: 400,
  },
  {
    name: 'header signature of GET /, Host "x#", path secret.txt',
    grant: listService,
    method: 'GET',
    target: '/bucket/secret.txt',
    host: 'x#',
    status: 400,
  },
  {
    name: 'header signature of GET /, good Host, path secret.txt',
    grant: listService,
    method: 'GET',
    target: '/bucket/secret.txt',
    host: '{host}',
    status: 403,
  },
  {
    name: 'no Host header at all',
    grant: getPublic,
    method: 'GET',
    target: '/bucket/public.txt?{sig}',
    host: null,
    status: 400,
  },
  ...dotTargets.map(
    (target): HostileCase => ({
      name: `header signature of PUT new.txt, sent to ${target}`,
      grant: putNew,
      method: 'PUT',
      target,
      host: '{host}',
      body: 'PLANTED',
      status: 400,
    }),
  ),
  ...['/bucket/q%5C..%5Cnew.txt', '/bucket//new.txt', '/bucket/new.txt/', '/bucket/NEW.txt'].map(
    (target): HostileCase => ({
      name: `header signature of PUT new.txt, sent to ${target} (another key)`,
      grant: putNew,
      method: 'PUT',
      target,
      host: '{host}',
      body: 'PLANTED',
      status: 403,
    }),
  ),
  {
    name: 'raw backslashes in the path',
    grant: putNew,
    method: 'PUT',
    target: '/bucket/q\\..\\new.txt',
    host: '{host}',
    body: 'PLANTED',
    status: 400,
  },
  {
    name: 'path-style with an empty bucket segment',
    grant: putNew,
    method: 'PUT',
    target: '//bucket/new.txt',
    host: '{host}',
    body: 'PLANTED',
    status: 400,
  },
  {
    name: 'virtual-host other-bucket, path /bucket/secret.txt, presigned for bucket/public.txt',
    grant: getPublic,
    method: 'GET',
    target: '/bucket/secret.txt?{sig}',
    host: 'other-bucket.localhost',
    status: 403,
  },
  {
    name: 'virtual-host bucket, path /secret.txt, presigned for public.txt',
    grant: getPublic,
    method: 'GET',
    target: '/secret.txt?{sig}',
    host: 'bucket.localhost',
    status: 403,
  },
  {
    name: 'virtual-host other-bucket, path /secret.txt, presigned for bucket/public.txt',
    grant: getPublic,
    method: 'GET',
    target: '/secret.txt?{sig}',
    host: 'other-bucket.localhost',
    status: 403,
  },
  {
    name: 'control: virtual-host bucket, path /public.txt, presigned for it',
    grant: getPublic,
    method: 'GET',
    target: '/public.txt?{sig}',
    host: 'bucket.localhost',
    status: 200,
    reads: 'bucket/public.txt',
  },
  {
    name: 'control: path-style, presigned for it',
    grant: getPublic,
    method: 'GET',
    target: '/bucket/public.txt?{sig}',
    host: '{host}',
    status: 200,
    reads: 'bucket/public.txt',
  },
  {
    name: 'presigned GET used to DELETE',
    grant: getPublic,
    method: 'DELETE',
    target: '/bucket/public.txt?{sig}',
    host: '{host}',
    status: 403,
  },
  {
    name: 'presigned GET used to PUT',
    grant: getPublic,
    method: 'PUT',
    target: '/bucket/public.txt?{sig}',
    host: '{host}',
    body: 'OVERWRITTEN',
    status: 403,
  },
  {
    name: 'presigned PUT public.txt used for secret.txt',
    grant: putPublic,
    method: 'PUT',
    target: '/bucket/secret.txt?{sig}',
    host: '{host}',
    body: 'OVERWRITTEN',
    status: 403,
  },
  {
    name: 'presigned GET with an added signed sub-resource (uploadId)',
    grant: getPublic,
    method: 'GET',
    target: '/bucket/public.txt?{sig}&uploadId=x',
    host: '{host}',
    status: 403,
  },
  {
    name: 'presigned GET with a repeated sub-resource',
    grant: getPublic,
    method: 'GET',
    target: '/bucket/public.txt?{sig}&acl&acl',
    host: '{host}',
    status: 400,
  },
  {
    name: 'a NUL in a sub-resource value',
    grant: none,
    method: 'DELETE',
    target: '/bucket/secret.txt?uploadId=%00',
    host: '{host}',
    status: 400,
  },
  {
    name: 'a newline in a sub-resource value',
    grant: none,
    method: 'GET',
    target: '/bucket/secret.txt?partNumber=1%0A&uploadId=u',
    host: '{host}',
    status: 400,
  },
  {
    name: 'header signature of HEAD public.txt used for GET secret.txt',
    grant: headPublic,
    method: 'GET',
    target: '/bucket/secret.txt',
    host: '{host}',
    status: 403,
  },
  {
    name: 'header signature of DELETE public.txt used for secret.txt',
    grant: deletePublic,
    method: 'DELETE',
    target: '/bucket/secret.txt',
    host: '{host}',
    status: 403,
  },
  {
    name: 'header signature of DELETE public.txt used on other-bucket',
    grant: deletePublic,
    method: 'DELETE',
    target: '/other-bucket/public.txt',
    host: '{host}',
    status: 403,
  },
  {
    name: 'header signature of DELETE public.txt used to delete its bucket',
    grant: deletePublic,
    method: 'DELETE',
    target: '/bucket',
    host: '{host}',
    status: 403,
  },
  {
    name: 'header signature of the bucket listing (GET /) used to delete a bucket',
    grant: listService,
    method: 'DELETE',
    target: '/other-bucket',
    host: '{host}',
    status: 403,
  },
  {
    name: 'presigned GET used to delete the bucket',
    grant: getPublic,
    method: 'DELETE',
    target: '/bucket?{sig}',
    host: '{host}',
    status: 403,
  },
  {
    name: 'unsigned DELETE of a bucket',
    grant: none,
    method: 'DELETE',
    target: '/other-bucket',
    host: '{host}',
    status: 403,
  },
  {
    name: 'header signature of DELETE public.txt, lower-case method (not HTTP)',
    grant: deletePublic,
    method: 'delete',
    target: '/bucket/public.txt',
    host: '{host}',
    status: 400,
  },
  {
    name: 'unsigned PUT over secret.txt',
    grant: none,
    method: 'PUT',
    target: '/bucket/secret.txt',
    host: '{host}',
    body: 'OVERWRITTEN',
    status: 403,
  },
  {
    name: 'a fragment in the request target',
    grant: getPublic,
    method: 'GET',
    target: '/bucket/secret.txt#/bucket/public.txt?{sig}',
    host: '{host}',
    status: 400,
  },
]

/** A raw answer: the status and the body. */
export interface RawAnswer {
  readonly status: number
  readonly head: string
  readonly body: string
}

/** Sends `bytes` on a fresh connection and reads until the server closes it. */
export function exchange(endpoint: string, bytes: string | Buffer): Promise<RawAnswer> {
  const url = new URL(endpoint)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) })
    const chunks: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(new Error('no answer within 10 s')), 10_000)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      // A reset after the answer: what was read still counts.
      if (chunks.length > 0) finish()
      else reject(error)
    })
    const finish = (): void => {
      clearTimeout(timer)
      const text = Buffer.concat(chunks).toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      const head = end < 0 ? text : text.slice(0, end)
      resolve({
        status: Number(head.split(' ')[1]),
        head,
        body: end < 0 ? '' : text.slice(end + 4),
      })
    }
    socket.on('end', finish)
    socket.write(bytes)
  })
}

async function grantHeaders(
  target: HostileTarget,
  grant: Grant,
): Promise<{ headers: Record<string, string>; query: string }> {
  if (grant.kind === 'none') return { headers: {}, query: '' }
  const url = `${target.endpoint}${grant.path}`
  if (grant.kind === 'header') {
    const headers = await signRequest({ method: grant.method, url }, target.credentials)
    return { headers, query: '' }
  }
  const signed = await presignUrl(
    { method: grant.method, url, expires: Math.floor(Date.now() / 1000) + 600 },
    target.credentials,
  )
  return { headers: {}, query: signed.slice(signed.indexOf('?') + 1) }
}

/** Sends one case and returns the answer. */
export async function sendHostile(target: HostileTarget, c: HostileCase): Promise<RawAnswer> {
  const { headers, query } = await grantHeaders(target, c.grant)
  const hostPort = new URL(target.endpoint).host
  const lines = [`${c.method} ${c.target.replace('{sig}', query)} HTTP/1.1`]
  if (c.host !== null) lines.push(`Host: ${c.host.replace('{host}', hostPort)}`)
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  if (c.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(c.body)}`)
  lines.push('Connection: close')
  return exchange(target.endpoint, `${lines.join('\r\n')}\r\n\r\n${c.body ?? ''}`)
}

/** Every file under the data directory with its MD5: what a case must leave as it was. */
export async function snapshot(data: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else {
        const md5 = createHash('md5')
          .update(await readFile(path))
          .digest('hex')
        out.push(`${relative(data, path)} ${md5}`)
      }
    }
  }
  await walk(data)
  return out.sort()
}

/** Stores the seeded objects (signed PUTs). */
export async function seed(target: HostileTarget): Promise<void> {
  const hostPort = new URL(target.endpoint).host
  for (const [path, body] of Object.entries(SEEDED)) {
    const url = `${target.endpoint}/${path}`
    const headers = await signRequest({ method: 'PUT', url }, target.credentials)
    const lines = [`PUT /${path} HTTP/1.1`, `Host: ${hostPort}`]
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
    lines.push(`Content-Length: ${body.length}`, 'Connection: close')
    const answer = await exchange(target.endpoint, `${lines.join('\r\n')}\r\n\r\n${body}`)
    if (answer.status !== 200) throw new Error(`seeding ${path}: ${answer.head}`)
  }
}
