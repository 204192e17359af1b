import type { CommandRun } from '../cli-io.js'
import { DEFAULT_S3_REGION, describeSource, type Setting } from '../config.js'
import { regionOfEndpoint } from '../dialect.js'
import { loadSettingsOnce } from '../load-settings.js'
import { maskSecret } from '../mask-secret.js'
import { endpointForRegion } from '../region.js'
import { escapeControls } from '../terminal-text.js'

/** One line of `jss-stream config`: the setting's name, its value as shown, and its source. */
export interface ConfigRow {
  name: string
  value: string | null
  source: string
}

/** The rows `jss-stream config` prints, in order; the secret key masked. */
export function configRows(run: CommandRun): ConfigRow[] {
  const { settings, profile, configFile } = loadSettingsOnce(run.io, run.values)
  const dialect = settings.dialect.value === 's3' ? 's3' : 'jss'
  const endpoint =
    settings.endpoint.value ??
    (settings.region.value === undefined
      ? undefined
      : endpointForRegion(settings.region.value, dialect))
  const row = (name: string, setting: Setting, value = setting.value): ConfigRow => ({
    name,
    value: value ?? null,
    source: describeSource(setting.source),
  })
  const file =
    configFile.path === undefined
      ? null
      : `${configFile.path}${configFile.found ? '' : ' (not found)'}`
  return [
    row('dialect', settings.dialect),
    row('endpoint', settings.endpoint, endpoint?.replace(/\/+$/, '')),
    row(
      'region',
      settings.region,
      settings.region.value ??
        (dialect === 's3'
          ? ((endpoint && regionOfEndpoint(endpoint)) ?? DEFAULT_S3_REGION)
          : undefined),
    ),
    row('access key', settings.accessKey),
    row(
      'secret key',
      settings.secretKey,
      settings.secretKey.value && maskSecret(settings.secretKey.value),
    ),
    row('addressing', settings.addressing, settings.addressing.value ?? 'auto'),
    row('timeout', settings.timeout, settings.timeout.value ?? '60s'),
    row('profile', profile),
    { name: 'config file', value: file, source: describeSource(configFile.source) },
  ]
}

/** The rows as a table: name, value (`-` when unset), source. */
export function formatConfigRows(rows: readonly ConfigRow[]): string {
  const nameWidth = Math.max(...rows.map((r) => r.name.length))
  const valueWidth = Math.max(...rows.map((r) => (r.value ?? '-').length))
  return rows
    .map((r) => `${r.name.padEnd(nameWidth)}  ${(r.value ?? '-').padEnd(valueWidth)}  ${r.source}`)
    .map((line) => `${escapeControls(line.trimEnd())}\n`)
    .join('')
}

/** The rows as one JSON object: `{ endpoint: { value, source }, accessKey: …, configFile: … }`. */
export function configJson(rows: readonly ConfigRow[]): string {
  const entries = rows.map((r) => [
    r.name.replace(/ (\w)/g, (_, letter: string) => letter.toUpperCase()),
    { value: r.value, source: r.source },
  ])
  return `${JSON.stringify(Object.fromEntries(entries))}\n`
}

/** `config [--json]`: prints the resolved settings and where each came from; no network call. */
export async function config(run: CommandRun): Promise<void> {
  const rows = configRows(run)
  const text = run.values.json === true ? configJson(rows) : formatConfigRows(rows)
  run.io.stdout.write(text)
}
