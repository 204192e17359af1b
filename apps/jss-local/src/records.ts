/** A stored blob that makes up part of an object (a part file, or a whole single PUT). */
export interface SegmentRecord {
  readonly blob: string
  readonly size: number
}

/** What is stored about an object, beside its bytes. */
export interface ObjectRecord {
  readonly bucket: string
  readonly key: string
  readonly size: number
  /** Lowercase hex, unquoted. */
  readonly etag: string
  /** Milliseconds since the epoch. */
  readonly lastModified: number
  readonly contentType: string
  readonly storageClass: string
  readonly serverSideEncryption: boolean
  readonly cacheControl: string | null
  /** `x-jss-meta-*` headers, names lower-cased without the prefix. */
  readonly metadata: Readonly<Record<string, string>>
  readonly segments: readonly SegmentRecord[]
}

/** Object properties that come from the request (initiate or PUT). */
export type ObjectProperties = Pick<
  ObjectRecord,
  'contentType' | 'storageClass' | 'serverSideEncryption' | 'cacheControl' | 'metadata'
>

/** What is stored about an open multipart upload. */
export interface UploadRecord extends ObjectProperties {
  readonly uploadId: string
  readonly bucket: string
  readonly key: string
  /** Milliseconds since the epoch. */
  readonly initiated: number
}

/** What is stored about an uploaded part. */
export interface PartRecord {
  readonly partNumber: number
  readonly etag: string
  readonly size: number
  readonly lastModified: number
  readonly blob: string
}

/** A bucket. */
export interface BucketRecord {
  readonly name: string
  readonly created: number
}
