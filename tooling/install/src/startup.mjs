#!/usr/bin/env node
// Start-up time of `jss-stream --version`: installed from artifacts/ (run `npm run pack` first) into a
// temporary prefix, against the workspace's own ways of running it (and the SEA with --sea). One
// warm-up round, then the median of --runs (default 10) wall-clock times of each command.
//
//   node tooling/install/src/startup.mjs [--runs N] [--sea FILE]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { root, tarballName } from './pack.mjs'

const flag = (name) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}
const runs = Number(flag('--runs') ?? 10)
const sea = flag('--sea') && resolve(flag('--sea'))

const { version } = JSON.parse(
  spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./apps/jss-stream/package.json"))'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout,
)
const tarball = join(root, 'artifacts', tarballName('jss-stream', version))
if (!existsSync(tarball)) {
  console.error(`startup: no ${tarball}; run \`npm run pack\` first`)
  process.exit(1)
}

const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
)
const work = mkdtempSync(join(tmpdir(), 'jss-startup-'))
const prefix = join(work, 'prefix')
const install = spawnSync(
  'npm',
  ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball],
  { env: cleanEnv, encoding: 'utf8' },
)
if (install.status !== 0) {
  console.error(install.stderr)
  process.exit(1)
}

const { packageManager } = JSON.parse(
  spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout,
)
const commands = [
  ['installed (npm install -g)', join(prefix, 'bin', 'jss-stream'), ['--version'], work],
  [
    'workspace bin (node apps/jss-stream/bin/jss-stream.js)',
    process.execPath,
    ['apps/jss-stream/bin/jss-stream.js', '--version'],
    root,
  ],
  [
    `npx --yes ${packageManager} exec jss-stream`,
    'npx',
    ['--yes', packageManager, 'exec', 'jss-stream', '--version'],
    root,
  ],
]
if (sea) commands.push(['single executable (SEA)', sea, ['--version'], work])

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

// Interleaved (each round runs every command once), so that the load of a shared machine falls
// on all of them alike; round 0 is the warm-up.
const times = commands.map(() => [])
for (let round = 0; round <= runs; round++) {
  commands.forEach(([label, command, args, cwd], index) => {
    const start = performance.now()
    const result = spawnSync(command, args, { cwd, env: cleanEnv, encoding: 'utf8' })
    const elapsed = performance.now() - start
    if (result.status !== 0 || result.stdout.trim() !== version) {
      console.error(
        `startup: ${label} failed: ${result.error ?? ''}${result.stderr}${result.stdout}`,
      )
      process.exit(1)
    }
    if (round > 0) times[index].push(elapsed)
  })
}
const ms = (value) => `${value.toFixed(0)} ms`
commands.forEach(([label], index) => {
  const all = times[index]
  console.log(
    `${label}: median ${ms(median(all))} (min ${ms(Math.min(...all))}, max ${ms(Math.max(...all))}, ${runs} runs)`,
  )
})
rmSync(work, { recursive: true, force: true })
