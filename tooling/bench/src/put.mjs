// Put, end to end: the same bytes from a pipe into the discard server and into jss-local, contenders
// alternating A B C … A B C …, same part size (8 MiB) and concurrency (4) for both uploaders.
import { binOf, capture, jssEnv, runPipeline, startDiscard, startJssLocal } from './processes.mjs'
import { alternateRounds, contenderRatio, throughputRow } from './rounds.mjs'

const here = new URL('.', import.meta.url).pathname

/** The contenders against one server: name → (round) → pipeline options. */
export function putContenders(server, { target }) {
  const jss = {
    name: 'jss-stream put (JSS dialect)',
    command: process.execPath,
    args: (i) => [
      binOf('jss-stream'),
      'put',
      `bench/put-${i}`,
      '--part-size',
      '8MiB',
      '--concurrency',
      '4',
      '--no-progress',
    ],
    env: jssEnv(server),
  }
  if (target === 'jss-local') return [jss]
  return [
    jss,
    {
      name: 'jss-stream put --dialect s3 (S3 dialect)',
      command: process.execPath,
      args: (i) => [
        binOf('jss-stream'),
        'put',
        `bench/s3put-${i}`,
        '--dialect',
        's3',
        '--part-size',
        '8MiB',
        '--concurrency',
        '4',
        '--no-progress',
      ],
      env: jssEnv(server),
    },
    {
      name: 'lib-storage Upload (S3 dialect, default checksums)',
      command: process.execPath,
      args: (i) => [`${here}lib-storage-put.mjs`, server.endpoint, 'bench', `s3-${i}`],
      env: { NODE_NO_WARNINGS: '1' },
      peer: true,
    },
    {
      name: "lib-storage Upload (S3 dialect, requestChecksumCalculation: 'WHEN_REQUIRED')",
      command: process.execPath,
      args: (i) => [
        `${here}lib-storage-put.mjs`,
        server.endpoint,
        'bench',
        `s3wr-${i}`,
        '--when-required',
      ],
      env: { NODE_NO_WARNINGS: '1' },
    },
    {
      name: 'curl -T - (one PUT, no hashing)',
      command: 'curl',
      args: (i) => [
        '-sS',
        '-f',
        '-T',
        '-',
        `${server.endpoint}/bench/curl-${i}`,
        '-o',
        '/dev/null',
      ],
    },
    {
      name: 'cat > /dev/null (the pipe alone)',
      command: 'sh',
      args: () => ['-c', 'cat > /dev/null'],
    },
  ]
}

/**
 * Runs `runs` rounds of every contender into the discard server, then of jss-stream put into jss-local,
 * alternating within each round, so that both targets are measured side by side. Returns the rows of
 * each target (seconds, MB/s, per-round ratio to lib-storage) and jss-local's per-round throughput
 * over the discard server's.
 */
export async function measurePut({ bytes, runs, log }) {
  const discard = await startDiscard()
  const local = await startJssLocal().catch(async (error) => {
    await discard.stop()
    throw error
  })
  try {
    const targets = [
      { target: 'discard', server: discard },
      { target: 'jss-local', server: local },
    ].map((t) => ({ ...t, contenders: putContenders(t.server, t) }))
    const all = targets.flatMap(({ target, server, contenders }) =>
      contenders.map((contender) => roundOf(contender, { target, bytes, server })),
    )
    const measured = await alternateRounds({ contenders: all, runs, log })
    const pick = (list, target) => list.filter((_, index) => all[index].target === target)
    const rowsOf = (target, contenders) =>
      putRows(contenders, {
        bytes,
        times: pick(measured.times, target),
        failures: pick(measured.failures, target),
      })
    // The first contender of each target is jss-stream put.
    const ours = (target) => all.findIndex((contender) => contender.target === target)
    return {
      discard: rowsOf('discard', targets[0].contenders),
      local: rowsOf('jss-local', targets[1].contenders),
      // jss-local's throughput over the discard server's: their times, inverted.
      localVsDiscard: contenderRatio(measured, ours('discard'), ours('jss-local')),
    }
  } finally {
    await Promise.all([discard.stop(), local.stop()])
  }
}

/** One contender as `alternateRounds` runs it; into jss-local, the object is deleted after each round. */
function roundOf(contender, { target, bytes, server }) {
  return {
    name: contender.name,
    label: `put→${target} round`,
    target,
    run: async (round) => {
      const { seconds } = await runPipeline({
        bytes,
        command: contender.command,
        args: contender.args(round),
        env: contender.env,
      })
      return seconds
    },
    after:
      target === 'jss-local'
        ? (round) =>
            capture(
              process.execPath,
              [binOf('jss-stream'), 'rm', `bench/put-${round}`, '--force'],
              jssEnv(server),
            )
        : undefined,
  }
}

/** Rows with seconds, MB/s and the per-round ratio to the peer (lib-storage), when there is one. */
function putRows(contenders, measured) {
  const { bytes, times, failures } = measured
  const peerIndex = contenders.findIndex((contender) => contender.peer)
  return contenders.map((contender, index) => ({
    ...throughputRow(contender.name, bytes, times[index], failures[index]),
    ratioToPeer: peerIndex < 0 ? undefined : contenderRatio(measured, peerIndex, index),
  }))
}
