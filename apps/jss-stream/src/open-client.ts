import { createClient, type JssClient, type RequestEvent } from '@jss/protocol'
import type { CommandRun } from './cli-io.js'
import { checkSettings } from './config.js'
import { loadSettingsOnce } from './load-settings.js'
import { escapeControls } from './terminal-text.js'

/** One `--verbose` line: method, resource, status, request id, attempt, duration. */
export function formatRequestEvent(event: RequestEvent): string {
  const status = event.status === undefined ? 'no response' : String(event.status)
  const id = event.requestId === undefined ? '' : ` request-id=${event.requestId}`
  const code = (event.error as { code?: unknown } | undefined)?.code
  const failure = typeof code === 'string' ? ` ${code}` : ''
  return `${event.method} ${event.resource} ${status}${failure}${id} attempt=${event.attempt} ${Math.round(event.duration)}ms`
}

/** Options for {@link openClient}. */
export interface OpenClientOptions {
  /** Keep-alive connections: the upload's concurrency. */
  connections?: number
  /** Called after each request, besides `--verbose` logging. */
  onRequest?: (event: RequestEvent) => void
}

/**
 * Resolves the configuration (flags over environment over the config file's profile) and creates
 * the client; records the endpoint for error messages. Throws a usage error for missing credentials
 * or endpoint, or an invalid config file.
 */
export function openClient(run: CommandRun, options: OpenClientOptions = {}): JssClient {
  const config = checkSettings(loadSettingsOnce(run.io, run.values).settings)
  run.context.endpoint = config.endpoint
  run.context.dialect = config.dialect
  const verbose = run.values.verbose === true
  const stderr = run.io.stderr
  return createClient({
    endpoint: config.endpoint,
    credentials: {
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      ...(config.sessionToken === undefined ? {} : { sessionToken: config.sessionToken }),
    },
    dialect: config.dialect,
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.addressing === undefined ? {} : { addressing: config.addressing }),
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    ...(config.timeoutMs === undefined
      ? {}
      : { timeouts: { request: config.timeoutMs, body: config.timeoutMs } }),
    userAgent: `jss-stream/${run.io.version}`,
    onRequest: (event) => {
      if (verbose) stderr.write(`jss-stream: ${escapeControls(formatRequestEvent(event))}\n`)
      options.onRequest?.(event)
    },
  })
}
