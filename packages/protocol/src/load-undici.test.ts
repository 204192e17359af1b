import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const src = new URL('./', import.meta.url)
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

describe('the side effect of importing the package', () => {
  it('is in one module, load-undici.ts: no other source file imports undici at run time', () => {
    const importers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .filter((file) =>
        /^import (?!type )[^;']*from 'undici'/m.test(readFileSync(new URL(file, src), 'utf8')),
      )
    expect(importers).toEqual(['load-undici.ts'])
  })

  it('is declared: package.json sideEffects names that module, built and source', () => {
    expect(manifest.sideEffects).toEqual(['./dist/load-undici.js', './src/load-undici.ts'])
  })
})
