import { defineJssConfig } from '@jss/vitest-config'
import type { ViteUserConfig } from 'vitest/config'

const config: ViteUserConfig = defineJssConfig()
export default config
