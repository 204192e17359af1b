import type { StartedFormat } from './parse-cli-args.js'

/** What a started server is announced with. */
export interface StartedInfo {
  readonly endpoint: string
  readonly accessKey: string
  readonly secretKey: string
  readonly data: string
  /** The server's process id. */
  readonly pid: number
}

/** A word for a POSIX shell: single-quoted, each `'` written `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

/**
 * The lines (each ending in `\n`) announcing a started server: a sentence, one JSON line (without
 * the pid unless `withPid`), or `export` lines a shell can eval.
 * @example formatStarted(info, 'env') // "export JSS_ENDPOINT='http://127.0.0.1:PORT'\n…"
 */
export function formatStarted(
  info: StartedInfo,
  format: StartedFormat,
  options: { readonly withPid?: boolean } = {},
): string {
  const { endpoint, accessKey, secretKey, data, pid } = info
  const withPid = options.withPid ?? false
  switch (format) {
    case 'json':
      return `${JSON.stringify({ endpoint, accessKey, secretKey, data, ...(withPid ? { pid } : {}) })}\n`
    case 'env':
      return [
        ['JSS_ENDPOINT', endpoint],
        ['JSS_ACCESS_KEY', accessKey],
        ['JSS_SECRET_KEY', secretKey],
        ['JSS_LOCAL_PID', String(pid)],
      ]
        .map(([name, value]) => `export ${name}=${shellQuote(value ?? '')}\n`)
        .join('')
    case 'line':
      return `jss-local listening on ${endpoint} (access key ${accessKey}, secret key ${secretKey}, data ${data}${withPid ? `, pid ${pid}` : ''})\n`
  }
}
