import { defineJssConfig } from '@jss/vitest-config'
import type { ViteUserConfig } from 'vitest/config'

const config: ViteUserConfig = defineJssConfig()
// The AWS SDK (a dev dependency of the interop test) publishes `module` builds (dist-es) whose
// imports have no file extension, which Node cannot load: resolve it without that condition.
const conditions = ['@jss/source', 'node', 'import', 'default']
config.resolve = { ...config.resolve, conditions }
config.ssr = { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } }
export default config
