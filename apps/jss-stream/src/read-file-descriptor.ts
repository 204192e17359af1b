import { fstatSync, read } from 'node:fs'

/** Default size of one read: larger than a pipe's buffer, so each read drains what is there. */
export const READ_CHUNK_SIZE: number = 1024 * 1024

/** How standard input is read: plain reads of a file, event-loop reads of a pipe, or Node's stream. */
export type InputKind = 'file' | 'pipe' | 'stream'

/**
 * A regular file is read with plain reads (they never stall); a pipe (FIFO) or a socket (what Node's
 * `spawn` hands a child for stdio 'pipe') with event-loop reads into one reused buffer, since a
 * thread-pool read of a stalled pipe could never be cancelled and would hold the process at exit;
 * anything else (a terminal, a character device) through Node's own stream.
 */
export function inputKindOf(fd: number): InputKind {
  try {
    const stat = fstatSync(fd)
    if (stat.isFile()) return 'file'
    return stat.isFIFO() || stat.isSocket() ? 'pipe' : 'stream'
  } catch {
    return 'stream'
  }
}

function readOnce(fd: number, buffer: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, 0, buffer.byteLength, null, (error, bytesRead) => {
      if (error) reject(error)
      else resolve(bytesRead)
    })
  })
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The bytes of a regular file's descriptor, read into two buffers used in turn: no allocation per
 * read, so a multi-gigabyte input makes no garbage. Each yielded chunk stays valid until the next one
 * after it is requested — `uploadStream` copies a chunk before it pulls the next (its documented
 * contract), which is what makes the reuse safe. A descriptor in non-blocking mode is polled.
 */
export async function* readFileDescriptor(
  fd: number,
  chunkSize: number = READ_CHUNK_SIZE,
): AsyncGenerator<Uint8Array, void, undefined> {
  const buffers = [new Uint8Array(chunkSize), new Uint8Array(chunkSize)] as const
  let turn = 0
  for (;;) {
    const buffer = turn === 0 ? buffers[0] : buffers[1]
    turn = 1 - turn
    let bytesRead: number
    try {
      bytesRead = await readOnce(fd, buffer)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        await delay(5)
        continue
      }
      throw error
    }
    if (bytesRead === 0) return
    yield buffer.subarray(0, bytesRead)
  }
}
