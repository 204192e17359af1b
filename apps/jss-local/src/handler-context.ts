import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Counters } from './counters.js'
import type { Dialect } from './dialect.js'
import type { DiskStore } from './disk-store.js'
import { serviceError } from './errors.js'
import type { Fault } from './fault-injector.js'
import type { HashPool } from './hash-pool.js'
import type { RequestTarget } from './resolve-target.js'

/** The limits a server enforces. */
export interface Limits {
  readonly minPartSize: number
  readonly maxPartSize: number
  readonly maxParts: number
  /** 400 RequestTimeout when a body stalls this long; 0 never. */
  readonly bodyIdleTimeoutMs: number
}

/** Everything an operation handler needs. */
export interface HandlerContext {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly target: RequestTarget
  readonly store: DiskStore
  /** Worker threads that hash and write bodies, or `undefined` to hash on the main thread. */
  readonly hashPool: HashPool | undefined
  readonly limits: Limits
  readonly counters: Counters
  readonly now: () => number
  /** The fault drawn for this request (only `etag` and `cut` reach handlers). */
  readonly fault: Fault | undefined
  /** The dialect the request speaks, and its answer is in. */
  readonly dialect: Dialect
  /**
   * S3 dialect: the payload hash the request signed (`UNSIGNED-PAYLOAD`, a hex SHA-256 the body
   * must have, or a streaming mode); `undefined` in the JSS dialect.
   */
  readonly payloadHash: string | undefined
  /** The region the server is (the S3 dialect's `LocationConstraint`). */
  readonly region: string
}

/** The ETag to show: the real one, or a wrong one under an `etag` fault. */
export function shownEtag(context: HandlerContext, etag: string): string {
  if (context.fault?.kind !== 'etag') return etag
  return createHash('md5').update(`wrong:${etag}`).digest('hex')
}

/** The bucket of the request, checked to exist (404 NoSuchBucket). */
export async function requireBucket(context: HandlerContext): Promise<string> {
  const bucket = context.target.bucket
  if (bucket === undefined || !(await context.store.getBucket(bucket))) {
    throw serviceError(404, 'NoSuchBucket', 'The specified bucket does not exist.')
  }
  return bucket
}

/** The key of the request, checked to be at most 1022 UTF-8 bytes (400 KeyTooLong). */
export function requireKey(context: HandlerContext): string {
  const key = context.target.key ?? ''
  if (Buffer.byteLength(key, 'utf8') > 1022) {
    throw serviceError(400, 'KeyTooLong', 'Your key is too long (at most 1022 bytes of UTF-8).')
  }
  return key
}

/** An RFC 1123 GMT date. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString()
}
