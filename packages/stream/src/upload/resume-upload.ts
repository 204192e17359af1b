import { isServiceError, type Part } from '@jss/protocol'
import { JournalMismatchError } from '../errors.js'
import type { Journal, JournalPart } from './journal.js'
import type { UploadClient } from './upload-client.js'
import type { UploadEvent } from './upload-options.js'

/** What a resumed upload starts from. */
export interface ResumeState {
  readonly uploadId: string
  /** Parts the journal holds, by number. */
  readonly journaled: ReadonlyMap<number, JournalPart>
  /** Parts the server holds, by number. */
  readonly stored: ReadonlyMap<number, Part>
}

/** Options of {@link resumeUpload}. */
export interface ResumeUploadOptions {
  readonly client: UploadClient
  readonly bucket: string
  readonly key: string
  readonly cutIntoParts: boolean
  /** The journal file, for the messages. */
  readonly path: string
  readonly signal?: AbortSignal | undefined
  readonly emit: (event: UploadEvent) => void
}

/**
 * Checks a journal against the request and lists what the server holds of its upload. Returns
 * `undefined` (after a `upload-gone` event) when the upload no longer exists, to start over.
 */
export async function resumeUpload(
  journal: Journal,
  { client, bucket, key, cutIntoParts, path, signal, emit }: ResumeUploadOptions,
): Promise<ResumeState | undefined> {
  // Trying again the same way fails the same way: the hint says what to change instead.
  const other = `use another journal file, or remove this one (upload ${journal.uploadId} of ${journal.bucket}/${journal.key} stays open until it is resumed with it or aborted)`
  if (journal.bucket !== bucket || journal.key !== key) {
    throw new JournalMismatchError(
      `the journal ${path} is for ${journal.bucket}/${journal.key}, not ${bucket}/${key}: ${other}`,
      undefined,
      'object',
    )
  }
  if ((journal.schedule === null) !== cutIntoParts) {
    throw new JournalMismatchError(
      `the journal ${path} is of an upload that read its input ${journal.schedule === null ? 'as parts' : 'as a byte stream'}, not ${cutIntoParts ? 'as parts' : 'as a byte stream'}: ${other}`,
      undefined,
      'mode',
    )
  }
  const stored = new Map<number, Part>()
  try {
    const params = { bucket, key, uploadId: journal.uploadId }
    for await (const part of client.paginateParts(params, { signal })) {
      stored.set(part.partNumber, part)
    }
  } catch (error) {
    if (!isServiceError(error, 'NoSuchUpload')) throw error
    emit({ type: 'upload-gone', uploadId: journal.uploadId, cause: error })
    return undefined
  }
  emit({ type: 'resumed', uploadId: journal.uploadId, journaledParts: journal.parts.length })
  return {
    uploadId: journal.uploadId,
    journaled: new Map(journal.parts.map((p) => [p.partNumber, p])),
    stored,
  }
}
