import { describe, expect, it } from 'vitest'

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1')

describe('importing the package', () => {
  it('sets no global: undici (which installs a global dispatcher) loads with the first client', async () => {
    const before = Reflect.ownKeys(globalThis)
    const { createClient } = await import('./index.js')
    expect(Reflect.ownKeys(globalThis)).toEqual(before)
    expect(GLOBAL_DISPATCHER in globalThis).toBe(false)
    const client = createClient({
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKey: 'AK', secretKey: 'SK' },
    })
    expect(GLOBAL_DISPATCHER in globalThis).toBe(true)
    await client.close()
  })
})
