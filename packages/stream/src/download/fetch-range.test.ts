import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { RangeIncompleteError } from '../errors.js'
import { type DownloadClient, type FetchRangeOptions, fetchRange } from './fetch-range.js'

const ETAG = 'abc'

/**
 * A client whose GETs answer `bodies` in turn (each a list of chunks; an `Error` in it breaks the
 * body there), and the ranges they were asked for.
 */
function clientOf(bodies: (Buffer | Error)[][]) {
  const asked: ({ start: number; end: number } | undefined)[] = []
  const client = {
    getObject: async (params: { range?: { start: number; end: number } }) => {
      asked.push(params.range)
      const parts = bodies[asked.length - 1] ?? []
      const body = Readable.from(
        (async function* () {
          for (const part of parts) {
            if (part instanceof Error) throw part
            yield part
          }
        })(),
        { objectMode: false },
      )
      return { etag: `"${ETAG}"`, body }
    },
    headObject: async () => ({}),
  } as unknown as DownloadClient
  return { client, asked }
}

function options(
  client: DownloadClient,
  onChunk: FetchRangeOptions['onChunk'],
  end = 6,
): FetchRangeOptions {
  return {
    client,
    bucket: 'b',
    key: 'k',
    etag: ETAG,
    range: { start: 0, end },
    whole: false,
    signal: new AbortController().signal,
    onChunk,
  }
}

const bytes = (text: string): Buffer => Buffer.from(text)

describe('fetchRange with onChunk', () => {
  it('hands every chunk in order to a taker that returns nothing, and resumes after a break', async () => {
    const { client, asked } = clientOf([[bytes('abc'), new Error('reset')], [bytes('def')]])
    const taken: string[] = []
    const chunks = await fetchRange(options(client, (chunk) => void taken.push(`${chunk}`)))
    expect(chunks).toEqual([])
    expect(taken).toEqual(['abc', 'def'])
    expect(asked).toEqual([
      { start: 0, end: 5 },
      { start: 3, end: 5 },
    ])
  })

  it('waits for the promise a taker returns before the next chunk', async () => {
    const { client } = clientOf([[bytes('ab'), bytes('cd'), bytes('ef')]])
    const events: string[] = []
    await fetchRange(
      options(client, async (chunk) => {
        events.push(`start ${chunk}`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        events.push(`end ${chunk}`)
      }),
    )
    expect(events).toEqual(['start ab', 'end ab', 'start cd', 'end cd', 'start ef', 'end ef'])
  })

  it('never resumes a taker that throws, nor one that rejects', async () => {
    for (const fail of [
      () => {
        throw new Error('full')
      },
      () => Promise.reject(new Error('full')),
    ]) {
      const { client, asked } = clientOf([[bytes('abc'), bytes('def')], [bytes('def')]])
      await expect(fetchRange(options(client, fail))).rejects.toThrow('full')
      expect(asked).toHaveLength(1)
    }
  })

  it('refuses a too-long body before the taker gets any of its excess', async () => {
    const { client } = clientOf([[bytes('abc'), bytes('defg')]])
    const taken: string[] = []
    const fetching = fetchRange(options(client, (chunk) => void taken.push(`${chunk}`)))
    await expect(fetching).rejects.toBeInstanceOf(RangeIncompleteError)
    expect(taken).toEqual(['abc'])
  })
})
