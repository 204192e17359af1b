import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface SignatureVector {
  readonly name: string
  readonly accessKey: string
  readonly secretKey: string
  readonly request: {
    readonly method: string
    readonly bucket?: string
    readonly key?: string
    readonly headers?: Record<string, string>
    readonly expires?: number
  }
  readonly stringToSign: string
  readonly signature: string
  readonly authorization?: string
  readonly query?: string
}

export interface Vectors {
  readonly signatures: readonly SignatureVector[]
}

/**
 * The path of the shared vectors: `shared/protocol/vectors.json` in the nearest ancestor directory
 * that has one (the repository is cloned with `shared/` beside it).
 */
export function findVectorsPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'shared', 'protocol', 'vectors.json')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error('shared/protocol/vectors.json not found above the test dir')
    dir = parent
  }
}

export function loadVectors(): Vectors {
  return JSON.parse(readFileSync(findVectorsPath(), 'utf8')) as Vectors
}
