import type { Readable, Writable } from 'node:stream'
import type { OptionValues } from './command-line.js'
import type { Env } from './config.js'
import type { ErrorContext } from './describe-error.js'
import type { InputKind } from './read-file-descriptor.js'

/** Everything of the process a command may use; `main` fills it from `process`, tests from fakes. */
export interface CliIo {
  /** Arguments after node and the script. */
  argv: readonly string[]
  env: Env
  stdin: Readable & { isTTY?: boolean }
  /**
   * What standard input (descriptor 0) is: for a `file` or a `pipe`, `put` reads the descriptor itself
   * into reused buffers instead of through `stdin` (no allocation per read). Undefined or `stream`:
   * `stdin` is used.
   */
  stdinKind?: InputKind | undefined
  /** Whether standard input is a terminal, known without creating `stdin`. */
  stdinIsTerminal?: boolean | undefined
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  /**
   * Aborted on the first SIGINT or SIGTERM (reason: an InterruptedError) or when standard output
   * is closed (reason: a StdoutClosedError).
   */
  signal: AbortSignal
  /**
   * What the command would leave behind if the process died now: checked and printed when a signal
   * after the grace period exits before the clean-up ended.
   */
  leftBehind: Map<string, LeftBehind>
  now: () => number
  version: string
}

/** Something an interrupted command may leave behind: an open upload, a journal. */
export interface LeftBehind {
  /** What it is and how to remove or resume it, e.g. `open multipart upload … of …; remove it with: …`. */
  text: string
  /**
   * Whether it is still there (true), gone (false); rejects when that cannot be known. Called with a
   * signal that aborts it after a short time. Without it, it is taken to be there.
   */
  check?: (signal: AbortSignal) => Promise<boolean>
}

/** One command's run: the I/O, its parsed options and positionals, and what it works on. */
export interface CommandRun {
  io: CliIo
  values: OptionValues
  positionals: string[]
  /** Filled by the command as it learns it (endpoint, bucket, key), for error messages. */
  context: ErrorContext
}
