import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const manifest = require('../package.json') as { name: string; version: string }

/** `@jss/protocol/<version>`: the package and version, sent in every `User-Agent`. */
export const USER_AGENT: string = `${manifest.name}/${manifest.version}`
