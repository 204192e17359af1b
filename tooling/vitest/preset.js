import { defineConfig, mergeConfig } from 'vitest/config'

/**
 * Workspace packages are resolved through their `@jss/source` export condition, so tests always run
 * against the sources of every upstream package and never against a stale `dist/`.
 */
const conditions = ['@jss/source', 'module', 'node', 'import', 'default']
/**
 * One report per package script (`test` → `test-results/test.json`, `test:node24` →
 * `test-results/test-node24.json`), whatever the Node version, so that turbo's declared outputs
 * match the files written and a cache hit restores exactly the report of that run.
 */
const script = process.env.npm_lifecycle_event ?? ''
const reportName = script.startsWith('test') ? script.replace(/[^a-z0-9-]+/gi, '-') : 'test'

/** @type {import('vitest/config').ViteUserConfig} */
const preset = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@jss/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report feeds the one-line total that `npm test` prints at the end.
    reporters: ['default', ['json', { outputFile: `test-results/${reportName}.json` }]],
    passWithNoTests: false,
    allowOnly: false,
  },
}

/**
 * The shared preset, merged with a package's own settings.
 * @param {import('vitest/config').ViteUserConfig} [overrides]
 * @returns {import('vitest/config').ViteUserConfig}
 * @example
 * // vitest.config.ts
 * import { defineJssConfig } from '@jss/vitest-config'
 * export default defineJssConfig({ test: { testTimeout: 60_000 } })
 */
export function defineJssConfig(overrides = {}) {
  return defineConfig(mergeConfig(preset, overrides))
}
