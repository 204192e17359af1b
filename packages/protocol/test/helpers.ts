import { createHash } from 'node:crypto'
import { type JssLocal, type JssLocalOptions, startJssLocal } from 'jss-local'
import { Agent } from 'undici'
import type { ClientOptions } from '../src/client-options.js'
import { createClient } from '../src/create-client.js'
import type { JssClient } from '../src/jss-client.js'

/** Fast retries for tests: same policy, tiny waits. */
export const FAST_RETRY: NonNullable<ClientOptions['retry']> = { baseDelay: 1, maxDelay: 5 }

/** A jss-local with one bucket `test` and 5-byte minimum parts. */
export function startServer(options: JssLocalOptions = {}): Promise<JssLocal> {
  return startJssLocal({ buckets: ['test'], minPartSize: 5, ...options })
}

/** A client of `jss` with fast retries. */
export function clientOf(jss: JssLocal, options: Partial<ClientOptions> = {}): JssClient {
  return createClient({
    endpoint: jss.endpoint,
    credentials: jss.credentials,
    ...options,
    retry: { ...FAST_RETRY, ...options.retry },
  })
}

/** Lowercase hex MD5. */
export function md5(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex')
}

/** UTF-8 bytes of a string. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** Reads a stream to a string. */
export async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** An undici Agent that resolves every host to 127.0.0.1 (for `bucket.localhost` virtual hosts). */
export function loopbackAgent(): Agent {
  return new Agent({
    connect: {
      lookup: (_host, options, callback) => {
        if ((options as { all?: boolean }).all) {
          ;(callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
            { address: '127.0.0.1', family: 4 },
          ])
        } else callback(null, '127.0.0.1', 4)
      },
    },
  })
}
