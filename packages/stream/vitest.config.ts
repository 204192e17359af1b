import { defineJssConfig } from '@jss/vitest-config'
import type { ViteUserConfig } from 'vitest/config'

// Every suite in the JSS dialect; those against jss-local again in the S3 dialect (same port, same
// store): @jss/stream must work unchanged over either.
const config: ViteUserConfig = defineJssConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'jss' } },
      {
        extends: true,
        test: {
          name: 's3',
          include: ['test/**/*.test.ts'],
          env: { JSS_TEST_DIALECT: 's3' },
        },
      },
    ],
  },
})
export default config
