/**
 * Percent-encodes an object key for the request path: every byte except RFC 3986 unreserved
 * characters and `/` is written as `%XX` of its UTF-8 encoding.
 * @example encodeKey('dir/ünï cødé.bin') // 'dir/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9.bin'
 */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/')
}
