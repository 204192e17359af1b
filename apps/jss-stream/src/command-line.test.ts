import { describe, expect, it } from 'vitest'
import { parseCommandLine } from './command-line.js'
import { UsageError } from './errors.js'

describe('parseCommandLine', () => {
  it('parses a command with its options and global options anywhere', () => {
    const line = parseCommandLine([
      '--endpoint',
      'http://x',
      'put',
      'b/k',
      '--part-size=5MiB',
      '--meta',
      'a=1',
      '--meta',
      'b=2',
      '--no-progress',
      '--verbose',
    ])
    expect(line).toEqual({
      kind: 'run',
      command: 'put',
      positionals: ['b/k'],
      values: {
        endpoint: 'http://x',
        'part-size': '5MiB',
        meta: ['a=1', 'b=2'],
        progress: false,
        verbose: true,
      },
    })
  })

  it('keeps keys that look like options after --', () => {
    const line = parseCommandLine(['rm', '--', 'b/-odd key'])
    expect(line).toMatchObject({ kind: 'run', command: 'rm', positionals: ['b/-odd key'] })
  })

  it('answers --help and help <command>, and --version', () => {
    expect(parseCommandLine(['put', '--help'])).toMatchObject({ kind: 'help', command: 'put' })
    expect(parseCommandLine(['help', 'get'])).toMatchObject({ kind: 'help', command: 'get' })
    expect(parseCommandLine(['-h'])).toMatchObject({ kind: 'help', command: undefined })
    expect(parseCommandLine(['--version'])).toMatchObject({ kind: 'version' })
  })

  it.each([
    [[], 'missing command; run jss-stream --help'],
    [['frobnicate'], 'unknown command "frobnicate"; run jss-stream --help'],
    [['put', 'b/k', '--bogus'], 'unknown option --bogus; run jss-stream put --help'],
    [['get', 'b/k', '--range'], 'option --range needs a value; run jss-stream get --help'],
    [['mb', 'b', '--json'], 'unknown option --json; run jss-stream mb --help'],
    [['put'], 'missing argument; usage: jss-stream put <bucket>/<key> [options] < data'],
    [['mb', 'a', 'b'], 'unexpected argument "b"; usage: jss-stream mb <bucket>'],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError)
    expect(() => parseCommandLine(argv)).toThrow(message)
  })

  it('refuses a value on a boolean option', () => {
    expect(() => parseCommandLine(['put', 'b/k', '--sha256=yes'])).toThrow(
      'option --sha256 takes no value',
    )
  })
})

describe('parseCommandLine: values that start with -', () => {
  it('takes --range -500, --range=-500 and -o - as values', () => {
    for (const argv of [
      ['get', 'b/k', '--range', '-500', '-o', '-'],
      ['get', 'b/k', '--range=-500', '--output=-'],
    ]) {
      expect(parseCommandLine(argv)).toMatchObject({
        kind: 'run',
        values: { range: '-500', output: '-' },
        positionals: ['b/k'],
      })
    }
  })

  it('gives ls -h to --human-readable, and takes several keys for rm', () => {
    expect(parseCommandLine(['ls', 'b', '-h'])).toMatchObject({
      kind: 'run',
      values: { 'human-readable': true },
    })
    expect(parseCommandLine(['get', 'b/k', '-h'])).toMatchObject({ kind: 'help', command: 'get' })
    expect(parseCommandLine(['rm', 'b/a', 'c/d', '-f', '-q'])).toMatchObject({
      kind: 'run',
      values: { force: true, quiet: true },
      positionals: ['b/a', 'c/d'],
    })
  })
})
