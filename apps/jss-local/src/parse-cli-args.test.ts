import { describe, expect, it } from 'vitest'
import { parseCliArgs, USAGE } from './parse-cli-args.js'

describe('parseCliArgs', () => {
  it('reads every option', () => {
    const command = parseCliArgs([
      '--host',
      '0.0.0.0',
      '--port',
      '9000',
      '--data',
      'd',
      '--access-key',
      'A',
      '--secret-key',
      'S',
      '--bucket',
      'one',
      '--bucket',
      'two',
      '--domain',
      'x.test',
      '--region',
      'cn-north-1',
      '--min-part-size',
      '1KiB',
      '--max-part-size',
      '1MiB',
      '--max-parts',
      '50',
      '--faults',
      '*:500=0.1',
      '--fault-seed',
      '4',
      '--cors',
      'http://localhost:5173',
      '--cors',
      '*',
      '--json',
    ])
    expect(command).toEqual({
      kind: 'run',
      format: 'json',
      background: undefined,
      options: {
        host: '0.0.0.0',
        port: 9000,
        data: 'd',
        credentials: { accessKey: 'A', secretKey: 'S' },
        buckets: ['one', 'two'],
        domains: ['x.test'],
        region: 'cn-north-1',
        minPartSize: 1024,
        maxPartSize: 1024 * 1024,
        maxParts: 50,
        faults: '*:500=0.1',
        faultSeed: 4,
        cors: ['http://localhost:5173', '*'],
      },
    })
  })

  it('reads --env and --background (alias --detach), keeping the server arguments', () => {
    expect(parseCliArgs(['--env'])).toMatchObject({ format: 'env', background: undefined })
    for (const flag of ['--background', '--detach']) {
      const command = parseCliArgs(['--port=0', flag, '--env', '--bucket', 'b', '--env'])
      expect(command).toMatchObject({
        format: 'env',
        background: ['--port=0', '--bucket', 'b', '--json'],
      })
    }
    expect(parseCliArgs(['--background', '--data', 'd'])).toMatchObject({
      format: 'line',
      background: ['--data', 'd', '--json'],
    })
    expect(parseCliArgs(['--json', '--detach', '--bucket=x'])).toMatchObject({
      format: 'json',
      background: ['--bucket=x', '--json'],
    })
  })

  it('defaults everything', () => {
    const command = parseCliArgs([])
    expect(command.kind).toBe('run')
    if (command.kind === 'run') {
      expect(command.format).toBe('line')
      expect(command.background).toBeUndefined()
      expect(Object.values(command.options).every((v) => v === undefined)).toBe(true)
    }
  })

  it('states the contract part limits as the defaults in the help', () => {
    expect(USAGE).toContain('minimum size of every part but the last (default 5MiB)\n')
    expect(USAGE).toContain('maximum size of a part or single PUT (default 5GiB)\n')
    expect(USAGE).toContain('maximum number of parts (default 10000)\n')
  })

  it('takes --max-parts up to the contract 10000', () => {
    const command = parseCliArgs(['--max-parts', '10000'])
    expect(command.kind === 'run' && command.options.maxParts).toBe(10_000)
    expect(() => parseCliArgs(['--max-parts', '10001'])).toThrow('from 1 to 10000')
  })

  it('asks for help', () => {
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' })
    expect(parseCliArgs(['--help', '--port', 'x'])).toEqual({ kind: 'help' })
  })

  it('throws usage errors', () => {
    for (const argv of [
      ['--port', '70000'],
      ['--nope'],
      ['extra'],
      ['--access-key', 'A'],
      ['--max-parts', '0'],
      ['--faults', 'x'],
      ['--json', '--env'],
      ['--background=yes'],
      ['--cors', 'localhost:5173'],
      ['--cors', 'http://localhost:5173/'],
      ['--cors', 'http://a b'],
      ['--cors', 'http://localhost:70000'],
      ['--cors', 'null'],
      ['--cors', ''],
      ['--region', 'us east'],
      ['--region', ''],
    ]) {
      expect(() => parseCliArgs(argv)).toThrow(
        expect.objectContaining({ code: 'JSS_ERR_INVALID_OPTION' }),
      )
    }
  })
})
