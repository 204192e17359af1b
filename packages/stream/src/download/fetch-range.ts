import type { JssClient } from '@jss/protocol'
import { DownloadIntegrityError, RangeIncompleteError } from '../errors.js'
import type { ByteRange } from './plan-ranges.js'

/**
 * The client calls a download makes, and the store's multipart ETag rule (`multipartEtag`: a
 * `JssClient` has it, in its dialect; without it, JSS's rule).
 */
export type DownloadClient = Pick<JssClient, 'headObject' | 'getObject'> &
  Partial<Pick<JssClient, 'multipartEtag'>>

/** How many times one range's body is read again from the byte reached after it broke. */
export const MAX_RESUMES = 5

/** What {@link fetchRange} reads: one range of one version of an object. */
export interface FetchRangeOptions {
  readonly client: DownloadClient
  readonly bucket: string
  readonly key: string
  /** The object's ETag from HEAD, unquoted lowercase: every answer must carry it. */
  readonly etag: string
  readonly range: ByteRange
  /** The range is the whole object: read it with a plain GET (no `Range`) at first. */
  readonly whole: boolean
  readonly signal: AbortSignal
  /** Told before each resumed request: the byte it starts at, and why the last read stopped. */
  readonly onResume?: ((offset: number, error: unknown) => void) | undefined
  /** The body of a GET of `range` already answered (and checked): read first, then resumed. */
  readonly opened?: AsyncIterable<unknown> | undefined
  /**
   * Takes each chunk as it arrives, in order, instead of collecting them: `fetchRange` then
   * resolves with no chunks. A promise it returns is awaited (the body waits); a taker that returns
   * nothing costs no promise per chunk.
   */
  readonly onChunk?: ((chunk: Buffer) => Promise<void> | void) | undefined
}

/** An ETag unquoted and lowercase, for comparisons. */
export function normalizeEtag(etag: string): string {
  return etag.replaceAll('"', '').toLowerCase()
}

/**
 * The bytes of `range`, as the chunks that arrived (never copied into one buffer). The client retries a failed request; a body that breaks or
 * ends early is read again from the byte reached, up to {@link MAX_RESUMES} times, then fails with
 * a {@link RangeIncompleteError} (its `cause` the last failure). An answer with another ETag fails
 * with a {@link DownloadIntegrityError} (`changed`). An abort rejects with `signal.reason`.
 */
export async function fetchRange(options: FetchRangeOptions): Promise<Buffer[]> {
  const { range, signal } = options
  const chunks: Buffer[] = []
  let reached = range.start
  let opened = options.opened
  for (let resumes = 0; ; resumes++) {
    const fresh = options.whole && reached === range.start
    const body =
      opened ?? (await openRange(options, fresh ? undefined : { start: reached, end: range.end }))
    opened = undefined
    let failure: unknown
    try {
      for await (const chunk of body) {
        const bytes = chunk as Buffer
        if (reached + bytes.byteLength > range.end) {
          reached += bytes.byteLength
          break // too long: refused below, before anything of it is taken
        }
        if (options.onChunk) {
          const taking = take(options.onChunk, bytes)
          if (taking) await taking
        } else chunks.push(bytes)
        reached += bytes.byteLength
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (error instanceof TakeFailure) throw error.error
      failure = error
    }
    if (reached > range.end) throw new RangeIncompleteError(range, reached, resumes)
    if (reached === range.end) return chunks
    failure ??= new Error(`the body ended at byte ${reached}`)
    if (resumes >= MAX_RESUMES) {
      throw new RangeIncompleteError(range, reached, resumes, { cause: failure })
    }
    options.onResume?.(reached, failure)
  }
}

/** A failure of `onChunk` (the taker, not the body): never resumed. */
class TakeFailure {
  readonly error: unknown
  constructor(error: unknown) {
    this.error = error
  }
}

/**
 * Hands `chunk` to `onChunk`: its promise, when it returns one, to await; a failure of it, thrown or
 * rejected, becomes a {@link TakeFailure}.
 */
function take(
  onChunk: (chunk: Buffer) => Promise<void> | void,
  chunk: Buffer,
): Promise<void> | undefined {
  let taking: Promise<void> | void
  try {
    taking = onChunk(chunk)
  } catch (error) {
    throw new TakeFailure(error)
  }
  if (!taking) return undefined
  return taking.then(undefined, (error: unknown) => {
    throw new TakeFailure(error)
  })
}

/** GET of `range` (the whole object when undefined), checked to be of the version of `etag`. */
async function openRange(
  { client, bucket, key, etag, signal }: FetchRangeOptions,
  range: ByteRange | undefined,
): Promise<AsyncIterable<unknown>> {
  const answer = await client.getObject(
    { bucket, key, range: range && { start: range.start, end: range.end - 1 } },
    { signal },
  )
  const answered = normalizeEtag(answer.etag)
  if (answered !== etag) {
    answer.body.destroy()
    throw new DownloadIntegrityError('changed', etag, answered)
  }
  return answer.body
}
