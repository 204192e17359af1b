import { DEFAULT_LIMITS } from '@jss/stream'
import type { OptionValues } from './command-line.js'
import { UsageError } from './errors.js'
import { parseSize } from './size.js'
import { parsePositiveInteger } from './validate.js'

const { minPartSize, maxPartSize } = DEFAULT_LIMITS

/** The `put` options, checked, in the terms of `uploadStream`. */
export interface PutOptions {
  partSize?: number
  concurrency?: number
  memoryLimit?: number
  sizeHint?: number
  exactSize: boolean
  sha256: boolean
  storageClass?: 'STANDARD' | 'REDUCED_REDUNDANCY'
  serverSideEncryption?: boolean
  contentType?: string
  metadata?: Record<string, string>
  journal?: string
  leavePartsOnError: boolean
  json: boolean
  /** `true`/`false` from `--progress`/`--no-progress`; `undefined`: on when stderr is a terminal. */
  progress?: boolean
}

function text(values: OptionValues, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

const metadataName = /^[a-z0-9][a-z0-9_-]*$/i

/** Parses `--meta k=v` pairs; names are letters, digits, `-` and `_`, stored lower-case. */
export function parseMetadata(pairs: readonly string[]): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const name = eq === -1 ? pair : pair.slice(0, eq)
    if (eq === -1 || !metadataName.test(name)) {
      throw new UsageError(
        `invalid --meta "${pair}": use NAME=VALUE with NAME of letters, digits, - and _`,
      )
    }
    const value = pair.slice(eq + 1)
    if (/[\r\n]/.test(value) || /[^\x20-\x7e]/.test(value)) {
      throw new UsageError(`invalid --meta "${pair}": the value must be printable ASCII`)
    }
    metadata[name.toLowerCase()] = value
  }
  return metadata
}

/** Checks the `put` options and converts sizes and numbers. */
export function parsePutOptions(values: OptionValues): PutOptions {
  const options: PutOptions = {
    exactSize: values['exact-size'] === true,
    sha256: values.sha256 === true,
    leavePartsOnError: values['keep-on-error'] === true,
    json: values.json === true,
    ...parseSizes(values),
  }
  if (options.exactSize && options.sizeHint === undefined) {
    throw new UsageError('--exact-size needs --size')
  }
  Object.assign(options, parseObjectSettings(values))
  const journal = text(values, 'resume')
  if (journal !== undefined) {
    if (journal === '') throw new UsageError('--resume needs a file name')
    options.journal = journal
  }
  if (typeof values.progress === 'boolean') options.progress = values.progress
  // -q wins over --progress.
  if (values.quiet === true) options.progress = false
  return options
}

/** The sizes and numbers: `--part-size`, `--concurrency`, `--memory-limit`, `--size`. */
function parseSizes(
  values: OptionValues,
): Pick<PutOptions, 'partSize' | 'concurrency' | 'memoryLimit' | 'sizeHint'> {
  const sizes: Pick<PutOptions, 'partSize' | 'concurrency' | 'memoryLimit' | 'sizeHint'> = {}
  const partSize = text(values, 'part-size')
  if (partSize !== undefined) sizes.partSize = parsePartSize(partSize)
  const concurrency = text(values, 'concurrency')
  if (concurrency !== undefined)
    sizes.concurrency = parsePositiveInteger(concurrency, '--concurrency')
  const memoryLimit = text(values, 'memory-limit')
  if (memoryLimit !== undefined) sizes.memoryLimit = parseSize(memoryLimit, '--memory-limit')
  const size = text(values, 'size')
  if (size !== undefined) sizes.sizeHint = parseSize(size, '--size')
  return sizes
}

/** `--part-size`, within the store's limits. */
function parsePartSize(value: string): number {
  const partSize = parseSize(value, '--part-size')
  if (partSize < minPartSize || partSize > maxPartSize) {
    throw new UsageError(`invalid --part-size "${value}": use 5MiB to 5GiB`)
  }
  return partSize
}

/** What is stored with the object: `--storage-class`, `--sse`, `--content-type`, `--meta`. */
function parseObjectSettings(
  values: OptionValues,
): Pick<PutOptions, 'storageClass' | 'serverSideEncryption' | 'contentType' | 'metadata'> {
  const settings: Pick<
    PutOptions,
    'storageClass' | 'serverSideEncryption' | 'contentType' | 'metadata'
  > = {}
  const storageClass = text(values, 'storage-class')
  if (storageClass !== undefined) settings.storageClass = parseStorageClass(storageClass)
  if (typeof values.sse === 'boolean') settings.serverSideEncryption = values.sse
  const contentType = text(values, 'content-type')
  if (contentType !== undefined) settings.contentType = contentType
  const meta = values.meta
  if (Array.isArray(meta) && meta.length > 0) settings.metadata = parseMetadata(meta)
  return settings
}

/** `--storage-class`, in any case. */
function parseStorageClass(value: string): 'STANDARD' | 'REDUCED_REDUNDANCY' {
  const upper = value.toUpperCase()
  if (upper !== 'STANDARD' && upper !== 'REDUCED_REDUNDANCY') {
    throw new UsageError(`invalid --storage-class "${value}": use STANDARD or REDUCED_REDUNDANCY`)
  }
  return upper
}
