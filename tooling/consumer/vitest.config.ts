import { defineJssConfig } from '@jss/vitest-config'
import type { ViteUserConfig } from 'vitest/config'

// Packing, a real `npm install` from the registry and four type checks take a while.
const config: ViteUserConfig = defineJssConfig({
  test: { testTimeout: 300_000, hookTimeout: 300_000 },
})
export default config
