import { InvalidArgumentError } from './errors.js'
import { parseUrl } from './parse-url.js'
import { resourcePath } from './resource-path.js'
import {
  canonicalizedSubResources,
  type QueryInput,
  type SubResourceOrder,
} from './sub-resources.js'
import type { UrlInput } from './types.js'

/** A resource given by its parts. */
export interface ResourceParts {
  /**
   * The bucket; without it the resource is `/` (the service).
   * @default undefined
   * @example 'my-bucket'
   */
  readonly bucket?: string | undefined
  /**
   * The object key, decoded (raw UTF-8, `/` kept); `''` or absent for the bucket itself.
   * @default undefined
   * @example 'photos/2024/ünïcode.jpg'
   */
  readonly key?: string | undefined
  /**
   * The query; only the signed sub-resources take part.
   * @default undefined
   * @example 'partNumber=3&uploadId=ID'
   */
  readonly query?: QueryInput | undefined
}

/** A resource given by its URL. */
export interface ResourceUrl {
  /**
   * The request URL, path percent-encoded.
   * @example 'https://my-bucket.s.jcloud.com/a%20b.txt?uploads'
   */
  readonly url: UrlInput
  /**
   * Names the bucket of a virtual-host URL (see `SignableRequest.bucket`).
   * @default undefined (path-style)
   * @example 'my-bucket'
   */
  readonly bucket?: string | undefined
}

/** Options of `canonicalizedResource`. */
export interface ResourceOptions {
  /**
   * The order of the signed sub-resources: `sorted` [DECIDED] is what clients send;
   * a server also tries `received`.
   * @default 'sorted'
   * @example { order: 'received' }
   */
  readonly order?: SubResourceOrder | undefined
}

function checkBucket(bucket: unknown): asserts bucket is string | undefined {
  if (bucket === undefined) return
  if (typeof bucket !== 'string' || bucket === '' || /[/?#]/.test(bucket)) {
    throw new InvalidArgumentError('bucket', 'must be a non-empty string without "/", "?" or "#"')
  }
}

/**
 * CanonicalizedResource (contract §1): `/bucket/key` (key decoded), `/bucket` or `/`, then the
 * signed sub-resources present (`?partNumber=3&uploadId=ID`, `?uploads`).
 * @throws InvalidArgumentError, InvalidUrlError
 * @example canonicalizedResource({ bucket: 'b', key: 'a b.txt', query: 'uploads' }) // '/b/a b.txt?uploads'
 * @example canonicalizedResource({ url: 'https://b.s.jcloud.com/a%20b.txt', bucket: 'b' }) // '/b/a b.txt'
 */
export function canonicalizedResource(
  input: ResourceParts | ResourceUrl,
  options: ResourceOptions = {},
): string {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidArgumentError(
      'resource',
      'must be { bucket?, key?, query? } or { url, bucket? }',
    )
  }
  const order = options.order ?? 'sorted'
  if (order !== 'sorted' && order !== 'received') {
    throw new InvalidArgumentError('options.order', 'must be "sorted" or "received"')
  }
  checkBucket(input.bucket)
  if ('url' in input) {
    const url = parseUrl(input.url)
    return resourcePath(url, input.bucket) + canonicalizedSubResources(url.search, order)
  }
  const { bucket, key } = input
  if (key !== undefined && typeof key !== 'string') {
    throw new InvalidArgumentError('key', 'must be a string')
  }
  if (key && bucket === undefined) throw new InvalidArgumentError('key', 'needs a bucket')
  const path = bucket === undefined ? '/' : key ? `/${bucket}/${key}` : `/${bucket}`
  return path + canonicalizedSubResources(input.query, order)
}
