/** The key pair a request is signed with. */
export interface Credentials {
  /** The access key, sent in the clear (`Authorization: jingdong AK:SIG`, `AccessKey=`). */
  readonly accessKey: string
  /** The secret key; it never leaves the signer. */
  readonly secretKey: string
}

/** A header value: a string, several values of one name, or `undefined` (ignored). */
export type HeaderValue = string | readonly string[] | undefined

/** Anything with `forEach((value, name) => …)`: a Fetch `Headers`, a `Map`. */
export interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void
}

/**
 * Request headers: a record (Node's `IncomingHttpHeaders` fits), a Fetch `Headers`,
 * `[name, value]` pairs, or a flat `[name, value, name, value, …]` list (Node's `rawHeaders`).
 * Names are case-insensitive; repeated names are joined with `,`.
 */
export type HeadersInput =
  | Readonly<Record<string, HeaderValue>>
  | HeadersLike
  | Iterable<readonly [string, string]>
  | readonly string[]

/** A URL: a string (absolute, or a path `/bucket/key?…` resolved against the Host header) or a `URL`. */
export type UrlInput = string | { readonly href: string }

/** The parts of a request that take part in the signature. */
export interface SignableRequest {
  /** The HTTP method, any case; it is upper-cased. @example 'PUT' */
  readonly method: string
  /** The full URL, query included. @example 'https://bucket.s.jcloud.com/dir/file.txt?uploads' */
  readonly url: UrlInput
  /**
   * Headers to send. `Content-MD5`, `Content-Type`, `Date` and every `x-jss-*` header take part.
   * @default {}
   */
  readonly headers?: HeadersInput | undefined
  /**
   * The bucket, for virtual-host URLs: when the URL's host is `bucket` or starts with `bucket.`,
   * the path is the key and the resource is `/bucket` + path; otherwise the path is `/bucket/key`.
   * @default undefined (path-style)
   * @example 'my-bucket'
   */
  readonly bucket?: string | undefined
}
