import { pipeline, type Readable, Transform } from 'node:stream'

/** The floor below which a response body counts as stalled. */
export interface SpeedFloor {
  /** The window, in milliseconds (the body timeout). */
  readonly windowMs: number
  /** Bytes per second averaged over the window; `0` disables the watch. */
  readonly minBytesPerSecond: number
  /** The error the body is destroyed with when it stalls. */
  readonly stalled: () => Error
}

/**
 * Returns `body` through a meter that destroys it with `floor.stalled()` when, over a whole window,
 * fewer than `minBytesPerSecond × window` bytes arrived while the reader was waiting for more (a
 * reader that is itself slow, so that bytes wait in the meter, never makes the body stalled; once
 * the body's end arrived, it is no longer watched, however late the reader comes). An idle
 * timeout alone never ends a body that drips one byte a second; this does (curl's
 * `--speed-limit`/`--speed-time`).
 */
export function watchSpeed(body: Readable, floor: SpeedFloor): Readable {
  const { windowMs, minBytesPerSecond } = floor
  if (minBytesPerSecond === 0 || !Number.isFinite(windowMs)) return body
  const least = (minBytesPerSecond * windowMs) / 1000
  let seen = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      callback(null, chunk)
    },
  })
  const timer = setInterval(() => {
    // the body's end came (its last bytes may wait for the reader): nothing is awaited any more
    if (meter.writableEnded) return clearInterval(timer)
    const readerBehind = meter.readableLength > 0 || meter.writableLength > 0
    if (seen < least && !readerBehind) meter.destroy(floor.stalled())
    seen = 0
  }, windowMs)
  timer.unref()
  meter.once('close', () => clearInterval(timer))
  pipeline(body, meter, () => {})
  return meter
}
