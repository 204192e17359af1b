import type { ObjectInfo } from '@jss/protocol'
import type { CommandRun } from '../cli-io.js'
import { openClient } from '../open-client.js'
import { formatBytes } from '../size.js'
import { parseObjectTarget, type Target } from '../target.js'
import { escapeControls, jsonLine } from '../terminal-text.js'
import { writeOut } from '../write-out.js'

/** `stat <bucket>/<key>`: an object's size, ETag, type, date, storage class and user metadata. */
export async function stat(run: CommandRun): Promise<void> {
  const target = parseObjectTarget(run.positionals[0] ?? '')
  Object.assign(run.context, target)
  const client = openClient(run)
  try {
    const info = await client.headObject(target, { signal: run.io.signal })
    const text =
      run.values.json === true ? jsonLine(statSummary(target, info)) : statLines(target, info)
    await writeOut(run.io.stdout, text)
  } finally {
    await client.close()
  }
}

/** The JSON object of `stat --json`. */
export function statSummary(target: Target, info: ObjectInfo): Record<string, unknown> {
  return {
    bucket: target.bucket,
    key: target.key,
    size: info.contentLength,
    etag: info.etag,
    contentType: info.contentType ?? null,
    lastModified: info.lastModified?.toISOString() ?? null,
    storageClass: info.storageClass ?? null,
    metadata: info.metadata,
  }
}

/** The lines of `stat` for people: `Name: value`, control characters escaped. */
export function statLines(target: Target, info: ObjectInfo): string {
  const lines: [string, string][] = [
    ['Name', `${target.bucket}/${target.key}`],
    ['Size', `${info.contentLength} (${formatBytes(info.contentLength)})`],
    ['ETag', info.etag],
    ['Content-Type', info.contentType ?? '-'],
    ['Last-Modified', info.lastModified?.toISOString().replace(/\.\d{3}Z$/, 'Z') ?? '-'],
    ['Storage-Class', info.storageClass ?? '-'],
    ...Object.entries(info.metadata).map(([name, value]): [string, string] => [
      `Meta ${name}`,
      value,
    ]),
  ]
  return lines.map(([name, value]) => `${`${name}:`.padEnd(15)}${escapeControls(value)}\n`).join('')
}
