import type { ViteUserConfig } from 'vitest/config'
export declare function defineJssConfig(overrides?: ViteUserConfig): ViteUserConfig
