import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type UploadProgress, uploadStream } from '../src/index.js'
import {
  BUCKET,
  countingSource,
  expectSameBytes,
  type Harness,
  hookClient,
  openUploads,
  randomData,
  readObject,
  startHarness,
} from './helpers.js'

const PART = 4096
let h: Harness

beforeAll(async () => {
  h = await startHarness({ minPartSize: PART })
})
afterAll(() => h.close())

describe('bounded memory and back-pressure', () => {
  it('reads no further ahead than the memory limit while the server is slow', async () => {
    h.server.setFaults('uploadPart:stall=40ms@1')
    try {
      const data = randomData(24 * PART + 100)
      const concurrency = 2
      const memoryLimit = (concurrency + 1) * PART
      let completedBytes = 0
      let peakAhead = 0
      const client = hookClient(h.client, {
        afterUploadPart: (_n, bytes) => {
          completedBytes += bytes
        },
      })
      // When the uploader asks for the next chunk it has copied every earlier one into its buffers:
      // the bytes taken and not yet acknowledged are what it holds.
      let taken = 0
      const body = countingSource(data, 1000, (pulled) => {
        peakAhead = Math.max(peakAhead, taken - completedBytes)
        taken = pulled
      })
      await uploadStream({
        client,
        bucket: BUCKET,
        key: 'slow',
        body,
        partSize: PART,
        concurrency,
        limits: { minPartSize: PART },
      })
      expectSameBytes(await readObject(h.client, 'slow'), data)
      expect(peakAhead).toBeLessThanOrEqual(memoryLimit)
      expect(peakAhead).toBeGreaterThan(PART)
    } finally {
      h.server.setFaults(undefined)
    }
  })

  it('keeps at most `concurrency` parts in flight and completes after every part', async () => {
    h.server.setFaults('uploadPart:stall=100ms@1')
    try {
      const data = randomData(12 * PART)
      const server = h.server.counters
      const partsBefore = server.operations.uploadPart ?? 0
      let atComplete: { partsInFlight: number; uploadParts: number } | undefined
      const client = hookClient(h.client, {
        beforeComplete: () => {
          atComplete = {
            partsInFlight: server.partsInFlight,
            uploadParts: (server.operations.uploadPart ?? 0) - partsBefore,
          }
        },
      })
      server.peakPartsInFlight = 0
      await uploadStream({
        client,
        bucket: BUCKET,
        key: 'concurrency',
        body: countingSource(data, 3000, () => {}),
        partSize: PART,
        concurrency: 3,
        limits: { minPartSize: PART },
      })
      expect(server.peakPartsInFlight).toBeLessThanOrEqual(3)
      expect(server.peakPartsInFlight).toBeGreaterThan(1)
      expect(atComplete).toEqual({ partsInFlight: 0, uploadParts: 12 })
      expect(await openUploads(h.client)).toEqual([])
    } finally {
      h.server.setFaults(undefined)
    }
  })

  it('reports byte-level progress while parts are under way, and a final report', async () => {
    h.server.setFaults('uploadPart:stall=100ms@1')
    try {
      const data = randomData(12 * PART)
      const reports: UploadProgress[] = []
      await uploadStream({
        client: h.client,
        bucket: BUCKET,
        key: 'progress',
        body: countingSource(data, 1000, () => {}),
        partSize: PART,
        concurrency: 2,
        limits: { minPartSize: PART },
        onProgress: (p) => reports.push(p),
      })
      const last = reports.at(-1)
      expect(last).toEqual({
        bytesRead: data.byteLength,
        bytesAcknowledged: data.byteLength,
        partsDone: 12,
        partsInFlight: 0,
        bytesInMemory: 0,
        peakBytesInMemory: last?.peakBytesInMemory,
      })
      // parts were held in pooled blocks, never more than the default budget of 3 parts
      expect(last?.peakBytesInMemory).toBeGreaterThanOrEqual(PART)
      expect(last?.peakBytesInMemory).toBeLessThanOrEqual(3 * PART)
      const intermediate = reports.filter(
        (p) => p.bytesAcknowledged > 0 && p.bytesAcknowledged < data.byteLength,
      )
      expect(intermediate.length).toBeGreaterThan(0)
      for (const [i, p] of reports.entries()) {
        expect(p.bytesAcknowledged).toBeLessThanOrEqual(p.bytesRead)
        expect(p.partsInFlight).toBeLessThanOrEqual(2)
        if (i > 0) expect(p.bytesRead).toBeGreaterThanOrEqual(reports[i - 1]!.bytesRead)
      }
    } finally {
      h.server.setFaults(undefined)
    }
  })
})
