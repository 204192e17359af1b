import { parseDuration } from './duration.js'
import { MissingCredentialsError, UsageError } from './errors.js'
import { endpointForRegion } from './region.js'

/** Connection settings as given on the command line (all optional). */
export interface ConfigFlags {
  endpoint?: string | undefined
  region?: string | undefined
  'access-key'?: string | undefined
  'secret-key'?: string | undefined
  addressing?: string | undefined
  timeout?: string | undefined
}

/** Resolved connection settings. */
export interface Config {
  endpoint: string
  accessKey: string
  secretKey: string
  addressing: 'virtual-host' | 'path' | undefined
  /** Per-attempt request and body timeout in milliseconds; undefined: the client's default. */
  timeoutMs: number | undefined
}

/** The environment variables the CLI reads. */
export type Env = Readonly<Record<string, string | undefined>>

function pick(flag: string | undefined, env: string | undefined): string | undefined {
  if (flag !== undefined && flag !== '') return flag
  if (env !== undefined && env !== '') return env
  return undefined
}

/** The endpoint: `--endpoint`, then `--region`, then `JSS_ENDPOINT`. */
export function resolveEndpoint(flags: ConfigFlags, env: Env): string {
  if (flags.endpoint && flags.region) {
    throw new UsageError('use either --endpoint or --region, not both')
  }
  const endpoint = flags.region
    ? endpointForRegion(flags.region)
    : pick(flags.endpoint, env.JSS_ENDPOINT)
  if (endpoint === undefined) {
    throw new UsageError('missing endpoint: set JSS_ENDPOINT, or pass --endpoint or --region')
  }
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new UsageError(
      `invalid endpoint "${endpoint}": use a URL such as https://s-bj.jcloud.com`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid endpoint "${endpoint}": use an http:// or https:// URL`)
  }
  return endpoint.replace(/\/+$/, '')
}

/** Flags over environment: `--access-key`/`JSS_ACCESS_KEY`, `--secret-key`/`JSS_SECRET_KEY`. */
export function resolveConfig(flags: ConfigFlags, env: Env): Config {
  const endpoint = resolveEndpoint(flags, env)
  const accessKey = pick(flags['access-key'], env.JSS_ACCESS_KEY)
  const secretKey = pick(flags['secret-key'], env.JSS_SECRET_KEY)
  if (accessKey === undefined || secretKey === undefined) {
    const missing = [
      accessKey === undefined && 'access key',
      secretKey === undefined && 'secret key',
    ]
      .filter(Boolean)
      .join(' and ')
    throw new MissingCredentialsError(
      `missing credentials (${missing}): set JSS_ACCESS_KEY and JSS_SECRET_KEY, or pass --access-key and --secret-key`,
    )
  }
  const timeout = flags.timeout ?? (env.JSS_TIMEOUT || undefined)
  const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout, '--timeout') * 1000
  if (timeoutMs === 0) throw new UsageError('invalid --timeout "0": use at least 1s')
  return {
    endpoint,
    accessKey,
    secretKey,
    addressing: parseAddressing(flags.addressing),
    timeoutMs,
  }
}

/** `--addressing`: `auto` (the default: virtual-host for JD Cloud hosts, path otherwise), `virtual-host` (or `virtual`), `path`. */
export function parseAddressing(text: string | undefined): 'virtual-host' | 'path' | undefined {
  if (text === undefined || text === 'auto') return undefined
  if (text === 'virtual-host' || text === 'virtual') return 'virtual-host'
  if (text === 'path') return 'path'
  throw new UsageError(`invalid --addressing "${text}": use auto, virtual-host or path`)
}
