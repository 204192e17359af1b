import { InvalidUrlError } from './errors.js'

/**
 * Decodes a percent-encoded path or key (`%2F` becomes `/`, `+` stays `+`): the inverse of
 * `encodeKey`.
 * @throws InvalidUrlError when it is not valid percent-encoded UTF-8
 * @example decodeKey('dir/%C3%BC%20x.bin') // 'dir/ü x.bin'
 */
export function decodeKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded)
  } catch (cause) {
    throw new InvalidUrlError(
      `the path ${JSON.stringify(encoded)} is not valid percent-encoded UTF-8`,
      { cause },
    )
  }
}
