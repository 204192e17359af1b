import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { USER_AGENT } from './user-agent.js'
import { PACKAGE_NAME, VERSION } from './version.js'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

describe('version.ts', () => {
  it('is package.json’s name and version (stale: run `pnpm build`, which rewrites it)', () => {
    expect({ name: PACKAGE_NAME, version: VERSION }).toEqual({
      name: manifest.name,
      version: manifest.version,
    })
  })

  it('makes the User-Agent', () => {
    expect(USER_AGENT).toBe(`${manifest.name}/${manifest.version}`)
  })
})
