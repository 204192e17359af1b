/** How much lower the hash workers' priority is than the uploader's when they could take every core. */
export const DEFAULT_HASH_WORKER_NICE: number = 10

/**
 * How many MD5 workers an upload starts at most by default: one per core but one, which the
 * uploader's own thread needs (reading the source, sending the parts), and never fewer than one nor
 * more than the parts in flight.
 */
export function defaultHashWorkers(concurrency: number, cores: number): number {
  return Math.max(1, Math.min(concurrency, cores - 1))
}

/**
 * The default of `hashWorkerNice`: {@link DEFAULT_HASH_WORKER_NICE} when the hash workers could
 * take every core (then the latency-bound work — reading the source, sending the parts — must come
 * first), else 0: with a core left to the uploader, the workers are what the upload waits for, and a
 * lowered priority only hands their time to the processes at either end (measured 5 % slower on 2
 * cores with one worker; docs/benchmarks.md).
 */
export function defaultHashWorkerNice(workers: number, cores: number): number {
  return workers >= cores ? DEFAULT_HASH_WORKER_NICE : 0
}
