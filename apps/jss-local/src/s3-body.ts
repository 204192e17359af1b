import { createHash, type Hash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { type Readable, Transform } from 'node:stream'
import { crc32 } from 'node:zlib'
import { STREAMING_UNSIGNED_PAYLOAD_TRAILER, UNSIGNED_PAYLOAD } from '@jss/signer'
import { AwsChunkedDecoder } from './aws-chunked-decoder.js'
import { serviceError } from './errors.js'
import type { HandlerContext } from './handler-context.js'
import { requireContentLength } from './request-headers.js'

/** A body to receive, its expected length, and the checks to run once it is received. */
export interface UploadBody {
  /**
   * Starts reading: the bytes to store, the request itself or it decoded and hashed on the way.
   * Called only once the request is to be read (an error answered before leaves the body unread).
   */
  readonly open: () => Readable
  /** The number of bytes the body must yield. */
  readonly length: number
  /** Throws the S3 error when the bytes received are not what the request promised. */
  readonly verify: () => void
}

/** One checksum of the body to compute on the way, and what it must be (base64). */
interface Check {
  readonly name: string
  readonly update: (chunk: Buffer) => void
  readonly digest: () => string
  /** The value expected: known at once (a header), or only at the end (a trailer). */
  readonly expected: () => string | undefined
  readonly code: string
  readonly message: string
}

function one(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : value?.trim()
}

function hashCheck(
  algorithm: 'sha1' | 'sha256',
  encoding: 'hex' | 'base64',
  expected: () => string | undefined,
  name: string,
  code: string,
  message: string,
): Check {
  const hash: Hash = createHash(algorithm)
  return {
    name,
    update: (chunk) => hash.update(chunk),
    digest: () => hash.digest(encoding),
    expected,
    code,
    message,
  }
}

function crc32Check(expected: () => string | undefined, name: string): Check {
  let value = 0
  return {
    name,
    update: (chunk) => {
      value = crc32(chunk, value)
    },
    digest: () => {
      const bytes = Buffer.alloc(4)
      bytes.writeUInt32BE(value >>> 0)
      return bytes.toString('base64')
    },
    expected,
    code: 'BadDigest',
    message: `The ${name} you specified did not match the calculated checksum.`,
  }
}

/** The flexible checksums jss-local can verify, by name; the others are refused (501). */
const CHECKSUMS = ['x-amz-checksum-crc32', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256']
const UNSUPPORTED_CHECKSUMS = ['x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme']

function notImplemented(message: string): Error {
  return serviceError(501, 'NotImplemented', message)
}

/** The check of one flexible checksum, its value given by `expected`. */
function checksumCheck(name: string, expected: () => string | undefined): Check {
  if (UNSUPPORTED_CHECKSUMS.includes(name)) {
    throw notImplemented(
      `${name} is not supported by jss-local; use CRC32, SHA1 or SHA256 (or no checksum).`,
    )
  }
  const message = `The ${name} you specified did not match the calculated checksum.`
  if (name === 'x-amz-checksum-crc32') return crc32Check(expected, name)
  const algorithm = name === 'x-amz-checksum-sha1' ? 'sha1' : 'sha256'
  return hashCheck(algorithm, 'base64', expected, name, 'BadDigest', message)
}

/** The checksum headers of the request (each verified against the body). */
function headerChecks(req: IncomingMessage): Check[] {
  const checks: Check[] = []
  for (const name of Object.keys(req.headers)) {
    if (!name.startsWith('x-amz-checksum-') || name === 'x-amz-checksum-algorithm') continue
    if (name === 'x-amz-checksum-type' || name === 'x-amz-checksum-mode') continue
    if (!CHECKSUMS.includes(name) && !UNSUPPORTED_CHECKSUMS.includes(name)) {
      throw serviceError(400, 'InvalidRequest', `Unknown checksum header ${name}.`)
    }
    const value = one(req, name)
    checks.push(checksumCheck(name, () => value))
  }
  return checks
}

/** The declared decoded length of an aws-chunked body (`x-amz-decoded-content-length`). */
function decodedLength(req: IncomingMessage): number {
  const text = one(req, 'x-amz-decoded-content-length')
  if (text === undefined || !/^\d{1,15}$/.test(text)) {
    throw serviceError(
      400,
      'MissingContentLength',
      'An aws-chunked body needs x-amz-decoded-content-length.',
    )
  }
  return Number(text)
}

/** The checks of the trailer an aws-chunked body announces (`x-amz-trailer`). */
function trailerChecks(req: IncomingMessage, decoder: AwsChunkedDecoder): Check[] {
  const announced = (one(req, 'x-amz-trailer') ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '')
  return announced.map((name) => {
    if (!CHECKSUMS.includes(name) && !UNSUPPORTED_CHECKSUMS.includes(name)) {
      throw serviceError(400, 'InvalidRequest', `Unsupported trailer ${name}.`)
    }
    return checksumCheck(name, () => decoder.trailers.get(name) ?? '')
  })
}

/** Pipes `req` into `through`, destroying `through` when `req` fails or closes before its end. */
function pipeFrom(req: IncomingMessage, through: Transform): Transform {
  const onClose = (): void => {
    if (!req.readableEnded) through.destroy(new Error('the body was closed before its end'))
  }
  req.once('error', (error) => through.destroy(error))
  req.once('close', onClose)
  req.pipe(through)
  return through
}

/** A stream that feeds every chunk to `checks` on its way through. */
function checking(checks: readonly Check[]): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      for (const check of checks) check.update(chunk)
      callback(null, chunk)
    },
  })
}

/**
 * The body of a PUT object or UploadPart in the request's dialect. JSS: the request, of its
 * Content-Length. S3: the payload hash signed is checked (a hex SHA-256 must be the body's, else
 * 400 XAmzContentSHA256Mismatch; `UNSIGNED-PAYLOAD` is taken as is), and so are the flexible
 * checksum headers (`x-amz-checksum-crc32|sha1|sha256`, else 400 BadDigest); an
 * `aws-chunked` body with `STREAMING-UNSIGNED-PAYLOAD-TRAILER` is decoded and its trailing checksum
 * checked; signed chunks (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`…) are 501 NotImplemented.
 */
export function openUploadBody(context: HandlerContext): UploadBody {
  const { req, payloadHash } = context
  if (context.dialect === 'jss' || payloadHash === undefined) {
    return { open: () => req, length: requireContentLength(req), verify: () => undefined }
  }
  if (payloadHash === STREAMING_UNSIGNED_PAYLOAD_TRAILER) {
    const length = decodedLength(req)
    const decoder = new AwsChunkedDecoder(length)
    const checks = [...headerChecks(req), ...trailerChecks(req, decoder)]
    const open = (): Readable => {
      const decoded = pipeFrom(req, decoder)
      if (checks.length === 0) return decoded
      const body = decoded.pipe(checking(checks))
      decoded.once('error', (error) => body.destroy(error))
      return body
    }
    return { open, length, verify: () => runChecks(checks) }
  }
  if (payloadHash.startsWith('STREAMING-')) {
    throw notImplemented(
      `x-amz-content-sha256: ${payloadHash} (signed aws-chunked bodies) is not supported by jss-local; sign the payload, send UNSIGNED-PAYLOAD or STREAMING-UNSIGNED-PAYLOAD-TRAILER.`,
    )
  }
  const length = requireContentLength(req)
  const checks = headerChecks(req)
  if (payloadHash !== UNSIGNED_PAYLOAD) {
    checks.unshift(
      hashCheck(
        'sha256',
        'hex',
        () => payloadHash,
        'x-amz-content-sha256',
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      ),
    )
  }
  if (checks.length === 0) return { open: () => req, length, verify: () => undefined }
  return { open: () => pipeFrom(req, checking(checks)), length, verify: () => runChecks(checks) }
}

/** Throws the error of the first check whose digest is not the expected value. */
function runChecks(checks: readonly Check[]): void {
  for (const check of checks) {
    const expected = check.expected()
    if (check.digest() !== expected) throw serviceError(400, check.code, check.message)
  }
}

/**
 * Checks a body read whole (a Complete or CreateBucket body) against the payload hash an S3
 * request signed: 400 XAmzContentSHA256Mismatch when it is a hex SHA-256 the body does not have.
 */
export function checkPayloadHash(context: HandlerContext, body: Buffer | string): void {
  const { payloadHash } = context
  if (context.dialect !== 's3' || payloadHash === undefined) return
  if (payloadHash.startsWith('STREAMING-')) {
    throw notImplemented(
      `x-amz-content-sha256: ${payloadHash} (an aws-chunked body) is supported by jss-local for PutObject and UploadPart only.`,
    )
  }
  if (!/^[0-9a-f]{64}$/.test(payloadHash)) return
  if (createHash('sha256').update(body).digest('hex') !== payloadHash) {
    throw serviceError(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    )
  }
}
