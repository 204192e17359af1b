import type { ByteSource } from '@jss/stream'
import type { CliIo } from './cli-io.js'
import { readFileDescriptor } from './read-file-descriptor.js'
import { readPipe } from './read-pipe.js'

/** Standard input as a body: descriptor 0 read directly for a file or a pipe, else `io.stdin`. */
export function openStdin(io: CliIo): ByteSource {
  if (io.stdinKind === 'file') return readFileDescriptor(0)
  if (io.stdinKind === 'pipe') return readPipe(0)
  return io.stdin
}

/** Lets go of Node's stdin stream when it was used and not read to its end. */
export function releaseStdin(io: CliIo): void {
  if ((io.stdinKind ?? 'stream') === 'stream' && !io.stdin.readableEnded) io.stdin.destroy()
}
