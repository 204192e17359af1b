/**
 * A small cache of imported Web Crypto keys, by a string naming what was imported (a secret and
 * its use): a client signs every request with the same secret, and Web Crypto's `importKey` costs
 * about as much as the signature itself (measured in Node 20: 180 µs per JSS signature with an
 * import, 100 µs without). The most recently used `capacity` entries are kept; an import that
 * fails is not kept, so the next call tries again.
 */
export interface KeyCache<K> {
  /** The key named `id`: the cached one, or the one `load` imports (then cached). */
  get(id: string, load: () => Promise<K>): Promise<K>
  /** Entries held now. */
  readonly size: number
}

/** The entries a signer's key cache holds. @default 16 */
export const KEY_CACHE_CAPACITY: number = 16

/**
 * Creates a cache of at most `capacity` keys, least recently used dropped first.
 * @example
 * const keys = createKeyCache<CryptoKey>()
 * const key = await keys.get(`sign\n${secret}`, () => crypto.subtle.importKey(…))
 */
export function createKeyCache<K>(capacity: number = KEY_CACHE_CAPACITY): KeyCache<K> {
  if (!(Number.isSafeInteger(capacity) && capacity > 0)) {
    throw new RangeError(`capacity must be a positive integer, got ${capacity}`)
  }
  // a Map iterates in insertion order: re-inserting on use keeps the least recent first
  const entries = new Map<string, Promise<K>>()
  return {
    get(id, load) {
      const cached = entries.get(id)
      if (cached !== undefined) {
        entries.delete(id)
        entries.set(id, cached)
        return cached
      }
      const loading = load()
      entries.set(id, loading)
      if (entries.size > capacity) entries.delete(entries.keys().next().value!)
      loading.catch(() => {
        if (entries.get(id) === loading) entries.delete(id)
      })
      return loading
    },
    get size() {
      return entries.size
    },
  }
}
