import { InvariantError } from '../errors.js'

/** A counting semaphore whose waits can be aborted. */
export interface Slots {
  /** Slots taken now. */
  readonly used: number
  /** Takes `count` slots (at most the total), waiting in order; rejects with `signal.reason`. */
  acquire(count: number, signal?: AbortSignal): Promise<void>
  release(count: number): void
}

interface Waiter {
  readonly count: number
  grant(): void
}

/** `total` slots (a positive integer); counts are positive integers, or the call throws. */
export function createSlots(total: number): Slots {
  checkCount('total', total)
  let used = 0
  const waiters: Waiter[] = []
  const drain = (): void => {
    while (waiters.length > 0 && used + waiters[0]!.count <= total) {
      const waiter = waiters.shift()!
      used += waiter.count
      waiter.grant()
    }
  }
  return {
    get used() {
      return used
    },
    acquire(count, signal) {
      try {
        checkCount('count', count)
      } catch (error) {
        return Promise.reject(error)
      }
      const n = Math.min(count, total)
      if (signal?.aborted) return Promise.reject(signal.reason)
      if (waiters.length === 0 && used + n <= total) {
        used += n
        return Promise.resolve()
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = waiters.indexOf(waiter)
          if (index >= 0) waiters.splice(index, 1)
          reject(signal?.reason)
          drain()
        }
        const waiter: Waiter = {
          count: n,
          grant: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        waiters.push(waiter)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
    release(count) {
      checkCount('count', count)
      const n = Math.min(count, total)
      if (n > used) throw new InvariantError(`releasing ${n} slots, only ${used} are taken`)
      used -= n
      drain()
    },
  }
}

/** A NaN or fractional count would make a wait never end (or slots leak): refused at once. */
function checkCount(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new InvariantError(`slot ${name} must be a positive integer, got ${value}`)
  }
}
