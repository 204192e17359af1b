import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { optionSpecs } from '../command-line.js'
import { commandNames } from '../help.js'
import { completionScript, completionShells, listProfiles } from './completion.js'

const dir = mkdtempSync(join(tmpdir(), 'jss-completion-'))
const bashFile = join(dir, 'jss-stream.bash')
writeFileSync(bashFile, completionScript('bash'))
// A stand-in `jss-stream` on PATH: what the script asks for profile names at completion time.
writeFileSync(
  join(dir, 'jss-stream'),
  '#!/bin/sh\n[ "$1 $2" = "completion --profiles" ] && printf "work\\nhome\\n"\n',
)
chmodSync(join(dir, 'jss-stream'), 0o755)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What bash completes the words to, the last one being completed. */
function completeBash(...words: string[]): string[] {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _jss_stream; printf '%s\\n' "\${COMPREPLY[@]}"`
  const out = execFileSync('bash', ['-c', script, 'bash', bashFile, 'jss-stream', ...words], {
    encoding: 'utf8',
    env: { PATH: `${dir}:${process.env.PATH}` },
  })
  return out.split('\n').filter((line) => line !== '')
}

describe('bash completion', () => {
  it('completes commands', () => {
    expect(completeBash('pu')).toEqual(['put'])
    expect(completeBash('')).toEqual([...commandNames, 'help'])
    expect(completeBash('help', 'pr')).toEqual(['presign'])
  })

  it("completes a command's options and the global ones, after global options with values", () => {
    expect(completeBash('put', '--par')).toEqual(['--part-size'])
    expect(completeBash('--endpoint', 'http://x', 'get', '--ra')).toEqual(['--range'])
    expect(completeBash('get', '--end')).toEqual(['--endpoint'])
    expect(completeBash('get', '--part')).toEqual([])
  })

  it('completes option values it knows, and nothing for the others', () => {
    expect(completeBash('put', '--region', 'cn-n')).toEqual(['cn-north-1'])
    expect(completeBash('put', '--part-size', '')).toEqual([])
    expect(completeBash('completion', '')).toEqual([...completionShells])
  })

  it('asks `jss-stream completion --profiles` for profile names', () => {
    expect(completeBash('ls', '--profile', '')).toEqual(['work', 'home'])
    expect(completeBash('ls', '--profile', 'w')).toEqual(['work'])
  })
})

describe('completionScript', () => {
  const specs = optionSpecs()
  const every = [...specs.global, ...Object.values(specs.commands).flat()].map((s) => s.name)

  it.each(completionShells)('%s: names every command and every option of the tables', (shell) => {
    const script = completionScript(shell)
    for (const command of commandNames) expect(script).toContain(command)
    for (const option of every) {
      expect(script).toMatch(new RegExp(`(--| -l )${option}\\b`))
    }
    expect(script).toContain('jss-stream completion --profiles')
  })

  it('zsh: a #compdef function, usable from fpath or sourced', () => {
    const script = completionScript('zsh')
    expect(script.startsWith('#compdef jss-stream\n')).toBe(true)
    expect(script).toContain('compdef _jss_stream jss-stream')
  })

  it.each([
    ['zsh', ['-n']],
    ['fish', ['--no-execute']],
  ] as const)('%s: the script parses when the shell is installed', (shell, flag) => {
    let found = true
    try {
      execFileSync('which', [shell], { stdio: 'ignore' })
    } catch {
      found = false
    }
    if (!found) return // absent here: the test above checks the script's content
    const file = join(dir, `script.${shell}`)
    writeFileSync(file, completionScript(shell))
    execFileSync(shell, [...flag, file], { stdio: 'pipe' })
  })
})

describe('listProfiles', () => {
  it('lists none without a config file, or when it cannot be read (no error printed)', () => {
    expect(listProfiles(undefined, { HOME: join(dir, 'no-home') })).toEqual([])
    expect(listProfiles(undefined, {})).toEqual([])
    expect(listProfiles(dir, {})).toEqual([]) // a directory
  })

  it("lists the config file's profiles ([default], [profile NAME] and [NAME])", () => {
    const file = join(dir, 'config')
    writeFileSync(file, '[default]\nregion = cn-north-1\n[profile backup]\n[archive]\n')
    expect(listProfiles(file, {}).sort()).toEqual(['archive', 'backup', 'default'])
    expect(listProfiles(undefined, { JSS_CONFIG_FILE: file }).sort()).toEqual([
      'archive',
      'backup',
      'default',
    ])
  })
})
