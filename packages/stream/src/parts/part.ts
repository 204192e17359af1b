// The part model, shared by `readParts` (parts in pooled memory) and `startSpool` (parts in a
// spool file): a part is one or the other, told apart by `kind`.

/** What every part has, wherever its bytes are. */
interface PartBase {
  readonly partNumber: number
  readonly size: number
  /** The stream ended inside this part: it is the last one and may be shorter than planned. */
  readonly final: boolean
  /** Returns the blocks to the pool or removes the spool file; safe to call more than once. */
  release(): Promise<void>
}

/** A part held in pooled memory. */
export interface MemoryPart extends PartBase {
  readonly kind: 'memory'
  /** The bytes, as views of pooled blocks. */
  readonly body: readonly Uint8Array[]
}

/** A part larger than the memory budget, held in a spool file. */
export interface SpooledPart extends PartBase {
  readonly kind: 'spool'
  /** The file holding the part. */
  readonly path: string
  /** Lowercase hex MD5 of the part, hashed while it was written. */
  readonly md5: string
}

/** One whole part, in pooled memory or in a spool file. */
export type ReadPart = MemoryPart | SpooledPart

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
