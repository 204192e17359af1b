import { setFlagsFromString } from 'node:v8'
import { compileMd5Lanes } from '@jss/stream/md5-lanes'

/**
 * V8 settings the bin applies before anything else is loaded, each for a measured reason (peak RSS of
 * `jss-stream put`, 8 MiB parts, concurrency 4; see docs/benchmarks.md):
 *
 * - `--liftoff-only`: undici parses HTTP with llhttp compiled to WebAssembly. V8 first compiles it
 *   with its baseline compiler (Liftoff) and then recompiles hot functions with TurboFan on a
 *   background thread, whose compilation zone took about 25 MB for a moment early in every upload —
 *   the largest single item in the peak. Liftoff code parses at the same loopback throughput.
 *   V8 applies it to the modules compiled after it is set, so the hash workers' MD5 lanes
 *   (`compileMd5Lanes`) are compiled before: their speed depends on the optimising compiler
 *   (Liftoff alone: a quarter for one lane, two thirds for four).
 * - `--semi-space-growth-factor=1`: the young generation starts at 1 MiB semi-spaces and otherwise
 *   doubles them whenever enough has survived since the last doubling, which on a long upload never
 *   stops (4 MiB after 3 s, 16 MiB after 11 s: memory growing with the stream's length).
 * - `--optimize-for-size`: the old generation is collected at a smaller multiple of what is live.
 *   What the upload promotes there is short-lived (each part's requests and promises); without it,
 *   the garbage waiting for the next collection added up to 5 MB to the peak of a long upload.
 *   Not for `get`: it holds whole ranges until their turn, so their chunks are promoted, and the
 *   frequent old-generation collections cost a third of its time (1 GiB from jss-local, no
 *   hashing: 4.4 s with it, 3.3 s without, for about 30 MB more peak).
 *
 * Flags set at run time apply to what V8 compiles and allocates afterwards, which is why the bin
 * calls this before it imports the CLI (and with it undici). V8 raises the growth factor back to 2
 * each time it configures a new isolate's heap, as it does for every worker thread (the hash
 * workers), so the flags are applied again whenever a worker comes online.
 */
export function applyV8Flags(): void {
  // The command word, read before the command line is parsed: a guess that only tunes the heap.
  const forSize = !process.argv.slice(2).includes('get')
  compileMd5Lanes()
  const setFlags = (): void => {
    setFlagsFromString('--liftoff-only')
    setFlagsFromString('--semi-space-growth-factor=1')
    if (forSize) setFlagsFromString('--optimize-for-size')
  }
  setFlags()
  process.on('worker', (worker) => worker.once('online', setFlags))
}
