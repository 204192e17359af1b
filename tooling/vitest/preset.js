import { defineConfig, mergeConfig } from 'vitest/config'

/**
 * Workspace packages are resolved through their `@jss/source` export condition, so tests always run
 * against the sources of every upstream package and never against a stale `dist/`.
 */
const conditions = ['@jss/source', 'module', 'node', 'import', 'default']
const nodeMajor = process.versions.node.split('.')[0]

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
    reporters: ['default', ['json', { outputFile: `test-results/node${nodeMajor}.json` }]],
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
