import { type PartSchedule, resolvePartSchedule } from '@jss/stream'
import type { CommandRun } from './cli-io.js'
import { TerminalStdinError } from './errors.js'
import { type PutOptions, parsePutOptions } from './put-options.js'
import { formatScheduleMetadata, scheduleMetadataName } from './schedule-metadata.js'
import { quoteArg } from './shell-quote.js'
import { parseObjectTarget, type Target } from './target.js'
import { escapeControls } from './terminal-text.js'

/** What `put` uploads, with which options, and how its messages name it. */
export interface PutPlan {
  target: Target
  options: PutOptions
  /**
   * The part schedule, chosen once by `@jss/stream`'s own `resolvePartSchedule` and handed to
   * `uploadStream`, so that the schedule recorded in the metadata is the one the input is cut with.
   */
  schedule: PartSchedule
  /** The object's metadata, with the part schedule recorded for `get`. */
  metadata: Record<string, string>
  /** `<bucket>/<key>`, as a command argument. */
  object: string
  /** The object shell-quoted and escaped, for prose. */
  objectName: string
  /** The `--resume` file shell-quoted and escaped, for prose; undefined without a journal. */
  journalName: string | undefined
  verbose: boolean
  /** `-q`: no informational lines on stderr. */
  quiet: boolean
}

/** Checks the arguments of `put` (target, options, a standard input that is not a terminal). */
export function planPut(run: CommandRun): PutPlan {
  const { io, values } = run
  const target = parseObjectTarget(run.positionals[0] ?? '')
  Object.assign(run.context, target)
  const options = parsePutOptions(values)
  if (io.stdinIsTerminal ?? io.stdin.isTTY === true) throw new TerminalStdinError()
  const object = `${target.bucket}/${target.key}`
  const schedule = resolvePartSchedule({ partSize: options.partSize, sizeHint: options.sizeHint })
  return {
    target,
    options,
    schedule,
    metadata: recordSchedule(options, schedule),
    object,
    // Shown in prose, escaped; every command is shell-quoted and holds no control character.
    objectName: escapeControls(quoteArg(object)),
    journalName:
      options.journal === undefined ? undefined : escapeControls(quoteArg(options.journal)),
    verbose: values.verbose === true,
    quiet: values.quiet === true,
  }
}

/** The metadata to send: the user's, plus the part schedule `put` will cut the input along. */
function recordSchedule(options: PutOptions, schedule: PartSchedule): Record<string, string> {
  // Recorded with the object so that `get` can verify a multipart ETag (see @jss/stream check-etag.ts).
  return { ...options.metadata, [scheduleMetadataName]: formatScheduleMetadata(schedule) }
}
