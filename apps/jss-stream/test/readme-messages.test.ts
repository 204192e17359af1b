import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { JssLocal } from 'jss-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteArg } from '../src/shell-quote.js'
import { bin, type CliResult, cliEnv, finish, runCli, startServer } from './cli.js'

/** The rows of the README's "Mistakes and their messages" table. */
function readmeRows(): { mistake: string; exit: number; message: string }[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.split('## Mistakes and their messages')[1]?.split('\n## ')[0] ?? ''
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| Mistake'))
    .filter((line) => !/^[|\s:-]+$/.test(line))
    .map((line) => {
      const cells = line
        .replaceAll('\\|', '\u0000')
        .split('|')
        .map((cell) => cell.trim().replaceAll('\u0000', '|'))
      return {
        mistake: cells[1] ?? '',
        exit: Number(cells[3]),
        message: (cells[4] ?? '').replace(/^`|`$/g, ''),
      }
    })
}

let server: JssLocal

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server.close()
})

/** Runs the CLI with a pseudo-terminal as stdin and stdout, through util-linux `script`. */
async function withTerminal(args: string[], env: Record<string, string>): Promise<CliResult> {
  const command = [process.execPath, bin, ...args].map(quoteArg).join(' ')
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const result = await finish(child)
  // The terminal merges stdout and stderr and ends lines with \r\n.
  return { ...result, stderr: result.stdout.toString('utf8').replaceAll('\r\n', '\n') }
}

const scenarios: Record<string, (env: Record<string, string>) => Promise<CliResult>> = {
  'Missing credentials': (env) =>
    runCli(['ls', 'test-bucket'], { ...env, JSS_ACCESS_KEY: '', JSS_SECRET_KEY: '' }),
  'Missing endpoint': (env) => runCli(['ls', 'test-bucket'], { ...env, JSS_ENDPOINT: '' }),
  'Wrong secret key': (env) => runCli(['ls', 'test-bucket'], { ...env, JSS_SECRET_KEY: 'wrong' }),
  'Unknown access key': (env) =>
    runCli(['ls', 'test-bucket'], { ...env, JSS_ACCESS_KEY: 'nobody' }),
  'Bad bucket name': (env) => runCli(['put', 'Bad_Bucket/x'], env, 'data'),
  'Other scheme': (env) => runCli(['get', 's3://test-bucket/k'], env),
  'Missing profile': (env) =>
    runCli(['--profile', 'backup', 'ls', 'test-bucket'], {
      ...env,
      HOME: '/nonexistent',
      XDG_CONFIG_HOME: '/nonexistent/.config',
    }),
  'Key too long': (env) => runCli(['rm', `test-bucket/${'k'.repeat(1100)}`], env),
  'Unreachable endpoint': (env) =>
    runCli(['ls', 'test-bucket'], { ...env, JSS_ENDPOINT: 'http://127.0.0.1:9' }),
  'No such bucket': (env) => runCli(['ls', 'no-such-bucket'], env),
  'No such key': (env) => runCli(['get', 'test-bucket/no-such-key'], env),
  'Terminal on stdin': (env) => withTerminal(['put', 'test-bucket/x'], env),
  'Terminal on stdout': (env) => withTerminal(['get', 'test-bucket/x'], env),
  'Unknown option': (env) => runCli(['put', 'test-bucket/x', '--part-sise', '8M'], env, 'data'),
  'Bad size': (env) => runCli(['put', 'test-bucket/x', '--part-size', '8Q'], env, 'data'),
}

describe('the README table of mistakes', () => {
  const rows = readmeRows()

  it('has a row for every scenario and a scenario for every row', () => {
    expect(rows.map((row) => row.mistake).sort()).toEqual(Object.keys(scenarios).sort())
  })

  it.each(rows)(
    '$mistake: exit $exit and the exact message',
    async ({ mistake, exit, message }) => {
      const scenario = scenarios[mistake]
      expect(scenario).toBeDefined()
      const result = await scenario!(cliEnv(server))
      expect(result.stderr).toBe(`${message}\n`)
      expect(result.code).toBe(exit)
      expect(result.stderr).not.toContain(server.credentials.secretKey)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    },
  )
})
