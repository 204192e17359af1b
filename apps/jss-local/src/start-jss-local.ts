import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve as resolvePath } from 'node:path'
import { PART_LIMITS } from '@jss/signer'
import { answerConnect, answerExpectationFailed } from './answer-unsupported.js'
import { isValidBucketName } from './bucket-name.js'
import { checkRegion } from './check-region.js'
import { createCorsPolicy } from './cors-policy.js'
import { createCounters } from './counters.js'
import { DiskStore } from './disk-store.js'
import { JssLocalOptionError } from './errors.js'
import { FaultInjector } from './fault-injector.js'
import { handleRequest, type ServerState } from './handle-request.js'
import type { Limits } from './handler-context.js'
import { HashPool } from './hash-pool.js'
import {
  DEFAULT_CREDENTIALS,
  type JssLocal,
  type JssLocalCredentials,
  type JssLocalOptions,
} from './jss-local-options.js'
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

/** The accepted key pairs: the options' (at least one) or `DEFAULT_CREDENTIALS`. */
function resolveCredentials(options: JssLocalOptions): JssLocalCredentials[] {
  const credentialList = [options.credentials ?? DEFAULT_CREDENTIALS].flat()
  if (credentialList.length === 0) throw new JssLocalOptionError('credentials must not be empty')
  return credentialList
}

/** Refuses a bucket to create at start whose name is not a valid bucket name. */
function checkBucketNames(buckets: readonly string[]): void {
  for (const bucket of buckets) {
    if (!isValidBucketName(bucket)) throw new JssLocalOptionError(`invalid bucket name: ${bucket}`)
  }
}

/** The server's limits: the options, or the contract's `PART_LIMITS` and a 20 s body idle timeout. */
function resolveLimits(options: JssLocalOptions): Limits {
  return {
    minPartSize: checkSize('minPartSize', options.minPartSize, PART_LIMITS.minPartSize),
    maxPartSize: checkSize('maxPartSize', options.maxPartSize, PART_LIMITS.maxPartSize),
    maxParts: checkSize('maxParts', options.maxParts, PART_LIMITS.maxParts),
    bodyIdleTimeoutMs: checkSize('bodyIdleTimeoutMs', options.bodyIdleTimeoutMs, 20_000),
  }
}

/** The pool of hash workers the options ask for (default: up to 4), or none for `hashThreads: 0`. */
function createHashPool(options: JssLocalOptions): HashPool | undefined {
  const threads = checkSize('hashThreads', options.hashThreads, Math.min(availableParallelism(), 4))
  return threads > 0 ? new HashPool(threads) : undefined
}

/** The HTTP server that answers every request from `state`, not yet listening. */
function createJssServer(state: ServerState): Server {
  const server = createServer(
    // No Host is answered with the contract's JSON error (resolveTarget), not Node's bare 400.
    { requestTimeout: 0, headersTimeout: 60_000, requireHostHeader: false },
    (req, res) => {
      void handleRequest(state, req, res)
    },
  )
  server.on('clientError', answerClientError)
  server.on('checkContinue', (req, res) => {
    void handleRequest(state, req, res, { expectsContinue: true })
  })
  server.on('checkExpectation', (req, res) => answerExpectationFailed(state, req, res))
  server.on('connect', (req, socket) => answerConnect(state, req, socket as Socket))
  return server
}

/** Listens on `port` and `host`; resolves with the endpoint URL, rejects on a listen error. */
async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${hostname}:${address.port}`
}

/** Closes the hash pool and removes the data directory when it is a temporary one. */
async function releaseResources(
  hashPool: HashPool | undefined,
  temporaryData: string | undefined,
): Promise<void> {
  await hashPool?.close()
  if (temporaryData !== undefined) await rm(temporaryData, { recursive: true, force: true })
}

/**
 * The server's shutdown, run once whatever the calls: stops sleeps and accepting, closes idle
 * connections (all of them when `immediate`, the rest after 5 s), then `release`.
 */
function shutdownOnce(
  server: Server,
  closing: AbortController,
  release: () => Promise<void>,
): (immediate: boolean) => Promise<void> {
  let closed: Promise<void> | undefined
  return (immediate) => {
    closed ??= (async () => {
      closing.abort()
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (immediate) server.closeAllConnections()
      const timer = setTimeout(() => server.closeAllConnections(), 5000)
      await done
      clearTimeout(timer)
      await release()
    })()
    return closed
  }
}

/**
 * Starts a local JSS server: disk storage, strict signatures, fault injection.
 * @example
 * const jss = await startJssLocal({ buckets: ['test'], minPartSize: 5 })
 * // … jss.endpoint, jss.credentials …
 * await jss.close()
 */
export async function startJssLocal(options: JssLocalOptions = {}): Promise<JssLocal> {
  const credentialList = resolveCredentials(options)
  checkBucketNames(options.buckets ?? [])
  const limits = resolveLimits(options)
  const region = checkRegion(options.region)
  const cors = createCorsPolicy(options.cors)
  const faults = new FaultInjector(options.faults, options.faultSeed ?? 1)
  const now = options.now ?? Date.now
  const temporary = options.data === undefined
  const data = resolvePath(options.data ?? (await mkdtemp(join(tmpdir(), 'jss-local-'))))
  const store = new DiskStore(data)
  const hashPool = createHashPool(options)
  const release = () => releaseResources(hashPool, temporary ? data : undefined)
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
        region,
      },
      faults,
      domains: ['localhost', ...(options.domains ?? [])],
      cors,
      sleep: (ms) => sleep(ms, closing.signal),
    }
    server = createJssServer(state)
    const endpoint = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1')
    const shutdown = shutdownOnce(server, closing, release)
    return {
      endpoint,
      credentials: credentialList[0]!,
      data,
      counters: state.counters,
      setFaults: (spec) => faults.set(spec),
      close: () => shutdown(false),
      destroy: () => shutdown(true),
    }
  } catch (error) {
    server?.close()
    await release()
    throw error
  }
}
