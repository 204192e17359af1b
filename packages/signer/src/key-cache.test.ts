import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createKeyCache, KEY_CACHE_CAPACITY } from './key-cache.js'

describe('createKeyCache', () => {
  it('imports a key once, then answers it from the cache', async () => {
    const cache = createKeyCache<string>()
    let loads = 0
    const load = async (): Promise<string> => `key ${++loads}`
    expect(await cache.get('a', load)).toBe('key 1')
    expect(await cache.get('a', load)).toBe('key 1')
    expect(loads).toBe(1)
    expect(await cache.get('b', load)).toBe('key 2')
  })

  it('never answers one id with the key of another, and holds at most its capacity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'a\nb', ''), { maxLength: 40 }),
        async (capacity, ids) => {
          const cache = createKeyCache<string>(capacity)
          const recent: string[] = []
          for (const id of ids) {
            const expectCached = recent.includes(id)
            let loaded = false
            const key = await cache.get(id, async () => {
              loaded = true
              return `key of ${id}`
            })
            expect(key).toBe(`key of ${id}`)
            // a model of least-recently-used eviction
            expect(loaded).toBe(!expectCached)
            if (expectCached) recent.splice(recent.indexOf(id), 1)
            recent.push(id)
            if (recent.length > capacity) recent.shift()
            expect(cache.size).toBe(recent.length)
          }
        },
      ),
    )
  })

  it('drops an import that failed: the next call imports again', async () => {
    const cache = createKeyCache<string>()
    await expect(cache.get('a', () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(cache.size).toBe(0)
    expect(await cache.get('a', async () => 'key')).toBe('key')
  })

  it('shares one import between calls made while it is under way', async () => {
    const cache = createKeyCache<string>()
    let loads = 0
    const load = async (): Promise<string> => `key ${++loads}`
    const [first, second] = await Promise.all([cache.get('a', load), cache.get('a', load)])
    expect([first, second, loads]).toEqual(['key 1', 'key 1', 1])
  })

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) {
      expect(() => createKeyCache(capacity)).toThrow(RangeError)
    }
    expect(KEY_CACHE_CAPACITY).toBe(16)
  })
})
