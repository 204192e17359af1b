/** Serialises async sections per key (one process; no cross-process locking). */
export class KeyedLock {
  #tails = new Map<string, Promise<unknown>>()

  /** Runs `section` after every earlier section of the same key has settled. */
  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    const result = previous.then(section, section)
    const tail = result.catch(() => undefined)
    this.#tails.set(key, tail)
    try {
      return await result
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}
