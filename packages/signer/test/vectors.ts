import { readFileSync } from 'node:fs'
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

/** A completed multipart object's ETag from its part ETags. */
export interface MultipartEtagVector {
  readonly name: string
  readonly partEtags: readonly string[]
  readonly etag: string
}

export interface Vectors {
  readonly signatures: readonly SignatureVector[]
  readonly multipartEtag: MultipartEtagVector
  /** A part's ETag: the MD5 of its body. */
  readonly partEtag: { readonly body: string; readonly etag: string }
}

/** The path of the known-answer vectors: `spec/vectors.json` at the root of this repository. */
export function findVectorsPath(): string {
  return fileURLToPath(new URL('../../../spec/vectors.json', import.meta.url))
}

export function loadVectors(): Vectors {
  return JSON.parse(readFileSync(findVectorsPath(), 'utf8')) as Vectors
}
