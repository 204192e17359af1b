import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ini from 'ini'
import { type Env, type Profile, type ProfileKey, profileKeys, type Setting } from './config.js'
import { UsageError } from './errors.js'

/** The config file's path and where it came from (`--config`, `JSS_CONFIG_FILE`, or the default). */
export interface ConfigFilePath {
  path: string | undefined
  source: Setting['source']
}

/**
 * The config file: `--config`, `JSS_CONFIG_FILE`, else `$XDG_CONFIG_HOME/jss-stream/config`, else
 * `$HOME/.config/jss-stream/config` (undefined path when neither variable is set).
 */
export function findConfigFile(flag: string | undefined, env: Env): ConfigFilePath {
  if (flag) return { path: flag, source: { kind: 'flag', name: '--config' } }
  if (env.JSS_CONFIG_FILE) {
    return { path: env.JSS_CONFIG_FILE, source: { kind: 'env', name: 'JSS_CONFIG_FILE' } }
  }
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined)
  return {
    path: base === undefined ? undefined : join(base, 'jss-stream', 'config'),
    source: { kind: 'default' },
  }
}

/** A config file as parsed: its sections (profiles) by the name written between brackets. */
export interface ConfigFile {
  path: string
  text: string
  sections: Readonly<Record<string, unknown>>
}

/** Parses the INI text of a config file (npm's `ini`; `key[] = …` makes a list). */
export function parseConfigFile(path: string, text: string): ConfigFile {
  const sections = ini.decode(text) as Record<string, unknown>
  return { path, text, sections }
}

/** The profile names of a file: `[name]` and `[profile name]` both name `name`. */
export function profileNames(file: ConfigFile): string[] {
  const names = Object.entries(file.sections)
    .filter(([, value]) => isSection(value))
    .map(([section]) => section.replace(/^profile\s+/, ''))
  return [...new Set(names)].sort()
}

function isSection(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The 1-based lines of `key` in section `section` of `text`. */
export function linesOf(text: string, section: string, key: string): number[] {
  let current: string | undefined
  const found: number[] = []
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const header = /^\s*\[([^\]]*)\]\s*$/.exec(line)
    if (header) current = header[1]?.trim()
    else if (current === section && line.split('=')[0]?.trim() === key) found.push(index + 1)
  }
  return found
}

/** The 1-based line of `key` in section `section` of `text`, or undefined. */
export function lineOf(text: string, section: string, key: string): number | undefined {
  return linesOf(text, section, key)[0]
}

/** What {@link selectProfile} found: the profile (undefined when the file has none of that name) and warnings. */
export interface SelectedProfile {
  profile: Profile | undefined
  warnings: string[]
}

/**
 * The profile `name` of `file`, its values checked: a value given twice or a nested section is an
 * error naming the file, profile and key; an unknown key is a warning naming the file and line.
 * `required`: a missing profile is an error listing the profiles the file has.
 */
export function selectProfile(
  file: ConfigFile | undefined,
  name: string,
  required: boolean,
): SelectedProfile {
  const sectionName = file && findSection(file, name)
  if (file === undefined || sectionName === undefined) {
    if (required) throw missingProfile(file, name)
    return { profile: undefined, warnings: [] }
  }
  const section = file.sections[sectionName] as Record<string, unknown>
  const values: Partial<Record<ProfileKey, string>> = {}
  const warnings: string[] = []
  for (const [key, value] of Object.entries(section)) {
    const where = `${file.path}${lineSuffix(file.text, sectionName, key)}`
    if (!(profileKeys as readonly string[]).includes(key)) {
      warnings.push(unknownKeyWarning(where, key, name, value))
      continue
    }
    const at = { file: file.path, profile: name, key }
    if (linesOf(file.text, sectionName, key).length > 1) throw givenTwice(at)
    values[key as ProfileKey] = checkValue(value, at)
  }
  return { profile: { name, file: file.path, values }, warnings }
}

/** The section of profile `name`: `[name]` or `[profile name]`; both is an error. */
function findSection(file: ConfigFile, name: string): string | undefined {
  const found = [name, `profile ${name}`].filter((section) => isSection(file.sections[section]))
  if (found.length > 1) {
    throw new UsageError(
      `profile ${name} is defined twice in ${file.path}, as [${name}] and [profile ${name}]: keep one`,
    )
  }
  return found[0]
}

/** ` line N` when the key's line is known. */
function lineSuffix(text: string, section: string, key: string): string {
  const line = lineOf(text, section, key)
  return line === undefined ? '' : ` line ${line}`
}

function unknownKeyWarning(where: string, key: string, profile: string, value: unknown): string {
  const what = isSection(value)
    ? `section [${profile}.${key}] (a profile name cannot hold ".")`
    : `unknown key "${key}" in profile ${profile}`
  return `warning: ${where}: ${what}, ignored; the keys are ${profileKeys.join(', ')}`
}

/** Where a value is: file, profile, key. */
interface ValueAt {
  file: string
  profile: string
  key: string
}

function givenTwice(at: ValueAt): UsageError {
  return new UsageError(
    `${at.key} is given more than once in profile ${at.profile} of ${at.file}: keep one`,
  )
}

/** A profile value as text; a list (`key[] = …`) is an error. */
function checkValue(value: unknown, at: ValueAt): string {
  if (Array.isArray(value)) throw givenTwice(at)
  if (typeof value === 'boolean' || value === null) return String(value)
  if (typeof value === 'string') return value
  throw new UsageError(`${at.file}: profile ${at.profile}: invalid ${at.key}: expected text`)
}

function missingProfile(file: ConfigFile | undefined, name: string): UsageError {
  if (file === undefined) {
    return new UsageError(`profile ${name} not found: there is no config file`)
  }
  const names = profileNames(file)
  const has = names.length === 0 ? 'it has no profiles' : `it has: ${names.join(', ')}`
  return new UsageError(`profile ${name} not found in ${file.path}; ${has}`)
}

/** Whether the file's mode lets group or others read or write it. */
export function isGroupOrOtherAccessible(mode: number): boolean {
  return (mode & 0o077) !== 0
}

/** The one-line warning for a file that holds a secret and that others can read. */
export function permissionWarning(path: string): string {
  return `warning: ${path} holds a secret key and is accessible by group or others; run chmod 600 ${path}`
}

/** Whether any section of the file sets `secret_key`. */
export function holdsSecret(file: ConfigFile): boolean {
  return Object.values(file.sections).some(
    (section) => isSection(section) && section.secret_key !== undefined,
  )
}

/** A read file: its text and mode; undefined when it does not exist. */
export function readTextFile(path: string): { text: string; mode: number } | undefined {
  try {
    const text = readFileSync(path, 'utf8')
    return { text, mode: statSync(path).mode }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    const reason = code === 'EISDIR' ? 'it is a directory' : (error as Error).message
    throw new UsageError(`cannot read ${path}: ${reason}`)
  }
}

/** The secret key in a secret-key file: its first line, trailing newline stripped; empty is an error. */
export function secretKeyOf(path: string, text: string): string {
  const line = text.split(/\r?\n/)[0] ?? ''
  if (line.trim() === '') throw new UsageError(`the secret-key file ${path} is empty`)
  return line
}
