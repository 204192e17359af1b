// The hand-written part of docs/benchmarks.md — dated runs and analyses — which a full `pnpm bench`
// must not wipe: everything from NOTES_MARKER on is kept when the report is written again.

/** The line that starts the kept part of a report file. */
export const NOTES_MARKER =
  '<!-- Hand-written, dated runs follow. A full `pnpm bench` rewrites what is above this line and keeps everything from it on. -->'

/**
 * The file to write: `report`, then what `previous` (the file's current text, or undefined when
 * there is none) holds from NOTES_MARKER on, unchanged; `report` alone when it has no marker.
 */
export function keepNotes(report, previous) {
  const at = typeof previous === 'string' ? previous.indexOf(NOTES_MARKER) : -1
  if (at < 0) return report
  return `${report.trimEnd()}\n\n${previous.slice(at)}`
}
