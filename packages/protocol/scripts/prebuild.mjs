// Run by `build` before tsc:
// - removes dist/, so that a module since removed from src/ never ships as a stale file;
// - writes src/version.ts from package.json, so that the published code carries its own name and
//   version as constants: nothing reads package.json at run time (a bundler would not ship it, or
//   the relative path would point at another package.json). `src/version.test.ts` fails when the
//   committed file is stale (e.g. after `changeset version`): run `pnpm build` then.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const target = new URL('../src/version.ts', import.meta.url)
const text = `// Written by scripts/prebuild.mjs from package.json at build; do not edit.

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
