/** The store's bounds on multipart uploads. */
export interface PartLimits {
  /**
   * The smallest part but the last, in bytes.
   * @default 5 MiB (5_242_880)
   */
  readonly minPartSize: number
  /**
   * The largest part (and the largest single PUT), in bytes.
   * @default 5 GiB (5_368_709_120)
   */
  readonly maxPartSize: number
  /**
   * The most parts in one upload.
   * @default 10000
   */
  readonly maxParts: number
}

/** The JSS contract's limits on multipart uploads (§3): 5 MiB, 5 GiB, 10,000 parts. */
export const PART_LIMITS: Readonly<PartLimits> = Object.freeze({
  minPartSize: 5 * 1024 * 1024,
  maxPartSize: 5 * 1024 * 1024 * 1024,
  maxParts: 10_000,
})
