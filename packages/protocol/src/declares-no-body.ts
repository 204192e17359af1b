/**
 * Whether a response carries no body bytes at all, so that there is nothing to watch for a stalled
 * transfer: the answer to a HEAD, a 204 or 304, or one that declares `Content-Length: 0` (the answer
 * to every part upload). Such a body has ended when its headers arrive.
 */
export function declaresNoBody(
  method: string,
  statusCode: number,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): boolean {
  if (method === 'HEAD' || statusCode === 204 || statusCode === 304) return true
  return headers['content-length'] === '0'
}
