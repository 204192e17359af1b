import { readFileSync } from 'node:fs'
import { expect, it, vi } from 'vitest'
import { multipartEtag } from '../src/multipart-etag.js'
import { md5 } from './helpers.js'

it('the README example is this file, and it runs against jss-local', async () => {
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8')
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  try {
    await import('./readme-example.js')
    expect(log.mock.calls).toEqual([[multipartEtag([md5('hello '), md5('world')]), 11]])
  } finally {
    log.mockRestore()
  }
})
