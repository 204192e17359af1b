import { expect, it } from 'vitest'
import { KeyedLock } from './keyed-lock.js'

it('runs sections of one key one at a time, in order, and survives a failure', async () => {
  const lock = new KeyedLock()
  const log: string[] = []
  const section =
    (name: string, fail = false) =>
    async () => {
      log.push(`${name} start`)
      await new Promise((resolve) => setImmediate(resolve))
      log.push(`${name} end`)
      if (fail) throw new Error(name)
      return name
    }
  const results = await Promise.allSettled([
    lock.run('k', section('a')),
    lock.run('k', section('b', true)),
    lock.run('k', section('c')),
  ])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end'])
})

it('runs sections of different keys concurrently', async () => {
  const lock = new KeyedLock()
  const log: string[] = []
  const section = (name: string) => async () => {
    log.push(`${name} start`)
    await new Promise((resolve) => setImmediate(resolve))
    log.push(`${name} end`)
  }
  await Promise.all([lock.run('x', section('x')), lock.run('y', section('y'))])
  expect(log.slice(0, 2)).toEqual(['x start', 'y start'])
})
