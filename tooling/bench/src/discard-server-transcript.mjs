#!/usr/bin/env node
// discard-server-transcript.mjs [SERVER] — prints every raw answer of the discard server (default
// ./discard-server.mjs) to the raw-socket cases of ../test/discard-server-cases.mjs (the ones
// `pnpm test` asserts), request IDs, upload IDs and dates replaced, so that two servers' transcripts
// can be diffed. The server's exit code on SIGTERM goes to stderr.
import { resolve } from 'node:path'
import {
  cases,
  discardServer,
  exchange,
  normalize,
  start,
  stop,
} from '../test/discard-server-cases.mjs'

const [script] = process.argv.slice(2)
const { port, child } = await start(script ? resolve(script) : discardServer)
try {
  for (const { name, pieces, options } of cases) {
    const { text, closed } = await exchange(port, pieces, options)
    process.stdout.write(`=== ${name} (${closed ? 'closed' : 'open'})\n${normalize(text)}\n`)
  }
} finally {
  const code = await stop(child)
  console.error(`server stopped on SIGTERM: exit ${code}`)
  if (code !== 0) process.exitCode = 1
}
