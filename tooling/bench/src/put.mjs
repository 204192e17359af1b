// Put, end to end: the same bytes from a pipe into the discard server (and jss-local), contenders
// alternating A B C … A B C …, same part size (8 MiB) and concurrency (4) for both uploaders.
import { binOf, runPipeline, startDiscard, startJssLocal } from './processes.mjs'
import { mbPerSecond, median, summarize } from './stats.mjs'

const here = new URL('.', import.meta.url).pathname

function jssEnv(server) {
  return {
    JSS_ENDPOINT: server.endpoint,
    JSS_ACCESS_KEY: server.accessKey ?? 'bench',
    JSS_SECRET_KEY: server.secretKey ?? 'bench-secret',
  }
}

/** The contenders against one server: name → (round) → pipeline options. */
export function putContenders(server, { target }) {
  const jss = {
    name: 'jss-stream put',
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
      name: 'lib-storage Upload (default checksums)',
      command: process.execPath,
      args: (i) => [`${here}lib-storage-put.mjs`, server.endpoint, 'bench', `s3-${i}`],
      env: { NODE_NO_WARNINGS: '1' },
      peer: true,
    },
    {
      name: "lib-storage Upload (requestChecksumCalculation: 'WHEN_REQUIRED')",
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

/** Runs `runs` rounds of every contender; returns rows with seconds, MB/s and per-round ratios. */
export async function measurePut({ bytes, runs, target, log }) {
  const server = target === 'jss-local' ? await startJssLocal() : await startDiscard()
  try {
    const contenders = putContenders(server, { target })
    const times = contenders.map(() => [])
    for (let round = 0; round < runs; round++) {
      for (const [index, contender] of contenders.entries()) {
        const { seconds } = await runPipeline({
          bytes,
          command: contender.command,
          args: contender.args(round),
          env: contender.env,
        })
        times[index].push(seconds)
        log(`  put→${target} round ${round + 1}/${runs} ${contender.name}: ${seconds.toFixed(2)} s`)
      }
    }
    const peerIndex = contenders.findIndex((c) => c.peer)
    return contenders.map((contender, index) => {
      const stats = summarize(times[index])
      const ratios =
        peerIndex < 0 ? [] : times[index].map((t, round) => times[peerIndex][round] / t)
      return {
        name: contender.name,
        seconds: stats,
        mbps: {
          median: mbPerSecond(bytes, stats.median),
          min: mbPerSecond(bytes, stats.max),
          max: mbPerSecond(bytes, stats.min),
        },
        ratioToPeer: ratios.length
          ? { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) }
          : undefined,
      }
    })
  } finally {
    await server.stop()
  }
}
