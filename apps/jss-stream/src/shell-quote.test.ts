import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quoteArg, repeatCommand, shellCommand } from './shell-quote.js'
import { hasControls } from './terminal-text.js'

/** Any string without NUL (which no shell argument can hold): controls, quotes, and all of Unicode. */
const char = fc.oneof(
  fc.constantFrom(
    '\n',
    '\r',
    '\x1b',
    '\x7f',
    "'",
    '"',
    '\\',
    '$',
    '`',
    '%',
    ' ',
    '*',
    '\u009b',
    '\u202e',
  ),
  fc
    .integer({ min: 1, max: 0x10ffff })
    .filter((code) => code < 0xd800 || code > 0xdfff)
    .map((code) => String.fromCodePoint(code)),
)
const arg = fc.array(char, { maxLength: 16 }).map((chars) => chars.join(''))

function shArgs(script: string): string[] {
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' })
  return out.split('\0').slice(0, -1)
}

describe('quoteArg', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(quoteArg('b/dir/file.tar')).toBe('b/dir/file.tar')
    expect(quoteArg('dir/ünï cødé %+3.bin')).toBe(`'dir/ünï cødé %+3.bin'`)
    expect(quoteArg("it's")).toBe(`'it'\\''s'`)
    expect(quoteArg('')).toBe(`''`)
  })

  it("sh -c 'printf %s <quoted>' prints back exactly the input, for any string without NUL", () => {
    fc.assert(
      fc.property(arg, (s) => {
        const out = execFileSync('sh', ['-c', `printf %s ${quoteArg(s)}`])
        expect(out.equals(Buffer.from(s, 'utf8'))).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('survives a round trip through sh, several arguments', () => {
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 4 }), (args) => {
        const script = `printf '%s\\0' ${args.map(quoteArg).join(' ')}`
        expect(args.length === 0 ? [] : shArgs(script)).toEqual(args)
      }),
      { numRuns: 25 },
    )
  })
})

describe('shellCommand', () => {
  it('is quoteArg joined when no word holds a control character', () => {
    expect(shellCommand(['jss-stream', 'abort', 'b/k k', "x'; touch /tmp/p; '"])).toBe(
      `jss-stream abort 'b/k k' 'x'\\''; touch /tmp/p; '\\'''`,
    )
  })

  it('builds a word with control characters with printf, trailing line feeds kept', () => {
    expect(shellCommand(['jss-stream', 'rm', 'b/\x1b[31m\n'])).toBe(
      `k1=$(printf 'b/\\033[31m\\012_'); jss-stream rm "\${k1%_}"`,
    )
  })

  it('holds no control character and gives sh exactly the words, for any words without NUL', () => {
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 3 }), (args) => {
        const command = shellCommand(['printf', '%s\\0', ...args])
        expect(hasControls(command)).toBe(false)
        expect(args.length === 0 ? [] : shArgs(command)).toEqual(args)
      }),
      { numRuns: 40 },
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
