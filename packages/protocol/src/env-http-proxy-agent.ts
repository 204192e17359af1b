import { createRequire } from 'node:module'
import type { EnvHttpProxyAgent as UndiciEnvHttpProxyAgent } from 'undici'

const require = createRequire(import.meta.url)

/**
 * undici's `EnvHttpProxyAgent`, loaded from undici's own modules rather than from its index. The
 * index loads all of undici (fetch, WebSocket, caches, mocks), which cost `jss-stream put` about
 * 8.5 MB of resident memory it never uses (measured with the benchmark harness; see
 * docs/benchmarks.md); these modules are only the dispatchers and the request API. undici is pinned
 * to one version (the pnpm catalog), and the test beside this file checks that this is the very class
 * undici exports and that its instances can `request()`.
 */
export const EnvHttpProxyAgent: typeof UndiciEnvHttpProxyAgent = loadEnvHttpProxyAgent()

function loadEnvHttpProxyAgent(): typeof UndiciEnvHttpProxyAgent {
  const dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: object }
  // undici's index gives every dispatcher its request API this way; without the index, do the same.
  if (!('request' in dispatcher.prototype)) {
    Object.assign(dispatcher.prototype, require('undici/lib/api/index.js'))
  }
  return require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof UndiciEnvHttpProxyAgent
}
