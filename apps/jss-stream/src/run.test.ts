import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { CliIo } from './cli-io.js'
import { commandNames, helpText } from './help.js'
import { run } from './run.js'

function fakeIo(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()))
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()))
  const io: CliIo = {
    argv,
    env,
    stdin: new PassThrough(),
    stdout,
    stderr,
    signal: new AbortController().signal,
    leftBehind: new Map(),
    now: () => 0,
    version: '9.9.9',
  }
  return { io, out: () => out.join(''), err: () => err.join('') }
}

describe('run', () => {
  it('prints the version and the help on stdout', async () => {
    const version = fakeIo(['--version'])
    expect(await run(version.io)).toBe(0)
    expect(version.out()).toBe('9.9.9\n')
    const help = fakeIo(['--help'])
    expect(await run(help.io)).toBe(0)
    expect(help.out()).toBe(helpText())
  })

  it.each(commandNames)('has help with examples for %s', async (command) => {
    const { io, out } = fakeIo([command, '--help'])
    expect(await run(io)).toBe(0)
    expect(out()).toContain(`Usage: jss-stream ${command}`)
    expect(out()).toContain('Examples:')
    expect(out()).toContain('--endpoint URL')
  })

  it('reports a usage error in one line, exit 2, no stack trace', async () => {
    const { io, out, err } = fakeIo(['put', 'Bad_Bucket/key'])
    expect(await run(io)).toBe(2)
    expect(out()).toBe('')
    expect(err()).toMatch(/^jss-stream: invalid bucket name "Bad_Bucket": [^\n]*\n$/)
  })

  it('prints the stack trace with --debug', async () => {
    const { io, err } = fakeIo(['put', 'Bad_Bucket/key', '--debug'])
    expect(await run(io)).toBe(2)
    expect(err()).toMatch(/^jss-stream: invalid bucket name[^\n]*\nUsageError: [^\n]*\n\s+at /)
  })

  it('refuses a terminal on stdin for put before anything else', async () => {
    const { io, err } = fakeIo(['put', 'bucket/key'])
    Object.assign(io.stdin, { isTTY: true })
    expect(await run(io)).toBe(2)
    expect(err()).toBe(
      'jss-stream: nothing to read on standard input; pipe data in, e.g. tar c dir | jss-stream put bucket/dir.tar\n',
    )
  })

  it('refuses a terminal on stdout for get unless -o -, before any request', async () => {
    const { io, out, err } = fakeIo(['get', 'bucket/key', '--endpoint', 'http://127.0.0.1:9'])
    Object.assign(io.stdout, { isTTY: true })
    expect(await run(io)).toBe(2)
    expect(out()).toBe('')
    expect(err()).toBe(
      'jss-stream: refusing to write an object to a terminal; use -o FILE, redirect (> file) or pipe it, or -o - to write it here anyway\n',
    )
  })

  it('never echoes the secret key', async () => {
    const { io, err } = fakeIo(['ls', 'bucket', '--secret-key', 's3cr3t', '--endpoint', 'nope'])
    expect(await run(io)).toBe(2)
    expect(err()).toBe(
      'jss-stream: invalid endpoint "nope": use a URL such as https://s-bj.jcloud.com\n',
    )
    expect(err()).not.toContain('s3cr3t')
  })
})
