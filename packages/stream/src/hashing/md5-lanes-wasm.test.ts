import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { decodeBase64 } from './md5-lanes-compile.js'
import { buildMd5LanesModule } from './md5-lanes-module.js'
import { MD5_LANES_WASM } from './md5-lanes-wasm.js'

const file = new URL('./md5-lanes-wasm.ts', import.meta.url)

describe('MD5_LANES_WASM', () => {
  it('is the module buildMd5LanesModule makes (JSS_WRITE_LANES=1 rewrites it)', async () => {
    const built = buildMd5LanesModule()
    if (process.env.JSS_WRITE_LANES === '1') {
      const text = await readFile(file, 'utf8')
      const head = text.slice(0, text.indexOf('export const'))
      const lines = (
        Buffer.from(built)
          .toString('base64')
          .match(/.{1,96}/g) ?? []
      )
        .map((line) => `  '${line}',`)
        .join('\n')
      await writeFile(
        file,
        `${head}export const MD5_LANES_WASM: string = [\n${lines}\n].join('')\n`,
      )
    }
    expect(Buffer.from(decodeBase64(MD5_LANES_WASM)).equals(Buffer.from(built))).toBe(true)
  })

  it('decodes base64 as Buffer does', () => {
    for (const text of ['', 'AA==', 'AAE=', 'AAEC', '/+8=']) {
      expect(Buffer.from(decodeBase64(text)).equals(Buffer.from(text, 'base64'))).toBe(true)
    }
  })
})
