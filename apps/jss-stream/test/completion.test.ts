import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { bin, cliEnv, runCli } from './cli.js'

/** What bash completes the words to with the built CLI's script, sourced as the help says. */
function completeBash(...words: string[]): string {
  const script = `source <("${process.execPath}" "${bin}" completion bash); COMP_WORDS=(jss-stream "$@"); COMP_CWORD=$#; _jss_stream; echo "\${COMPREPLY[@]}"`
  return execFileSync('bash', ['-c', script, 'bash', ...words], {
    encoding: 'utf8',
    env: cliEnv(undefined),
  }).trim()
}

describe('jss-stream completion', () => {
  it('bash: source <(jss-stream completion bash) completes commands and options', () => {
    expect(completeBash('pu')).toBe('put')
    expect(completeBash('put', '--con')).toBe('--config --concurrency --content-type')
  })

  it('--profiles prints nothing without a configuration file', async () => {
    const result = await runCli(['completion', '--profiles'], cliEnv(undefined))
    expect(result).toMatchObject({ code: 0, stderr: '' })
    expect(result.stdout.toString()).toBe('')
  })

  it('an unknown shell is a usage error', async () => {
    const result = await runCli(['completion', 'tcsh'], cliEnv(undefined))
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('jss-stream: unknown shell "tcsh": use bash, zsh or fish\n')
  })

  it('--help tells how to install each script', async () => {
    const result = await runCli(['completion', '--help'], cliEnv(undefined))
    const help = result.stdout.toString()
    expect(help).toContain('source <(jss-stream completion bash)')
    expect(help).toContain('fpath=(')
    expect(help).toContain('~/.config/fish/completions')
  })
})
