import type { JssClient, ObjectSummary } from '@jss/protocol'
import type { CommandRun } from '../cli-io.js'
import { CliError } from '../errors.js'
import { openClient } from '../open-client.js'
import { formatBytes } from '../size.js'
import { parsePrefixTarget } from '../target.js'
import { escapeControls, jsonLine } from '../terminal-text.js'
import { writeOut } from '../write-out.js'

/** One entry of a listing: an object, or a common prefix (a "directory", without `--recursive`). */
type Entry = { object: ObjectSummary } | { prefix: string }

/** How `ls` prints an entry. */
interface LsFormat {
  json: boolean
  human: boolean
  /** Escape control characters (a terminal). */
  terminal: boolean
}

/**
 * `ls <bucket>[/prefix]`: like `aws s3 ls`: the objects directly under the prefix (last modified,
 * size, key) and each deeper prefix once as `PRE prefix/`; `--recursive`: every object; `--json`:
 * one JSON object per line.
 */
export async function ls(run: CommandRun): Promise<void> {
  if (run.positionals.length === 0) return listBuckets(run)
  const { bucket, key: prefix } = parsePrefixTarget(run.positionals[0] ?? '')
  run.context.bucket = bucket
  const format: LsFormat = {
    json: run.values.json === true,
    human: run.values['human-readable'] === true,
    terminal: run.io.stdout.isTTY === true,
  }
  const delimiter = run.values.recursive === true ? undefined : '/'
  const client = openClient(run)
  try {
    for await (const entry of listEntries(client, bucket, prefix, delimiter, run.io.signal)) {
      await writeOut(run.io.stdout, formatEntry(entry, format))
    }
  } finally {
    await client.close()
  }
}

/** `ls` with no argument: every bucket (creation date, name), like `aws s3 ls`; `--json`: per line. */
async function listBuckets(run: CommandRun): Promise<void> {
  const json = run.values.json === true
  const shown = run.io.stdout.isTTY === true ? escapeControls : (text: string) => text
  const client = openClient(run)
  try {
    const { buckets } = await client.listBuckets(undefined, { signal: run.io.signal })
    for (const { name, creationDate } of buckets) {
      const created = creationDate.toISOString().replace(/\.\d{3}Z$/, 'Z')
      const line = json
        ? jsonLine({ bucket: name, creationDate: creationDate.toISOString() })
        : `${created}  ${shown(name)}\n`
      await writeOut(run.io.stdout, line)
    }
  } finally {
    await client.close()
  }
}

/** The objects and common prefixes of a listing, page after page, in the order the server gives. */
async function* listEntries(
  client: Pick<JssClient, 'listObjects'>,
  bucket: string,
  prefix: string,
  delimiter: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<Entry> {
  const params = {
    bucket,
    ...(prefix === '' ? {} : { prefix }),
    ...(delimiter === undefined ? {} : { delimiter }),
  }
  const seen = new Set<string>()
  // JSS pages by marker; S3's ListObjectsV2 by continuation token (a marker when it gives none).
  let from: { marker?: string; continuationToken?: string } = {}
  for (;;) {
    const page = await client.listObjects({ ...params, ...from }, { signal })
    for (const name of page.commonPrefixes) yield { prefix: name }
    for (const object of page.objects) yield { object }
    if (!page.hasNext) return
    const token = page.nextContinuationToken
    const next = token ?? page.nextMarker ?? lastName(page.objects, page.commonPrefixes)
    // A marker seen before (the pagination goes round in a circle), or a page with nothing on it
    // that promises more (fresh markers forever): the listing does not advance.
    const empty = page.objects.length === 0 && page.commonPrefixes.length === 0
    if (next === undefined || empty || seen.has(next)) throw stuckListing(bucket, next)
    seen.add(next)
    from = token === undefined ? { marker: next } : { continuationToken: token }
  }
}

/** The greatest name of a page: where the next page starts when the server gives no marker. */
function lastName(
  objects: readonly ObjectSummary[],
  prefixes: readonly string[],
): string | undefined {
  const key = objects.at(-1)?.key
  const prefix = prefixes.at(-1)
  if (key === undefined) return prefix
  if (prefix === undefined) return key
  return [key, prefix].sort().at(-1)
}

/** The error of a listing that does not advance. */
function stuckListing(bucket: string, marker: string | undefined): CliError {
  return new CliError(
    'JSS_ERR_CLI',
    `the object listing of ${bucket} does not advance (marker ${JSON.stringify(marker)}): the server's pagination is broken; stopped`,
  )
}

/** One line of `ls`. */
function formatEntry(entry: Entry, format: LsFormat): string {
  const shown = format.terminal ? escapeControls : (text: string) => text
  if ('prefix' in entry) {
    return format.json
      ? jsonLine({ prefix: entry.prefix })
      : `${' '.repeat(32)}PRE ${shown(entry.prefix)}\n`
  }
  const { object } = entry
  if (format.json) {
    return jsonLine({
      key: object.key,
      size: object.size,
      etag: object.etag,
      lastModified: object.lastModified?.toISOString() ?? null,
      storageClass: object.storageClass ?? null,
    })
  }
  const date = object.lastModified?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-'
  const size = format.human ? formatBytes(object.size) : String(object.size)
  return `${date}  ${size.padStart(12)}  ${shown(object.key)}\n`
}
