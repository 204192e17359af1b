import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve as resolvePath } from 'node:path'
import { PART_LIMITS } from '@jss/signer'
import { answerConnect, answerExpectationFailed } from './answer-unsupported.js'
import { isValidBucketName } from './bucket-name.js'
import { createCorsPolicy } from './cors-policy.js'
import { createCounters } from './counters.js'
import { DiskStore } from './disk-store.js'
import { JssLocalOptionError } from './errors.js'
import { FaultInjector } from './fault-injector.js'
import { handleRequest, type ServerState } from './handle-request.js'
import { HashPool } from './hash-pool.js'
import { DEFAULT_CREDENTIALS, type JssLocal, type JssLocalOptions } from './jss-local-options.js'
import { JSON_TYPE } from './respond.js'
import { sleep } from './sleep.js'

function checkSize(name: string, value: number | undefined, fallback: number): number {
  const size = value ?? fallback
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new JssLocalOptionError(`${name} must be a non-negative integer, got ${size}`)
  }
  return size
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  const pending = (socket as { _httpMessage?: ServerResponse })._httpMessage
  if (pending) {
    // A request is being handled and its body ended early (the client half-closed): end the body
    // stream so that the handler sees it short and answers 400 IncompleteBody, then closes.
    // (`complete` is set so that ending the stream does not destroy the socket before the answer.)
    const req = pending.req
    if (!req.complete && error.code === 'HPE_INVALID_EOF_STATE') {
      req.complete = true
      req.push(null)
    }
    setTimeout(() => socket.destroy(), 2000).unref()
    return
  }
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          '431 Request Header Fields Too Large',
          'RequestHeaderSectionTooLarge',
          'Your request headers exceed the maximum allowed size.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['400 Bad Request', 'RequestTimeout', 'The request headers did not arrive in time.']
        : ['400 Bad Request', 'InvalidRequest', 'The request is not valid HTTP.']
  const body = JSON.stringify({ code, message, resource: '/', requestId: '0000000000000000' })
  socket.end(
    `HTTP/1.1 ${status}\r\n` +
      `content-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-jss-request-id: 0000000000000000\r\nconnection: close\r\n\r\n${body}`,
  )
}

/**
 * Starts a local JSS server: disk storage, strict signatures, fault injection.
 * @example
 * const jss = await startJssLocal({ buckets: ['test'], minPartSize: 5 })
 * // … jss.endpoint, jss.credentials …
 * await jss.close()
 */
export async function startJssLocal(options: JssLocalOptions = {}): Promise<JssLocal> {
  const credentialList = [options.credentials ?? DEFAULT_CREDENTIALS].flat()
  if (credentialList.length === 0) throw new JssLocalOptionError('credentials must not be empty')
  for (const bucket of options.buckets ?? []) {
    if (!isValidBucketName(bucket)) throw new JssLocalOptionError(`invalid bucket name: ${bucket}`)
  }
  const limits = {
    minPartSize: checkSize('minPartSize', options.minPartSize, PART_LIMITS.minPartSize),
    maxPartSize: checkSize('maxPartSize', options.maxPartSize, PART_LIMITS.maxPartSize),
    maxParts: checkSize('maxParts', options.maxParts, PART_LIMITS.maxParts),
    bodyIdleTimeoutMs: checkSize('bodyIdleTimeoutMs', options.bodyIdleTimeoutMs, 20_000),
  }
  const cors = createCorsPolicy(options.cors)
  const faults = new FaultInjector(options.faults, options.faultSeed ?? 1)
  const now = options.now ?? Date.now
  const temporary = options.data === undefined
  const data = resolvePath(options.data ?? (await mkdtemp(join(tmpdir(), 'jss-local-'))))
  const store = new DiskStore(data)
  const threads = checkSize('hashThreads', options.hashThreads, Math.min(availableParallelism(), 4))
  const hashPool = threads > 0 ? new HashPool(threads) : undefined
  const closing = new AbortController()
  let server: Server | undefined
  try {
    await store.open()
    for (const bucket of options.buckets ?? []) await store.createBucket(bucket, now())
    const state: ServerState = {
      store,
      hashPool,
      limits,
      counters: createCounters(),
      auth: {
        secrets: new Map(credentialList.map((c) => [c.accessKey, c.secretKey])),
        now,
        maxSkewMs: options.maxSkewMs ?? 900_000,
      },
      faults,
      domains: ['localhost', ...(options.domains ?? [])],
      cors,
      sleep: (ms) => sleep(ms, closing.signal),
    }
    const created = createServer(
      // No Host is answered with the contract's JSON error (resolveTarget), not Node's bare 400.
      { requestTimeout: 0, headersTimeout: 60_000, requireHostHeader: false },
      (req, res) => {
        void handleRequest(state, req, res)
      },
    )
    server = created
    created.on('clientError', answerClientError)
    created.on('checkContinue', (req, res) => {
      void handleRequest(state, req, res, { expectsContinue: true })
    })
    created.on('checkExpectation', (req, res) => answerExpectationFailed(state, req, res))
    created.on('connect', (req, socket) => answerConnect(state, req, socket as Socket))
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject)
      created.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        created.off('error', reject)
        resolve()
      })
    })
    const address = created.address() as AddressInfo
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    let closed: Promise<void> | undefined
    const shutdown = (immediate: boolean): Promise<void> => {
      closed ??= (async () => {
        closing.abort()
        const done = new Promise<void>((resolve) => created.close(() => resolve()))
        created.closeIdleConnections()
        if (immediate) created.closeAllConnections()
        const timer = setTimeout(() => created.closeAllConnections(), 5000)
        await done
        clearTimeout(timer)
        await hashPool?.close()
        if (temporary) await rm(data, { recursive: true, force: true })
      })()
      return closed
    }
    return {
      endpoint: `http://${host}:${address.port}`,
      credentials: credentialList[0]!,
      data,
      counters: state.counters,
      setFaults: (spec) => faults.set(spec),
      close: () => shutdown(false),
      destroy: () => shutdown(true),
    }
  } catch (error) {
    server?.close()
    await hashPool?.close()
    if (temporary) await rm(data, { recursive: true, force: true })
    throw error
  }
}
