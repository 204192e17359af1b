import { defineJssConfig } from '@jss/vitest-config'
import type { ViteUserConfig } from 'vitest/config'

const config: ViteUserConfig = defineJssConfig()

// `@smithy/signature-v4`, the test oracle, depends on `@smithy/core`, whose `module` export is an
// ES build that Node cannot load (extensionless imports): resolve it as Node does, through `node`.
const withoutModule = (conditions: string[] = []) =>
  conditions.filter((condition) => condition !== 'module')
if (config.resolve) config.resolve.conditions = withoutModule(config.resolve.conditions)
if (config.ssr?.resolve) {
  config.ssr.resolve.conditions = withoutModule(config.ssr.resolve.conditions)
}

export default config
