import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quoteArg, repeatCommand } from './shell-quote.js'

describe('quoteArg', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(quoteArg('b/dir/file.tar')).toBe('b/dir/file.tar')
    expect(quoteArg('dir/ünï cødé %+3.bin')).toBe(`'dir/ünï cødé %+3.bin'`)
    expect(quoteArg("it's")).toBe(`'it'\\''s'`)
    expect(quoteArg('')).toBe(`''`)
  })

  it('survives a round trip through sh', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 0, maxLength: 12 }).filter((s) => !s.includes('\0')),
          { maxLength: 4 },
        ),
        (args) => {
          const script = `printf '%s\\0' ${args.map(quoteArg).join(' ')}`
          const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' })
          expect(args.length === 0 ? [] : out.split('\0').slice(0, -1)).toEqual(args)
        },
      ),
      { numRuns: 25 },
    )
  })
})

describe('repeatCommand', () => {
  it('drops the secret key and its value', () => {
    expect(
      repeatCommand(['put', 'b/k k', '--secret-key', 'hunter2', '--secret-key=x', '--resume', 'j']),
    ).toBe(`jss-stream put 'b/k k' --resume j`)
  })
})
