import { createHash, type Hash } from 'node:crypto'
import { multipartEtag, type PartSchedule, partSizeAt } from '@jss/stream'

/**
 * Hashes a body part by part along a part schedule, as it streams, and gives the multipart ETag it
 * would have: {@link multipartEtag} of the parts' MD5s (their ETags).
 */
export class PartHasher {
  #schedule: PartSchedule
  #partNumber = 1
  #left: number
  #hash: Hash = createHash('md5')
  #partMd5s: string[] = []
  #bytesInPart = 0

  constructor(schedule: PartSchedule) {
    this.#schedule = schedule
    this.#left = partSizeAt(schedule, 1)
  }

  /** Feeds the next bytes of the body. */
  update(chunk: Uint8Array): void {
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(this.#left, chunk.length - offset)
      this.#hash.update(chunk.subarray(offset, offset + take))
      this.#bytesInPart += take
      this.#left -= take
      offset += take
      if (this.#left === 0) this.#endPart()
    }
  }

  /**
   * The MD5 of everything fed so far when it fits in the first part (then the body was sent as one
   * PUT, or is the one part: its MD5 is the whole body's); undefined when it spans several parts.
   */
  wholeMd5(): string | undefined {
    if (this.#partNumber === 1) return this.#hash.copy().digest('hex')
    if (this.#partNumber === 2 && this.#bytesInPart === 0) return this.#partMd5s[0]
    return undefined
  }

  /** The multipart ETag of everything fed so far. */
  etag(): string {
    if (this.#bytesInPart > 0) this.#endPart()
    return multipartEtag(this.#partMd5s)
  }

  #endPart(): void {
    this.#partMd5s.push(this.#hash.digest('hex'))
    this.#hash = createHash('md5')
    this.#bytesInPart = 0
    this.#partNumber += 1
    this.#left = partSizeAt(this.#schedule, this.#partNumber)
  }
}
