import { Writable } from 'node:stream'
import {
  fitProgressLine,
  type ProgressState,
  renderProgressLine,
  smoothRate,
} from './progress-line.js'

/** Where progress goes: stderr, or anything with `write` (and, on a terminal, `columns`). */
export interface ProgressOutput {
  write(text: string): unknown
  /** The terminal's width, as a TTY stream has it. */
  columns?: number | undefined
}

/** The figures the upload reports. */
export interface ProgressFigures {
  bytes: number
  partsInFlight: number
  partsDone: number
  /** Bytes the server has acknowledged; shown beside `bytes` on a terminal when given. */
  bytesStored?: number | undefined
}

/** Options of {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  output: ProgressOutput
  /** Redraw one line in place (a terminal) rather than print one line per tick. */
  live: boolean
  now: () => number
  /** @default 200 for a live line, 2000 otherwise */
  intervalMs?: number
  totalBytes?: number | undefined
  /** Show the parts in flight and done (an upload). @default true */
  parts?: boolean
  /** The terminal's width now. @default `output.columns`, or 80 when unknown */
  columns?: (() => number | undefined) | undefined
}

/** The sequence that returns to the start of the line and erases it. */
const clearLine = '\r\x1b[K'

/** The smoothing window of the live line's rate. */
const rateWindowMs = 5000

/**
 * Prints the progress line on a timer: redrawn in place on a terminal (`\r`, erase to end of line),
 * fitted to the terminal's width, one line per tick otherwise. Other stderr lines go through
 * {@link ProgressReporter.log} (or {@link ProgressReporter.stderr}) so that a live line is erased
 * before them and redrawn after. `stop()` erases a live line, or prints a final line otherwise.
 */
export class ProgressReporter {
  #options: ProgressReporterOptions
  #start: number
  #timer: ReturnType<typeof setInterval> | undefined
  #state: ProgressFigures = { bytes: 0, partsInFlight: 0, partsDone: 0 }
  /** Whether a live line is on the screen now. */
  #shown = false
  #rate: number | undefined
  #sampledAt: number
  #sampledBytes = 0

  constructor(options: ProgressReporterOptions) {
    this.#options = options
    this.#start = options.now()
    this.#sampledAt = this.#start
  }

  /** Starts ticking. */
  start(): void {
    const interval = this.#options.intervalMs ?? (this.#options.live ? 200 : 2000)
    this.#timer = setInterval(() => this.#draw(), interval)
    this.#timer.unref()
  }

  /** Records the latest figures; drawn at the next tick. */
  update(state: Partial<ProgressFigures>): void {
    Object.assign(this.#state, state)
  }

  /** Adds to the bytes so far. */
  addBytes(bytes: number): void {
    this.#state.bytes += bytes
  }

  /** Sets the expected total once it is known (a download learns it from the response). */
  setTotal(totalBytes: number): void {
    this.#options.totalBytes = totalBytes
  }

  /** The line as it would be printed now off a terminal. */
  line(): string {
    const parts = this.#options.parts ?? true
    const state: ProgressState = {
      bytes: this.#state.bytes,
      ...(parts
        ? { partsInFlight: this.#state.partsInFlight, partsDone: this.#state.partsDone }
        : {}),
      elapsedMs: this.#options.now() - this.#start,
      totalBytes: this.#options.totalBytes,
    }
    return renderProgressLine(state)
  }

  /** The live line as it would be drawn now: fitted to the terminal, rate smoothed. */
  liveLine(): string {
    const { bytes, bytesStored, partsInFlight } = this.#state
    return fitProgressLine(
      {
        bytes,
        bytesStored,
        partsInFlight,
        rate: this.#rate ?? 0,
        elapsedMs: this.#options.now() - this.#start,
        totalBytes: this.#options.totalBytes,
      },
      this.#width(),
    )
  }

  /**
   * Writes `text` (whole lines) to the output: a live line is erased first and, while ticking,
   * redrawn after it, so that no line is glued to the progress line.
   */
  log(text: string): void {
    if (!this.#options.live) {
      this.#options.output.write(text)
      return
    }
    const clear = this.#shown ? clearLine : ''
    const redraw = this.#timer !== undefined && text.endsWith('\n')
    this.#shown = redraw
    this.#options.output.write(
      redraw ? `${clear}${text}${this.liveLine()}\x1b[K` : `${clear}${text}`,
    )
  }

  /** A stream for whatever else writes to stderr while the line is shown: every write is a {@link log}. */
  stderr(): Writable & { isTTY?: boolean } {
    const stream = new Writable({
      decodeStrings: false,
      write: (chunk: unknown, _encoding, callback) => {
        this.log(String(chunk))
        callback()
      },
    })
    return Object.assign(stream, { isTTY: this.#options.live })
  }

  /** Stops ticking; erases a live line, or prints the final figures on a non-terminal. */
  stop(): void {
    if (this.#timer === undefined) return
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#shown = false
    this.#options.output.write(this.#options.live ? clearLine : `${this.line()}\n`)
  }

  /** The width the live line may take: one less than the terminal's, so it never wraps. */
  #width(): number {
    const columns = this.#options.columns?.() ?? this.#options.output.columns
    return (columns !== undefined && columns > 0 ? columns : 80) - 1
  }

  /** Takes one sample of the rate from the bytes since the last one. */
  #sample(): void {
    const now = this.#options.now()
    const { bytes } = this.#state
    const elapsed = now - this.#start
    // Over the first window, the average since the start: a first slow tick would weigh too long.
    this.#rate =
      elapsed <= rateWindowMs
        ? smoothRate(undefined, bytes, elapsed)
        : smoothRate(this.#rate, bytes - this.#sampledBytes, now - this.#sampledAt, rateWindowMs)
    this.#sampledAt = now
    this.#sampledBytes = bytes
  }

  #draw(): void {
    if (!this.#options.live) {
      this.#options.output.write(`${this.line()}\n`)
      return
    }
    this.#sample()
    this.#shown = true
    this.#options.output.write(`\r${this.liveLine()}\x1b[K`)
  }
}
