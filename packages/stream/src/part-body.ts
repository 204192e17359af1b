import { readFile } from 'node:fs/promises'
import type { HashPool } from './hash-pool.js'
import type { ReadPart } from './read-parts.js'

/** The request body of a part: its pooled views, or the spool file read back (replayable). */
export async function partBody(part: ReadPart): Promise<readonly Uint8Array[]> {
  return part.spoolPath === undefined ? part.body : [await readFile(part.spoolPath)]
}

/** MD5 of a part, hex, in a worker thread. */
export function hashPart(hashes: HashPool, part: ReadPart): Promise<string> {
  return part.spoolPath === undefined ? hashes.md5(part.body) : hashes.md5File(part.spoolPath)
}

/** Feeds a part to the running SHA-256 (call in stream order). */
export function feedSha256(hashes: HashPool, part: ReadPart): Promise<void> {
  return part.spoolPath === undefined
    ? hashes.sha256Update(part.body)
    : hashes.sha256UpdateFile(part.spoolPath)
}
