import { createHash, randomBytes } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { HASH_WORKER_SOURCE } from './hash-worker-source.js'
import { compileMd5Lanes } from './md5-lanes-compile.js'

interface Answer {
  id: number
  hex?: string
  error?: string
  lanes?: number
}

const started: Worker[] = []
afterAll(() => Promise.all(started.map((w) => w.terminate())))

/** The worker, and a function that posts messages at once and collects their answers. */
function start(md5Lanes: object | null) {
  const worker = new Worker(HASH_WORKER_SOURCE, { eval: true, workerData: { nice: 0, md5Lanes } })
  started.push(worker)
  return (messages: object[]): Promise<Map<number, Answer>> =>
    new Promise((resolve) => {
      const answers = new Map<number, Answer>()
      const onMessage = (answer: Answer): void => {
        answers.set(answer.id, answer)
        if (answers.size === messages.length) {
          worker.off('message', onMessage)
          resolve(answers)
        }
      }
      worker.on('message', onMessage)
      for (const message of messages) worker.postMessage(message)
    })
}

const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex')

describe('the hash worker', () => {
  it('runs md5 requests queued together in its SIMD lanes, each answered with its own MD5', async () => {
    const post = start(compileMd5Lanes())
    const slab = new SharedArrayBuffer(11 * 4096)
    const data = Array.from({ length: 11 }, (_, i) => {
      const view = new Uint8Array(slab, i * 4096, 100 + i * 300)
      view.set(randomBytes(view.byteLength))
      return view
    })
    // the first message shares the slab; the others name it by id, as encodeChunks does
    const messages = data.map((view, i) => ({
      id: i + 1,
      op: 'md5',
      refs: [0, view.byteOffset, view.byteLength],
      ...(i === 0 ? { share: [0, slab] } : {}),
    }))
    const answers = await post(messages)
    for (const [i, view] of data.entries()) expect(answers.get(i + 1)?.hex).toBe(md5(view))
    // posted before the thread is up, they wait together: all run in the lanes, eight at first
    const widths = [...answers.values()].map((a) => a.lanes)
    expect(widths).not.toContain(undefined)
    expect(Math.max(...(widths as number[]))).toBe(8)
  })

  it('registers a buffer shared by a queued md5 before a later request of another kind names it', async () => {
    const post = start(compileMd5Lanes())
    const slab = new SharedArrayBuffer(64)
    const view = new Uint8Array(slab)
    view.set(randomBytes(64))
    const answers = await post([
      { id: 1, op: 'md5', refs: [0, 0, 64], share: [0, slab] },
      { id: 2, op: 'spool-open', spool: 1 },
      { id: 3, op: 'spool-write', spool: 1, refs: [0, 0, 64] },
      { id: 4, op: 'spool-finish', spool: 1 },
    ])
    expect(answers.get(1)?.hex).toBe(md5(view))
    expect(answers.get(3)?.error).toBeUndefined()
    expect(answers.get(4)?.hex).toBe(md5(view))
  })

  it('hashes with OpenSSL alone when given no lanes module', async () => {
    const post = start(null)
    const chunks = Array.from({ length: 5 }, () => randomBytes(777))
    const answers = await post(
      chunks.map((c, i) => ({ id: i + 1, op: 'md5', refs: [-1, 0, c.length], views: [c] })),
    )
    chunks.forEach((c, i) => {
      expect(answers.get(i + 1)?.hex).toBe(md5(c))
      expect(answers.get(i + 1)?.lanes).toBeUndefined()
    })
  })
})
