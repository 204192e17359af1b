#!/usr/bin/env node
import { applyV8Flags } from '../dist/v8-flags.js'

// Before the CLI (and undici) load: see v8-flags.ts for why.
applyV8Flags()
const { main } = await import('../dist/main.js')
main()
