// The types shared by `readParts` (parts in pooled memory) and `startSpool` (parts in a spool file).

/** One whole part, in pooled memory or in a spool file. */
export interface ReadPart {
  readonly partNumber: number
  readonly size: number
  /** The stream ended inside this part: it is the last one and may be shorter than planned. */
  readonly final: boolean
  /** The bytes, as views of pooled blocks; empty for a spooled part. */
  readonly body: readonly Uint8Array[]
  /** The file holding the part when it is larger than the memory budget. */
  readonly spoolPath: string | undefined
  /** Lowercase hex MD5 of a spooled part (hashed while it was written); undefined otherwise. */
  readonly md5: string | undefined
  /** Returns the blocks to the pool or removes the spool file; safe to call more than once. */
  release(): Promise<void>
}

/** A part being gathered: fed segment data, then finished into a {@link ReadPart} or discarded. */
export interface PartBuilder {
  /**
   * Copies `data` in before it returns or its promise settles (the caller may then reuse it);
   * `undefined` when that was done synchronously (no block had to be waited for).
   */
  write(data: Uint8Array): Promise<void> | undefined
  finish(partNumber: number, final: boolean): Promise<ReadPart>
  discard(): Promise<void>
}
