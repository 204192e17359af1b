import { type Dialect, inferDialect, parseDialect, regionOfEndpoint } from './dialect.js'
import { parseDuration } from './duration.js'
import { MissingCredentialsError, UsageError } from './errors.js'
import { endpointForRegion } from './region.js'

/** Connection settings as given on the command line (all optional). */
export interface ConfigFlags {
  endpoint?: string | undefined
  region?: string | undefined
  'access-key'?: string | undefined
  'secret-key'?: string | undefined
  'secret-key-file'?: string | undefined
  addressing?: string | undefined
  timeout?: string | undefined
  dialect?: string | undefined
}

/** The signing region of the S3 dialect when neither the settings nor the endpoint name one. */
export const DEFAULT_S3_REGION = 'us-east-1'

/** Resolved connection settings. */
export interface Config {
  /** The wire protocol: set, or inferred from the endpoint (`jss` when it tells nothing). */
  dialect: Dialect
  /** The SigV4 signing region of the S3 dialect; undefined for JSS. */
  region: string | undefined
  endpoint: string
  accessKey: string
  secretKey: string
  /** `AWS_SESSION_TOKEN`, with keys from `AWS_ACCESS_KEY_ID` in the S3 dialect (temporary credentials). */
  sessionToken?: string | undefined
  addressing: 'virtual-host' | 'path' | undefined
  /** Per-attempt request and body timeout in milliseconds; undefined: the client's default. */
  timeoutMs: number | undefined
}

/** The environment variables the CLI reads. */
export type Env = Readonly<Record<string, string | undefined>>

/** The keys a profile of the config file may set. */
export const profileKeys = [
  'endpoint',
  'region',
  'access_key',
  'secret_key',
  'addressing',
  'timeout',
  'dialect',
] as const
/** One of {@link profileKeys}. */
export type ProfileKey = (typeof profileKeys)[number]

/** The selected profile of the config file: its name, the file, and the values it sets. */
export interface Profile {
  name: string
  file: string
  values: Readonly<Partial<Record<ProfileKey, string>>>
}

/** Where a setting came from. */
export type Source =
  | { kind: 'flag'; name: string; file?: string }
  | { kind: 'env'; name: string; file?: string }
  | { kind: 'profile'; profile: string; file: string; key: ProfileKey }
  | { kind: 'default' }

/** A setting's value (undefined: not set anywhere) and where it came from. */
export interface Setting {
  value: string | undefined
  source: Source
}

/** The connection settings before validation, each with its source. */
export interface Settings {
  /** `--dialect`, `JSS_DIALECT` or the profile's `dialect`; the value `s3` or `jss` when inferred. */
  dialect: Setting
  endpoint: Setting
  region: Setting
  accessKey: Setting
  secretKey: Setting
  /** `AWS_SESSION_TOKEN`: only with the access key of `AWS_ACCESS_KEY_ID` (the S3 dialect). */
  sessionToken?: Setting | undefined
  addressing: Setting
  timeout: Setting
}

/** Reads the first line of a secret-key file (`--secret-key-file`, `JSS_SECRET_KEY_FILE`). */
export type SecretKeyFileReader = (path: string, source: Source) => string

const unset: Setting = { value: undefined, source: { kind: 'default' } }

/** A candidate value of a setting: computed only when no earlier candidate has one. */
type Candidate = () => Setting | undefined

/** `--name` as a source. */
function fromFlag(flags: ConfigFlags, name: keyof ConfigFlags): Candidate {
  return () => given(flags[name], { kind: 'flag', name: `--${name}` })
}

/** `JSS_…` as a source. */
function fromEnv(env: Env, name: string): Candidate {
  return () => given(env[name], { kind: 'env', name })
}

/** A key of the profile as a source. */
function fromProfile(profile: Profile | undefined, key: ProfileKey): Candidate {
  return () =>
    profile &&
    given(profile.values[key], { kind: 'profile', profile: profile.name, file: profile.file, key })
}

/** The setting when `value` is non-empty (an empty value counts as unset). */
function given(value: string | undefined, source: Source): Setting | undefined {
  return value === undefined || value === '' ? undefined : { value, source }
}

/** The first candidate that has a value; unset (source `default`) when none has. */
export function pickSetting(candidates: readonly Candidate[]): Setting {
  for (const candidate of candidates) {
    const setting = candidate()
    if (setting !== undefined) return setting
  }
  return unset
}

/** How a source is shown by `jss-stream config`: `flag --x`, `env JSS_X`, `profile P in FILE`, `default`. */
export function describeSource(source: Source): string {
  const file = 'file' in source && source.kind !== 'profile' && source.file ? ` ${source.file}` : ''
  if (source.kind === 'flag') return `flag ${source.name}${file}`
  if (source.kind === 'env') return `env ${source.name}${file}`
  if (source.kind === 'profile') return `profile ${source.profile} in ${source.file}`
  return 'default'
}

/** How a setting is named in an error: `--timeout`, `JSS_TIMEOUT`, or the profile's key `timeout`. */
export function settingLabel(source: Source, flag: string): string {
  if (source.kind === 'flag' || source.kind === 'env') return source.name
  if (source.kind === 'profile') return source.key
  return `--${flag}`
}

/**
 * `check()`, its UsageError prefixed with the file and profile when the setting comes from a
 * profile: `FILE: profile P: invalid timeout "soon": …`.
 */
export function locate<T>(source: Source, check: () => T): T {
  if (source.kind !== 'profile') return check()
  try {
    return check()
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    throw new UsageError(`${source.file}: profile ${source.profile}: ${error.message}`)
  }
}

/** The layers where endpoint and region can be set, highest precedence first. */
function locationLayers(flags: ConfigFlags, env: Env, profile: Profile | undefined) {
  return [
    {
      endpoint: fromFlag(flags, 'endpoint'),
      region: fromFlag(flags, 'region'),
      both: '--endpoint or --region',
    },
    {
      endpoint: fromEnv(env, 'JSS_ENDPOINT'),
      region: fromEnv(env, 'JSS_REGION'),
      both: 'JSS_ENDPOINT or JSS_REGION',
    },
    {
      endpoint: fromProfile(profile, 'endpoint'),
      region: fromProfile(profile, 'region'),
      both: `endpoint or region in profile ${profile?.name} of ${profile?.file}`,
    },
  ]
}

/**
 * The endpoint and region: from the first layer (flags, environment, profile) that sets either;
 * setting both in one layer is an error.
 */
export function resolveLocation(
  flags: ConfigFlags,
  env: Env,
  profile: Profile | undefined,
): { endpoint: Setting; region: Setting } {
  for (const layer of locationLayers(flags, env, profile)) {
    const endpoint = layer.endpoint()
    const region = layer.region()
    if (endpoint && region) throw new UsageError(`use either ${layer.both}, not both`)
    if (endpoint) return { endpoint, region: unset }
    if (region) return { endpoint: { value: undefined, source: region.source }, region }
  }
  return { endpoint: unset, region: unset }
}

/** `AWS_…` as a source (the S3 dialect only, after the `JSS_…` variable of the same setting). */
function fromAws(env: Env, ...names: string[]): Candidate {
  return () => {
    const setting = pickSetting(names.map((name) => fromEnv(env, name)))
    return setting.value === undefined ? undefined : setting
  }
}

/**
 * The endpoint and region of the S3 dialect, each on its own (the region is the signing region,
 * and names JD Cloud's S3 endpoint only when no endpoint is set): flags, `JSS_…`, then `AWS_…`
 * (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`; `AWS_REGION`, `AWS_DEFAULT_REGION`), then the profile.
 */
function resolveS3Location(
  flags: ConfigFlags,
  env: Env,
  profile: Profile | undefined,
): { endpoint: Setting; region: Setting } {
  const region = pickSetting([
    fromFlag(flags, 'region'),
    fromEnv(env, 'JSS_REGION'),
    fromAws(env, 'AWS_REGION', 'AWS_DEFAULT_REGION'),
    fromProfile(profile, 'region'),
  ])
  const endpoint = pickSetting([
    fromFlag(flags, 'endpoint'),
    fromEnv(env, 'JSS_ENDPOINT'),
    fromAws(env, 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'),
    fromProfile(profile, 'endpoint'),
  ])
  if (endpoint.value === undefined && region.value !== undefined) {
    return { endpoint: { value: undefined, source: region.source }, region }
  }
  return { endpoint, region }
}

/**
 * The dialect: `--dialect`, `JSS_DIALECT`, the profile's `dialect`; else inferred from the
 * endpoint's host (`jdcloud-oss.com`, `amazonaws.com`, R2: s3; `jcloud.com`: jss); else `s3` when
 * no JSS endpoint or region is set anywhere but `AWS_ENDPOINT_URL` is; else `jss`.
 */
function resolveDialect(flags: ConfigFlags, env: Env, profile: Profile | undefined): Setting {
  const given = pickSetting([
    fromFlag(flags, 'dialect'),
    fromEnv(env, 'JSS_DIALECT'),
    fromProfile(profile, 'dialect'),
  ])
  if (given.value !== undefined && given.value !== 'auto') return given
  const inferredFrom = (endpoint: Setting): Setting | undefined => {
    const dialect = endpoint.value === undefined ? undefined : inferDialect(endpoint.value)
    return dialect === undefined ? undefined : { value: dialect, source: endpoint.source }
  }
  const endpoint = pickSetting([
    fromFlag(flags, 'endpoint'),
    fromEnv(env, 'JSS_ENDPOINT'),
    fromProfile(profile, 'endpoint'),
  ])
  const fromEndpoint = inferredFrom(endpoint)
  if (fromEndpoint) return fromEndpoint
  // A --region flag decides nothing (it is the signing region in the S3 dialect); JSS_REGION and
  // a profile's region are JSS settings.
  const anyJss =
    endpoint.value !== undefined ||
    pickSetting([fromEnv(env, 'JSS_REGION'), fromProfile(profile, 'region')]).value !== undefined
  if (!anyJss) {
    const aws = pickSetting([fromEnv(env, 'AWS_ENDPOINT_URL_S3'), fromEnv(env, 'AWS_ENDPOINT_URL')])
    if (aws.value !== undefined) return { value: 's3', source: aws.source }
  }
  return { value: 'jss', source: { kind: 'default' } }
}

/** The secret key: `--secret-key`, `--secret-key-file`, `JSS_SECRET_KEY`, `JSS_SECRET_KEY_FILE`, the profile. */
function resolveSecretKey(
  flags: ConfigFlags,
  env: Env,
  profile: Profile | undefined,
  readSecretKeyFile: SecretKeyFileReader,
  s3 = false,
): Setting {
  if (flags['secret-key'] && flags['secret-key-file']) {
    throw new UsageError('use either --secret-key or --secret-key-file, not both')
  }
  const fromFile =
    (source: { kind: 'flag' | 'env'; name: string }, path: string | undefined): Candidate =>
    () =>
      path
        ? {
            value: readSecretKeyFile(path, { ...source, file: path }),
            source: { ...source, file: path },
          }
        : undefined
  return pickSetting([
    fromFlag(flags, 'secret-key'),
    fromFile({ kind: 'flag', name: '--secret-key-file' }, flags['secret-key-file']),
    fromEnv(env, 'JSS_SECRET_KEY'),
    fromFile({ kind: 'env', name: 'JSS_SECRET_KEY_FILE' }, env.JSS_SECRET_KEY_FILE),
    ...(s3 ? [fromEnv(env, 'AWS_SECRET_ACCESS_KEY')] : []),
    fromProfile(profile, 'secret_key'),
  ])
}

/** Each setting with its source: flags over environment over the profile over defaults. */
export function resolveSettings(
  flags: ConfigFlags,
  env: Env,
  profile?: Profile,
  readSecretKeyFile: SecretKeyFileReader = () => {
    throw new UsageError('secret-key files are not read here')
  },
): Settings {
  const dialect = resolveDialect(flags, env, profile)
  const s3 = dialect.value === 's3'
  const accessKey = pickSetting([
    fromFlag(flags, 'access-key'),
    fromEnv(env, 'JSS_ACCESS_KEY'),
    ...(s3 ? [fromEnv(env, 'AWS_ACCESS_KEY_ID')] : []),
    fromProfile(profile, 'access_key'),
  ])
  // A session token belongs to the temporary key it came with: AWS_ACCESS_KEY_ID's only.
  const fromAwsKey =
    accessKey.source.kind === 'env' && accessKey.source.name === 'AWS_ACCESS_KEY_ID'
  return {
    dialect,
    ...(s3 ? resolveS3Location(flags, env, profile) : resolveLocation(flags, env, profile)),
    accessKey,
    ...(fromAwsKey ? { sessionToken: pickSetting([fromEnv(env, 'AWS_SESSION_TOKEN')]) } : {}),
    secretKey: resolveSecretKey(flags, env, profile, readSecretKeyFile, s3),
    addressing: pickSetting([
      fromFlag(flags, 'addressing'),
      fromEnv(env, 'JSS_ADDRESSING'),
      fromProfile(profile, 'addressing'),
    ]),
    timeout: pickSetting([
      fromFlag(flags, 'timeout'),
      fromEnv(env, 'JSS_TIMEOUT'),
      fromProfile(profile, 'timeout'),
    ]),
  }
}

/** The endpoint of resolved settings, checked: a region's host, or an http(s) URL without trailing `/`. */
export function checkEndpoint(
  settings: Pick<Settings, 'endpoint' | 'region'> & Partial<Pick<Settings, 'dialect'>>,
): string {
  const { endpoint: setting, region } = settings
  const dialect = settings.dialect?.value === 's3' ? 's3' : 'jss'
  return locate(setting.source, () => {
    const endpoint =
      setting.value ??
      (region.value === undefined ? undefined : endpointForRegion(region.value, dialect))
    if (endpoint === undefined) {
      throw new UsageError(
        dialect === 's3'
          ? 'missing endpoint: set JSS_ENDPOINT or AWS_ENDPOINT_URL, or pass --endpoint or --region'
          : 'missing endpoint: set JSS_ENDPOINT, or pass --endpoint or --region',
      )
    }
    checkEndpointUrl(endpoint)
    return endpoint.replace(/\/+$/, '')
  })
}

/** Throws a UsageError unless `endpoint` is an http:// or https:// URL. */
function checkEndpointUrl(endpoint: string): void {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new UsageError(
      `invalid endpoint "${endpoint}": use a URL such as https://s-bj.jcloud.com`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid endpoint "${endpoint}": use an http:// or https:// URL`)
  }
}

/** The endpoint: `--endpoint`, then `--region`, then `JSS_ENDPOINT`/`JSS_REGION`, then the profile. */
export function resolveEndpoint(flags: ConfigFlags, env: Env, profile?: Profile): string {
  return checkEndpoint(resolveLocation(flags, env, profile))
}

/** The per-attempt timeout in milliseconds, or undefined for the client's default. */
export function parseTimeout(setting: Setting): number | undefined {
  if (setting.value === undefined) return undefined
  const { value, source } = setting
  const label = settingLabel(source, 'timeout')
  return locate(source, () => {
    const timeoutMs = parseDuration(value, label) * 1000
    if (timeoutMs === 0) throw new UsageError(`invalid ${label} "${value}": use at least 1s`)
    return timeoutMs
  })
}

/** Checks resolved settings into a {@link Config}; throws a UsageError for anything missing or invalid. */
export function checkSettings(settings: Settings): Config {
  const dialect =
    locate(settings.dialect.source, () =>
      parseDialect(settings.dialect.value, settingLabel(settings.dialect.source, 'dialect')),
    ) ?? 'jss'
  const endpoint = checkEndpoint(settings)
  const accessKey = settings.accessKey.value
  const secretKey = settings.secretKey.value
  if (accessKey === undefined || secretKey === undefined) {
    const missing = [
      accessKey === undefined && 'access key',
      secretKey === undefined && 'secret key',
    ]
      .filter(Boolean)
      .join(' and ')
    throw new MissingCredentialsError(
      dialect === 's3'
        ? `missing credentials (${missing}): set JSS_ACCESS_KEY and JSS_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or pass --access-key and --secret-key`
        : `missing credentials (${missing}): set JSS_ACCESS_KEY and JSS_SECRET_KEY, or pass --access-key and --secret-key`,
    )
  }
  return {
    dialect,
    region: dialect === 's3' ? signingRegion(settings.region, endpoint) : undefined,
    endpoint,
    accessKey,
    secretKey,
    ...(settings.sessionToken?.value === undefined
      ? {}
      : { sessionToken: settings.sessionToken.value }),
    addressing: locate(settings.addressing.source, () =>
      parseAddressing(
        settings.addressing.value,
        settingLabel(settings.addressing.source, 'addressing'),
      ),
    ),
    timeoutMs: parseTimeout(settings.timeout),
  }
}

/**
 * The SigV4 signing region: the region setting, else the one the endpoint's host names, else
 * {@link DEFAULT_S3_REGION}. Checked: letters, digits, `-`, `_`, `.`.
 */
function signingRegion(region: Setting, endpoint: string): string {
  const value = region.value ?? regionOfEndpoint(endpoint) ?? DEFAULT_S3_REGION
  const label = settingLabel(region.source, 'region')
  return locate(region.source, () => {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) {
      throw new UsageError(`invalid ${label} "${value}": use a region such as cn-north-1`)
    }
    return value
  })
}

/** Flags over environment over the profile: see {@link resolveSettings}, checked by {@link checkSettings}. */
export function resolveConfig(
  flags: ConfigFlags,
  env: Env,
  profile?: Profile,
  readSecretKeyFile?: SecretKeyFileReader,
): Config {
  return checkSettings(resolveSettings(flags, env, profile, readSecretKeyFile))
}

/** `--addressing`: `auto` (the default: virtual-host for JD Cloud hosts, path otherwise), `virtual-host` (or `virtual`), `path`. */
export function parseAddressing(
  text: string | undefined,
  label = '--addressing',
): 'virtual-host' | 'path' | undefined {
  if (text === undefined || text === 'auto') return undefined
  if (text === 'virtual-host' || text === 'virtual') return 'virtual-host'
  if (text === 'path') return 'path'
  throw new UsageError(`invalid ${label} "${text}": use auto, virtual-host or path`)
}
