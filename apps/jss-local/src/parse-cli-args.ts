import { parseArgs } from 'node:util'
import { PART_LIMITS } from '@jss/signer'
import { checkRegion } from './check-region.js'
import { createCorsPolicy } from './cors-policy.js'
import { JssLocalOptionError } from './errors.js'
import { parseFaultSpec } from './fault-spec.js'
import type { JssLocalOptions } from './jss-local-options.js'
import { formatSize, parseSize } from './parse-size.js'

/** The `--help` text. */
export const USAGE = `Usage: jss-local [options]

A local JSS server: disk storage, strict signatures, fault injection.

Options:
  --host HOST             address to listen on (default 127.0.0.1)
  --port PORT             port, 0 for a free one (default 0)
  --data DIR              data directory, kept (default: a temporary directory removed on exit)
  --access-key AK         access key (default JSSLOCALACCESSKEY000)
  --secret-key SK         secret key (default jss-local-secret-key-0000000000000000000)
  --bucket NAME           create a bucket at start; repeatable
  --domain DOMAIN         also accept Host: bucket.DOMAIN (virtual-host); repeatable; localhost always
  --region REGION         region of the S3 dialect (SigV4 requests): their credential scope must
                          name it (default us-east-1)
  --min-part-size SIZE    minimum size of every part but the last (default ${formatSize(PART_LIMITS.minPartSize)})
  --max-part-size SIZE    maximum size of a part or single PUT (default ${formatSize(PART_LIMITS.maxPartSize)})
  --max-parts N           maximum number of parts (default ${PART_LIMITS.maxParts})
  --faults SPEC           fault injection, e.g. 'uploadPart:500=0.1,stall=2s@0.05;*:503=0.01'
  --fault-seed N          seed of the fault random streams (default 1)
  --cors ORIGIN           let pages of ORIGIN (scheme://host[:port], or * for any) call the server:
                          preflights answered, CORS headers on every answer; repeatable
                          (default: none, no CORS headers)
  --json                  print one JSON line {endpoint, accessKey, secretKey, data}
                          (default: a sentence)
  --env                   print shell lines instead: export JSS_ENDPOINT=… JSS_ACCESS_KEY=…
                          JSS_SECRET_KEY=… JSS_LOCAL_PID=… (single-quoted; default off)
  --background, --detach  start the server in a detached process, print its line(s) with its pid,
                          exit 0 and leave it running; stop it with kill PID (default off), e.g.
                          eval "$(jss-local --background --env --bucket demo)"
  -h, --help              show this help
`

/** How the started server is announced on stdout. */
export type StartedFormat = 'line' | 'json' | 'env'

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'run'
      readonly options: JssLocalOptions
      /** `line` (a sentence, the default), `json` (`--json`) or `env` (`--env`). */
      readonly format: StartedFormat
      /**
       * With `--background`: the arguments of the detached server process (these, without
       * `--background`, `--detach`, `--env` and `--json`, then `--json`). `undefined` otherwise.
       */
      readonly background: readonly string[] | undefined
    }

/** The options that only change how a server is announced or started, not the server. */
const LAUNCH_ONLY = new Set(['background', 'detach', 'env', 'json'])

function integer(
  name: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new JssLocalOptionError(
      `--${name} must be an integer from ${min} to ${max}, got "${text}"`,
    )
  }
  return Number(text)
}

/**
 * Parses the command line (without `node` and the script). Throws `JssLocalOptionError` on a usage error.
 * @example parseCliArgs(['--port', '9000', '--bucket', 'a', '--bucket', 'b'])
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof parse>['values']
  let tokens: ReturnType<typeof parse>['tokens']
  try {
    ;({ values, tokens } = parse(argv))
  } catch (error) {
    throw new JssLocalOptionError((error as Error).message)
  }
  if (values.help) return { kind: 'help' }
  if ((values['access-key'] === undefined) !== (values['secret-key'] === undefined)) {
    throw new JssLocalOptionError('--access-key and --secret-key go together')
  }
  if (values.json && values.env)
    throw new JssLocalOptionError('--json and --env do not go together')
  if (values.faults !== undefined) parseFaultSpec(values.faults)
  if (values.region !== undefined) checkRegion(values.region)
  createCorsPolicy(values.cors)
  const options: JssLocalOptions = {
    host: values.host,
    port: integer('port', values.port, 0, 65535),
    data: values.data,
    credentials:
      values['access-key'] !== undefined && values['secret-key'] !== undefined
        ? { accessKey: values['access-key'], secretKey: values['secret-key'] }
        : undefined,
    buckets: values.bucket,
    domains: values.domain,
    region: values.region,
    minPartSize:
      values['min-part-size'] === undefined ? undefined : parseSize(values['min-part-size']),
    maxPartSize:
      values['max-part-size'] === undefined ? undefined : parseSize(values['max-part-size']),
    maxParts: integer('max-parts', values['max-parts'], 1, PART_LIMITS.maxParts),
    faults: values.faults,
    faultSeed: integer('fault-seed', values['fault-seed'], 0, 2 ** 32 - 1),
    cors: values.cors,
  }
  const background =
    values.background || values.detach
      ? [
          ...argv.filter((_, index) =>
            tokens.every(
              (t) => t.index !== index || t.kind !== 'option' || !LAUNCH_ONLY.has(t.name),
            ),
          ),
          '--json',
        ]
      : undefined
  const format = values.json ? 'json' : values.env ? 'env' : 'line'
  return { kind: 'run', options, format, background }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    tokens: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      bucket: { type: 'string', multiple: true },
      domain: { type: 'string', multiple: true },
      region: { type: 'string' },
      'min-part-size': { type: 'string' },
      'max-part-size': { type: 'string' },
      'max-parts': { type: 'string' },
      faults: { type: 'string' },
      'fault-seed': { type: 'string' },
      cors: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      env: { type: 'boolean' },
      background: { type: 'boolean' },
      detach: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
