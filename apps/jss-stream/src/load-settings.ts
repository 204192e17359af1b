import type { CliIo } from './cli-io.js'
import type { OptionValues } from './command-line.js'
import {
  type ConfigFlags,
  type Env,
  resolveSettings,
  type SecretKeyFileReader,
  type Setting,
  type Settings,
} from './config.js'
import {
  type ConfigFile,
  type ConfigFilePath,
  findConfigFile,
  holdsSecret,
  isGroupOrOtherAccessible,
  parseConfigFile,
  permissionWarning,
  readTextFile,
  secretKeyOf,
  selectProfile,
} from './config-file.js'
import { UsageError } from './errors.js'
import { escapeControls } from './terminal-text.js'

/** The settings of a run with their sources, the profile and config file used, and the warnings. */
export interface LoadedSettings {
  settings: Settings
  /** The profile's name (`--profile`, `JSS_PROFILE`, else `default`). */
  profile: Setting & { value: string }
  /** The config file, and whether it exists. */
  configFile: ConfigFilePath & { found: boolean }
  /** One line each, for standard error (without the `jss-stream: ` prefix). */
  warnings: string[]
}

/** The profile name: `--profile`, `JSS_PROFILE`, else `default`. */
export function profileName(values: OptionValues, env: Env): Setting & { value: string } {
  const flag = values.profile
  if (typeof flag === 'string' && flag !== '') {
    return { value: flag, source: { kind: 'flag', name: '--profile' } }
  }
  if (env.JSS_PROFILE)
    return { value: env.JSS_PROFILE, source: { kind: 'env', name: 'JSS_PROFILE' } }
  return { value: 'default', source: { kind: 'default' } }
}

/** Reads and parses the config file; a missing file is an error only when named explicitly. */
function readConfigFile(where: ConfigFilePath, warnings: string[]): ConfigFile | undefined {
  if (where.path === undefined) return undefined
  const read = readTextFile(where.path)
  if (read === undefined) {
    if (where.source.kind === 'default') return undefined
    throw new UsageError(`config file ${where.path} not found`)
  }
  const file = parseConfigFile(where.path, read.text)
  if (holdsSecret(file) && isGroupOrOtherAccessible(read.mode)) {
    warnings.push(permissionWarning(where.path))
  }
  for (const [key, value] of Object.entries(file.sections)) {
    if (typeof value !== 'object' || value === null) {
      warnings.push(`warning: ${where.path}: key "${key}" outside any [profile] section, ignored`)
    }
  }
  return file
}

/** A profile named with no config file to hold it. */
function noConfigFile(profile: string, where: ConfigFilePath): UsageError {
  const path = where.path ?? '$HOME/.config/jss-stream/config (HOME is not set)'
  return new UsageError(
    `profile ${profile} not found: there is no config file ${path}; see jss-stream --help`,
  )
}

/** Reads a secret-key file, noting a permission warning. */
function secretKeyFileReader(warnings: string[]): SecretKeyFileReader {
  return (path) => {
    const read = readTextFile(path)
    if (read === undefined) throw new UsageError(`secret-key file ${path} not found`)
    if (isGroupOrOtherAccessible(read.mode)) warnings.push(permissionWarning(path))
    return secretKeyOf(path, read.text)
  }
}

/**
 * Resolves the connection settings of a run: flags over environment over the profile of the config
 * file over defaults. Throws a UsageError for an unreadable or invalid file, or a missing profile.
 */
export function loadSettings(values: OptionValues, env: Env): LoadedSettings {
  const warnings: string[] = []
  const configFlag = typeof values.config === 'string' ? values.config : undefined
  const where = findConfigFile(configFlag, env)
  const file = readConfigFile(where, warnings)
  const profile = profileName(values, env)
  const required = profile.source.kind !== 'default'
  if (file === undefined && required) throw noConfigFile(profile.value, where)
  const selected = selectProfile(file, profile.value, required)
  warnings.push(...selected.warnings)
  const settings = resolveSettings(
    values as ConfigFlags,
    env,
    selected.profile,
    secretKeyFileReader(warnings),
  )
  return { settings, profile, configFile: { ...where, found: file !== undefined }, warnings }
}

const loaded = new WeakMap<CliIo, LoadedSettings>()

/** {@link loadSettings} once per run (its warnings written once to standard error). */
export function loadSettingsOnce(io: CliIo, values: OptionValues): LoadedSettings {
  const known = loaded.get(io)
  if (known !== undefined) return known
  const result = loadSettings(values, io.env)
  for (const warning of result.warnings) io.stderr.write(`jss-stream: ${escapeControls(warning)}\n`)
  loaded.set(io, result)
  return result
}
