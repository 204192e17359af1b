import { createRequire } from 'node:module'
import type * as Undici from 'undici'

// A module-level `require` (not an inline `createRequire(…)(…)`): the single-executable build
// (tooling/install/src/sea.mjs) swaps exactly this statement for the bundler's own `require`.
const require = createRequire(import.meta.url)
let loaded: typeof Undici | undefined

/**
 * Loads undici on first use (a client created without a dispatcher). Loading undici installs its
 * global dispatcher (which Node's own `fetch` then uses) when none is set: importing this package
 * must not do that, so the package keeps `"sideEffects": false` true.
 */
export function loadUndici(): typeof Undici {
  loaded ??= require('undici') as typeof Undici
  return loaded
}
