// The package's one module with a side effect at import: undici, when first imported, installs its
// global dispatcher (the one Node's own `fetch` then uses) if none is set. package.json's
// `sideEffects` names this file, so that bundlers keep it; a static import, because a lazy
// `createRequire(import.meta.url)` breaks in bundles (CommonJS output has no `import.meta.url`).
import * as undici from 'undici'

/** The undici module (its `EnvHttpProxyAgent` is the client's default dispatcher). */
export function loadUndici(): typeof undici {
  return undici
}
