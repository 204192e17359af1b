// The discard server over raw sockets: every case of discard-server-cases.mjs against one server
// started on port 0 (a child process on the built @jss/protocol), then its stop on SIGTERM.
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cases, run, start, stop } from './discard-server-cases.mjs'

let port: number
let child: ChildProcess
beforeAll(async () => {
  ;({ port, child } = await start())
})
afterAll(async () => {
  if (child) await stop(child)
})

describe('the discard server, over raw sockets', () => {
  for (const kase of cases) {
    it(kase.name, async () => {
      const { responses, closed, text } = await run(port, kase)
      try {
        kase.check(responses, { closed, text })
      } catch (error) {
        if (error instanceof Error) error.message += `\nanswer: ${JSON.stringify(text)}`
        throw error
      }
    })
  }

  it('stops on SIGTERM with exit 0', async () => {
    expect(await stop(child)).toBe(0)
  })
})
