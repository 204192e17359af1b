import { describe, expect, it } from 'vitest'
import { JssInvalidArgumentError } from './errors.js'
import { paginateMultipartUploads, paginateObjects, paginateParts } from './paginate.js'
import type { ClientContext } from './send-once.js'

/** Never used: the params are refused before any request. */
const ctx = {} as ClientContext

describe('paginate*', () => {
  it('refuses a missing params object with JssInvalidArgumentError, not a TypeError', async () => {
    const cases = [
      [paginateParts, 'paginateParts'],
      [paginateMultipartUploads, 'paginateMultipartUploads'],
      [paginateObjects, 'paginateObjects'],
    ] as const
    for (const [paginate, name] of cases) {
      const pages = paginate(ctx, null as never)
      const error = await pages.next().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(JssInvalidArgumentError)
      expect((error as Error).message).toBe(`${name} needs a parameters object`)
    }
  })
})
