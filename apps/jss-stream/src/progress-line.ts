import { formatElapsed } from './duration.js'
import { formatBytes } from './size.js'

/** What the progress line shows. */
export interface ProgressState {
  /** Bytes read from the input so far. */
  bytes: number
  /** Milliseconds since the start. */
  elapsedMs: number
  /** Parts being uploaded right now; not shown when undefined (a download). */
  partsInFlight?: number | undefined
  /** Parts the server has acknowledged. */
  partsDone?: number | undefined
  /** The expected total (`--size`), when known. */
  totalBytes?: number | undefined
}

/**
 * One progress line, without line ending:
 * `12.0 MiB  4.0 MiB/s  2 parts in flight  3 done  0:03`, with `/ total (p%)` after the bytes when
 * the total is known.
 */
export function renderProgressLine(state: ProgressState): string {
  const seconds = state.elapsedMs / 1000
  const rate = seconds > 0 ? state.bytes / seconds : 0
  let amount = formatBytes(state.bytes)
  if (state.totalBytes !== undefined && state.totalBytes > 0) {
    const percent = Math.min(100, Math.floor((state.bytes / state.totalBytes) * 100))
    amount += ` / ${formatBytes(state.totalBytes)} (${percent}%)`
  }
  return `${amount}  ${formatBytes(Math.round(rate))}/s${partsText(state)}  ${formatElapsed(seconds)}`
}

/** `  2 parts in flight  3 done`, or nothing for a download. */
function partsText(state: ProgressState): string {
  if (state.partsInFlight === undefined) return ''
  const inFlight = `${state.partsInFlight} ${state.partsInFlight === 1 ? 'part' : 'parts'} in flight`
  const done = state.partsDone === undefined ? '' : `  ${state.partsDone} done`
  return `  ${inFlight}${done}`
}

/** What the live progress line shows: the figures, plus a smoothed rate. */
export interface LiveProgressState {
  /** Bytes read from the input (or received) so far. */
  bytes: number
  /** Bytes the server has acknowledged (stored parts); undefined where it does not apply. */
  bytesStored?: number | undefined
  /** Milliseconds since the start. */
  elapsedMs: number
  /** Bytes per second, smoothed (see {@link smoothRate}). */
  rate: number
  /** Parts being uploaded right now. */
  partsInFlight: number
  /** The expected total (`--size`, the object's size), when known. */
  totalBytes?: number | undefined
}

/** One field of the live line; when the line is too wide, the lowest `priority` goes first. */
interface LineField {
  text: string
  priority: number
}

/**
 * The rate after one more sample: an exponentially weighted moving average of `deltaBytes` over
 * `deltaMs`, where a sample `windowMs` old weighs 1/e of a new one. The first sample is taken as is.
 */
export function smoothRate(
  previous: number | undefined,
  deltaBytes: number,
  deltaMs: number,
  windowMs = 5000,
): number {
  if (deltaMs <= 0) return previous ?? 0
  const instant = (deltaBytes * 1000) / deltaMs
  if (previous === undefined) return instant
  const weight = 1 - Math.exp(-deltaMs / windowMs)
  return previous + weight * (instant - previous)
}

/** `ETA m:ss` (or `h:mm:ss`) for `remaining` bytes at `rate` bytes/s; undefined when unknowable. */
export function formatEta(remaining: number, rate: number): string | undefined {
  if (!(rate > 0) || !Number.isFinite(remaining)) return undefined
  const seconds = Math.max(0, remaining) / rate
  // Beyond 100 days an estimate says nothing.
  if (!Number.isFinite(seconds) || seconds > 100 * 86400) return undefined
  return `ETA ${formatElapsed(Math.ceil(seconds))}`
}

/** The fields of the live line in display order, each with its priority. */
function liveFields(state: LiveProgressState): LineField[] {
  const stored = state.bytesStored
  const done = stored ?? state.bytes
  const fields: LineField[] = [
    {
      text: stored === undefined ? formatBytes(state.bytes) : `${formatBytes(stored)} stored`,
      priority: 9,
    },
  ]
  if (stored !== undefined) fields.push({ text: `${formatBytes(state.bytes)} read`, priority: 4 })
  const total = state.totalBytes
  if (total !== undefined && total > 0) {
    fields.push({ text: `of ${formatBytes(total)}`, priority: 3 })
    const percent = Math.min(100, Math.floor((done / total) * 100))
    fields.push({ text: `${percent}%`, priority: 8 })
  }
  fields.push({ text: `${formatBytes(Math.round(Math.max(0, state.rate)))}/s`, priority: 6 })
  const eta = total !== undefined && total > 0 ? formatEta(total - done, state.rate) : undefined
  if (eta !== undefined) fields.push({ text: eta, priority: 7 })
  fields.push({ text: `${state.partsInFlight} in flight`, priority: 1 })
  fields.push({ text: formatElapsed(state.elapsedMs / 1000), priority: 2 })
  return fields
}

/**
 * The live progress line, at most `width` characters: fields are dropped, least important first
 * (parts in flight, elapsed time, total, bytes read, rate, ETA, percentage), and the last one left is
 * cut. E.g. `8.0 MiB stored  12.0 MiB read  of 48.0 MiB  16%  4.0 MiB/s  ETA 0:10  2 in flight  0:03`.
 */
export function fitProgressLine(state: LiveProgressState, width: number): string {
  const fields = liveFields(state)
  let line = fields.map((field) => field.text).join('  ')
  while (line.length > width && fields.length > 1) {
    const lowest = fields.reduce((a, b) => (b.priority < a.priority ? b : a))
    fields.splice(fields.indexOf(lowest), 1)
    line = fields.map((field) => field.text).join('  ')
  }
  return line.slice(0, Math.max(0, width))
}
