import { existsSync } from 'node:fs'
import { JournalInvalidError, JournalMismatchError } from '@jss/stream'
import type { CommandRun } from './cli-io.js'
import { InterruptedError } from './errors.js'
import { isUploadOpen } from './is-upload-open.js'
import type { PutPlan } from './put-plan.js'
import { repeatCommand, shellCommand } from './shell-quote.js'
import { escapeControls } from './terminal-text.js'

const nothing = 'nothing left behind'

/**
 * What a `put` leaves behind (an open multipart upload, a `--resume` journal), noted as it learns
 * it: kept in `io.leftBehind` for a late signal, and told when the upload fails.
 */
export class PutLeftBehind {
  #run: CommandRun
  #plan: PutPlan
  #uploadId: string | undefined
  #abortFailed = false

  constructor(run: CommandRun, plan: PutPlan) {
    this.#run = run
    this.#plan = plan
  }

  /** Notes the `--resume` journal, until an upload is known. */
  noteJournal(): void {
    const { journal } = this.#plan.options
    if (journal === undefined) return
    this.#run.io.leftBehind.set('journal', {
      text: `journal ${this.#plan.journalName}`,
      check: async () => existsSync(journal),
    })
  }

  /** Notes the multipart upload started or resumed: what a late signal leaves open. */
  noteUpload(uploadId: string): void {
    this.#uploadId = uploadId
    const { leftBehind } = this.#run.io
    leftBehind.delete('journal')
    leftBehind.set('upload', {
      text: this.#describeUpload(uploadId),
      check: (signal) => isUploadOpen(this.#run, this.#plan.target, uploadId, signal),
    })
  }

  /** Notes that the upload could not be aborted after a failure: its parts stay. */
  noteAbortFailed(): void {
    this.#abortFailed = true
  }

  /**
   * The error a failed upload is reported with: after a signal, an InterruptedError that tells what
   * was left behind; otherwise `error`, with what was kept printed on stderr.
   */
  explainFailure(error: unknown): unknown {
    const { io } = this.#run
    const leftover = this.#describeLeftover(error)
    const reason: unknown = io.signal.aborted ? io.signal.reason : undefined
    if (reason instanceof InterruptedError) {
      return new InterruptedError(reason.signalName, leftover)
    }
    if (this.#kept() && leftover !== nothing) io.stderr.write(`jss-stream: ${leftover}\n`)
    return error
  }

  /** Whether a failure keeps what it made: a journal, `--keep-on-error`, or a failed abort. */
  #kept(): boolean {
    const { options } = this.#plan
    return options.journal !== undefined || options.leavePartsOnError || this.#abortFailed
  }

  /** What the failed upload left behind, as a phrase. */
  #describeLeftover(error: unknown): string {
    const uploadId = this.#uploadId
    if (uploadId === undefined) return this.#describeJournal(error)
    return this.#kept()
      ? `left behind: ${this.#describeUpload(uploadId)}`
      : `upload ${escapeControls(uploadId)} aborted, nothing left behind`
  }

  /** What became of the journal when the upload failed before it had an id. */
  #describeJournal(error: unknown): string {
    const { options, journalName } = this.#plan
    if (options.journal === undefined || !existsSync(options.journal)) return nothing
    // A journal that is broken or for another upload fails the same way every time it is rerun.
    const unusable =
      error instanceof JournalInvalidError ||
      (error instanceof JournalMismatchError && error.mismatch !== 'input')
    return unusable
      ? `journal ${journalName} kept, unchanged; it cannot resume this upload: use another --resume file, or remove this one`
      : `journal ${journalName} kept; resume by piping the same data into: ${repeatCommand(this.#run.io.argv)}`
  }

  /** An open upload, and how to remove it (or, with a journal, resume it). */
  #describeUpload(uploadId: string): string {
    const { object, objectName, journalName, options } = this.#plan
    const id = escapeControls(uploadId)
    if (options.journal === undefined) {
      const abort = shellCommand(['jss-stream', 'abort', object, uploadId])
      return `open multipart upload ${id} of ${objectName}; remove it with: ${abort}`
    }
    return `open multipart upload ${id} of ${objectName} and journal ${journalName}; resume by piping the same data into: ${repeatCommand(this.#run.io.argv)}`
  }
}
