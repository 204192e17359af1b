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
