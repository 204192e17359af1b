// Writes src/version.ts from package.json, so that the published code carries its own name and
// version as constants: nothing reads package.json at run time (a bundler would not ship it, or the
// relative path would point at another package.json). Run by `build`; `src/version.test.ts` fails
// when the committed file is stale (e.g. after `changeset version`): run `pnpm build` then.
import { readFileSync, writeFileSync } from 'node:fs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const target = new URL('../src/version.ts', import.meta.url)
const text = `// Written by scripts/write-version.mjs from package.json at build; do not edit.

/** This package's name, as in its package.json. */
export const PACKAGE_NAME = '${manifest.name}'

/** This package's version, as in its package.json. */
export const VERSION = '${manifest.version}'
`
let current = ''
try {
  current = readFileSync(target, 'utf8')
} catch {}
if (current !== text) writeFileSync(target, text)
