import { describe, expect, it } from 'vitest'
import { EnvHttpProxyAgent } from './env-http-proxy-agent.js'

describe('EnvHttpProxyAgent', () => {
  // First, before anything in this file loads undici's index (which would add the request API).
  it('makes dispatchers with the request API, without undici’s index', () => {
    expect(typeof new EnvHttpProxyAgent().request).toBe('function')
  })

  it('is the class undici exports', async () => {
    const undici = await import('undici')
    expect(EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent)
    expect(new EnvHttpProxyAgent()).toBeInstanceOf(undici.Dispatcher)
  })
})
