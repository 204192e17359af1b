import { InvalidArgumentError } from '../errors.js'

/**
 * SigV4's URI encoding (RFC 3986): every UTF-8 byte but the unreserved `A-Z a-z 0-9 - . _ ~` as
 * `%XX` (upper-case hex), a space as `%20`; `/` kept when `encodeSlash` is false (paths).
 * @throws InvalidArgumentError for a string with a lone surrogate (not UTF-8)
 * @example uriEncode('a b/ሴ') // 'a%20b%2F%E1%88%B4'
 * @example uriEncode('a b/c', { encodeSlash: false }) // 'a%20b/c'
 */
export function uriEncode(text: string, options: { readonly encodeSlash?: boolean } = {}): string {
  let encoded: string
  try {
    encoded = encodeURIComponent(text)
  } catch (cause) {
    throw new InvalidArgumentError('text', 'is not well-formed UTF-16 (a lone surrogate)', {
      cause,
    })
  }
  encoded = encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return options.encodeSlash === false ? encoded.replaceAll('%2F', '/') : encoded
}
