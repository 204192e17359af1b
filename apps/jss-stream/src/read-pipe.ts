import { type OnReadOpts, Socket, type SocketConstructorOpts } from 'node:net'

/**
 * The bytes of a pipe descriptor, read by the event loop (epoll, never a blocked thread-pool thread,
 * so an interrupted process can always exit) straight into one reused buffer: no allocation per read.
 * Reading pauses after each chunk until the next is requested, so a yielded chunk stays valid until
 * then — `uploadStream` copies a chunk before it pulls the next (its documented contract).
 * Returning early (break, throw) closes the descriptor.
 */
export async function* readPipe(
  fd: number,
  chunkSize: number = 1024 * 1024,
): AsyncGenerator<Uint8Array, void, undefined> {
  const buffer = new Uint8Array(chunkSize)
  let chunk: Uint8Array | undefined
  let ended = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const notify = (): void => {
    const w = wake
    wake = undefined
    w?.()
  }
  // `onread` (libuv reads into our buffer) is accepted by the constructor since Node 12, though
  // @types/node declares it for connect() only.
  const options: SocketConstructorOpts & { onread: OnReadOpts } = {
    fd,
    readable: true,
    writable: false,
    onread: {
      buffer,
      callback: (bytesRead: number): boolean => {
        chunk = buffer.subarray(0, bytesRead)
        notify()
        return false
      },
    },
  }
  const socket = new Socket(options)
  socket.on('end', () => {
    ended = true
    notify()
  })
  socket.on('error', (error: Error) => {
    failure = error
    notify()
  })
  try {
    for (;;) {
      if (chunk === undefined && !ended && failure === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      if (chunk !== undefined) {
        const next = chunk
        chunk = undefined
        yield next
        socket.resume()
        continue
      }
      if (failure !== undefined) throw failure
      if (ended) return
    }
  } finally {
    socket.destroy()
  }
}
