import type { IncomingMessage } from 'node:http'
import { SIGV4_ALGORITHM } from '@jss/signer'

/**
 * The dialect a request speaks, told apart by its authentication: `s3` (AWS Signature Version 4:
 * `Authorization: AWS4-HMAC-SHA256 …` or a presigned query with `X-Amz-Algorithm=AWS4-HMAC-SHA256`)
 * or `jss` (everything else: the `jingdong` signature, or none).
 */
export type Dialect = 'jss' | 's3'

/** The raw query of a request target (`''` without one), fragment dropped. */
function rawQuery(url: string): string {
  const at = url.indexOf('?')
  if (at < 0) return ''
  const hash = url.indexOf('#', at)
  return url.slice(at + 1, hash < 0 ? undefined : hash)
}

/**
 * The dialect of a request, from its Authorization header and its query only (looked at before
 * anything else, so that even an early error is answered in the request's dialect).
 * @example detectDialect(req) // 's3' for `Authorization: AWS4-HMAC-SHA256 Credential=…`
 */
export function detectDialect(req: Pick<IncomingMessage, 'headers' | 'url'>): Dialect {
  const authorization = req.headers.authorization
  if (typeof authorization === 'string') {
    return authorization.trimStart().startsWith(`${SIGV4_ALGORITHM} `) ? 's3' : 'jss'
  }
  const query = new URLSearchParams(rawQuery(req.url ?? ''))
  return query.getAll('X-Amz-Algorithm').includes(SIGV4_ALGORITHM) ? 's3' : 'jss'
}
