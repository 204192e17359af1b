import type { Dispatcher } from 'undici'

/** A response as the operations see it. */
export interface JssResponse {
  statusCode: number
  /** Header values by lower-case name (repeated headers joined with `, `). */
  headers: Record<string, string>
  requestId: string | undefined
  body: Dispatcher.ResponseData['body']
  resource: string
}

/** Flattens undici's response headers. */
export function flattenHeaders(
  headers: Dispatcher.ResponseData['headers'],
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}

/** Consumes whatever is left of a body, ignoring errors: keeps the connection reusable. */
export async function discardBody(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({ limit: 1024 * 1024 })
  } catch {
    // the connection is closed and not reused: nothing leaks
  }
}

/** Reads a body as text, at most `limit` bytes (the rest is dumped). */
export async function readText(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buffer = chunk as Buffer
    if (size + buffer.length > limit) {
      chunks.push(buffer.subarray(0, limit - size))
      size = limit
      await discardBody(body)
      break
    }
    chunks.push(buffer)
    size += buffer.length
  }
  return Buffer.concat(chunks).toString('utf8')
}
