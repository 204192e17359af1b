// Get: `jss-stream get` of one object from jss-local against curl of a presigned URL, alternating.
import { binOf, capture, runPipeline, startJssLocal } from './processes.mjs'
import { mbPerSecond, summarize } from './stats.mjs'

export async function measureGet({ bytes, runs, log }) {
  const server = await startJssLocal()
  const env = {
    JSS_ENDPOINT: server.endpoint,
    JSS_ACCESS_KEY: server.accessKey,
    JSS_SECRET_KEY: server.secretKey,
  }
  const cli = binOf('jss-stream')
  try {
    await runPipeline({
      bytes,
      command: process.execPath,
      args: [cli, 'put', 'bench/get-object', '--no-progress'],
      env,
    })
    const url = await capture(
      process.execPath,
      [cli, 'presign', 'bench/get-object', '--expires', '1h'],
      env,
    )
    const contenders = [
      {
        name: 'jss-stream get > /dev/null',
        command: 'sh',
        args: ['-c', `"${process.execPath}" "${cli}" get bench/get-object > /dev/null`],
      },
      {
        name: 'curl (presigned GET) > /dev/null',
        command: 'curl',
        args: ['-sS', '-f', url, '-o', '/dev/null'],
      },
    ]
    const times = contenders.map(() => [])
    for (let round = 0; round < runs; round++) {
      for (const [index, contender] of contenders.entries()) {
        const { seconds } = await runPipeline({
          command: contender.command,
          args: contender.args,
          env,
        })
        times[index].push(seconds)
        log(`  get round ${round + 1}/${runs} ${contender.name}: ${seconds.toFixed(2)} s`)
      }
    }
    return contenders.map((contender, index) => {
      const stats = summarize(times[index])
      return {
        name: contender.name,
        seconds: stats,
        mbps: {
          median: mbPerSecond(bytes, stats.median),
          min: mbPerSecond(bytes, stats.max),
          max: mbPerSecond(bytes, stats.min),
        },
      }
    })
  } finally {
    await server.stop()
  }
}
