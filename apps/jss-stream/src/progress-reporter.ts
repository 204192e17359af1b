import { type ProgressState, renderProgressLine } from './progress-line.js'

/** Where progress goes: stderr, or anything with `write`. */
export interface ProgressOutput {
  write(text: string): unknown
}

/** The figures the upload reports. */
export interface ProgressFigures {
  bytes: number
  partsInFlight: number
  partsDone: number
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
}

/**
 * Prints the progress line on a timer: redrawn in place on a terminal (`\r`, erase to end of line),
 * one line per tick otherwise. `stop()` erases a live line, or prints a final line otherwise.
 */
export class ProgressReporter {
  #options: ProgressReporterOptions
  #start: number
  #timer: ReturnType<typeof setInterval> | undefined
  #state: ProgressFigures = { bytes: 0, partsInFlight: 0, partsDone: 0 }

  constructor(options: ProgressReporterOptions) {
    this.#options = options
    this.#start = options.now()
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

  /** The line as it would be drawn now. */
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

  /** Stops ticking; erases a live line, or prints the final figures on a non-terminal. */
  stop(): void {
    if (this.#timer === undefined) return
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#options.output.write(this.#options.live ? '\r\x1b[K' : `${this.line()}\n`)
  }

  #draw(): void {
    const line = this.line()
    this.#options.output.write(this.#options.live ? `\r${line}\x1b[K` : `${line}\n`)
  }
}
