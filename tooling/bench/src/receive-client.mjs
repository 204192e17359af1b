#!/usr/bin/env node
// receive-client.mjs MODE ORIGIN BYTES — one GET of ORIGIN/bytes/BYTES (the send server), its body
// dropped, by MODE:
//   request        undici Pool.request, then `for await` of the body
//   dispatch       undici Pool.dispatch with a raw handler (onData counts the chunk)
//   dispatch-copy  the same, each chunk copied into a reused 8 MiB SharedArrayBuffer block
//   onread         net.connect with `onread` into one reused 64 KiB buffer: the status line and
//                  headers parsed by hand, the body counted until the server closes (no HTTP parser)
// Fails (exit 1) unless the status is 200, content-length is BYTES and exactly BYTES body bytes came.
// Prints one JSON line on stdout: { bytes, seconds, cpuSeconds } of the span from before the
// connection to the last body byte (process.cpuUsage, user + system, all threads), and
// processCpuSeconds (the whole process so far, start-up included).
import { connect } from 'node:net'
import { Pool } from 'undici'

const modes = ['request', 'dispatch', 'dispatch-copy', 'onread']
const [mode, origin, bytesText] = process.argv.slice(2)
const expected = Number(bytesText)
if (!modes.includes(mode) || !origin || !Number.isSafeInteger(expected) || expected < 0) {
  console.error(`usage: receive-client.mjs ${modes.join('|')} ORIGIN BYTES`)
  process.exit(2)
}
const path = `/bytes/${expected}`

/** Throws unless the response is a 200 announcing exactly the expected length. */
function checkHead(status, contentLength) {
  if (status !== 200) throw new Error(`status ${status}, not 200`)
  if (Number(contentLength) !== expected)
    throw new Error(`content-length ${contentLength}, not ${expected}`)
}

async function viaRequest() {
  const pool = new Pool(origin)
  const { statusCode, headers, body } = await pool.request({ path, method: 'GET' })
  checkHead(statusCode, headers['content-length'])
  let received = 0
  for await (const chunk of body) received += chunk.length
  return { received, close: () => pool.close() }
}

/** The copy our download makes: every chunk into a reused block, wrapping around at its end. */
function blockCopier() {
  const block = new Uint8Array(new SharedArrayBuffer(8 * 1024 * 1024))
  let at = 0
  return (chunk) => {
    let from = 0
    while (from < chunk.length) {
      if (at === block.length) at = 0
      const size = Math.min(block.length - at, chunk.length - from)
      block.set(from === 0 && size === chunk.length ? chunk : chunk.subarray(from, from + size), at)
      at += size
      from += size
    }
  }
}

function viaDispatch(copy) {
  const pool = new Pool(origin)
  let received = 0
  return new Promise((resolve, reject) => {
    pool.dispatch(
      { origin, path, method: 'GET' },
      {
        onConnect() {},
        onHeaders(statusCode, rawHeaders) {
          let contentLength
          for (let i = 0; i < rawHeaders.length; i += 2)
            if (String(rawHeaders[i]).toLowerCase() === 'content-length')
              contentLength = String(rawHeaders[i + 1])
          try {
            checkHead(statusCode, contentLength)
          } catch (error) {
            reject(error)
            return false
          }
          return true
        },
        onData(chunk) {
          copy?.(chunk)
          received += chunk.length
          return true
        },
        onComplete() {
          resolve({ received, close: () => pool.close() })
        },
        onError: reject,
      },
    )
  })
}

function viaOnread() {
  const { hostname, port } = new URL(origin)
  const target = Buffer.allocUnsafe(64 * 1024)
  let head = ''
  let headDone = false
  let received = 0
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: hostname,
      port: Number(port),
      onread: {
        buffer: target,
        callback(length, buffer) {
          if (headDone) {
            received += length
            return
          }
          const before = head.length
          head += buffer.latin1Slice(0, length)
          const end = head.indexOf('\r\n\r\n')
          if (end === -1) return
          headDone = true
          received += length - (end + 4 - before)
          const lines = head.slice(0, end).split('\r\n')
          const status = Number(lines[0].split(' ')[1])
          const length_ = lines
            .find((line) => line.toLowerCase().startsWith('content-length:'))
            ?.slice('content-length:'.length)
            .trim()
          try {
            checkHead(status, length_)
          } catch (error) {
            socket.destroy()
            reject(error)
          }
        },
      },
    })
    socket.on('error', reject)
    socket.on('end', () => {
      if (!headDone) reject(new Error('the connection ended before the response headers'))
      else resolve({ received, close: () => socket.destroy() })
    })
    socket.write(`GET ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\nconnection: close\r\n\r\n`)
  })
}

try {
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  const { received, close } = await (mode === 'request'
    ? viaRequest()
    : mode === 'onread'
      ? viaOnread()
      : viaDispatch(mode === 'dispatch-copy' ? blockCopier() : undefined))
  const used = process.cpuUsage(cpu)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const whole = process.cpuUsage()
  await close()
  if (received !== expected) throw new Error(`received ${received} body bytes, not ${expected}`)
  process.stdout.write(
    `${JSON.stringify({
      bytes: received,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      processCpuSeconds: (whole.user + whole.system) / 1e6,
    })}\n`,
  )
} catch (error) {
  console.error(`receive-client ${mode}: ${error.message}`)
  process.exitCode = 1
}
